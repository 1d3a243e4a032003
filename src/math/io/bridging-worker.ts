/**
 * The bridging scores on a thread of their own (src/math/io/threads.ts sends the votes): they depend on the
 * votes alone, so they are computed while the main thread finds the groups.
 */
import { parentPort } from 'node:worker_threads';
import { bridgingScores, type Bridging } from '../bridging.ts';
import type { VoteMatrix } from '../matrix.ts';

/** What bridgingScores reads of a matrix: the votes by participant, the ids and the statements' states. */
export type BridgingRequest = { id: number; seed: number } & Pick<
  VoteMatrix,
  'participants' | 'statements' | 'state' | 'rowPtr' | 'rowCol' | 'rowVal'
>;

export type BridgingResponse = { id: number; bridging: Bridging } | { id: number; error: string };

parentPort?.on('message', (req: BridgingRequest) => {
  try {
    const empty = { colPtr: new Int32Array(1), colRow: new Int32Array(0), colVal: new Int8Array(0) };
    const bridging = bridgingScores({ ...req, ...empty }, { seed: req.seed });
    parentPort?.postMessage({ id: req.id, bridging } satisfies BridgingResponse);
  } catch (err) {
    parentPort?.postMessage({
      id: req.id,
      error: err instanceof Error ? err.message : String(err),
    } satisfies BridgingResponse);
  }
});
