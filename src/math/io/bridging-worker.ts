/**
 * The bridging scores on a thread of their own (src/math/io/threads.ts sends the votes): they depend on the
 * votes alone, so they are computed while the main thread finds the groups.
 */
import { parentPort } from 'node:worker_threads';
import { bridgingScores, type Bridging, type BridgingInput } from '../bridging.ts';

/** What bridgingScores reads of a matrix, and the request's number and seed. */
export type BridgingRequest = { id: number; seed: number } & BridgingInput;

export type BridgingResponse = { id: number; bridging: Bridging } | { id: number; error: string };

parentPort?.on('message', (req: BridgingRequest) => {
  try {
    const bridging = bridgingScores(req, { seed: req.seed });
    parentPort?.postMessage({ id: req.id, bridging } satisfies BridgingResponse);
  } catch (err) {
    parentPort?.postMessage({
      id: req.id,
      error: err instanceof Error ? err.message : String(err),
    } satisfies BridgingResponse);
  }
});
