/**
 * The opinion engine in a worker thread (engine.ts starts two), so the API never waits on the math.
 *
 * - `fit`: a conversation's current votes (cells in shared memory, read in place) → the full analysis report. The worker keeps the
 *   fitted LiveModel of each conversation.
 * - `live`: new votes (participant, statement, value triples) → each voter's new position and group, from
 *   the LiveModel, at once. `null` when there is no model (the worker restarted) or a vote names a
 *   statement the model has not seen: the caller refits.
 * - `forget`: drops a conversation's model (another thread holds a newer one).
 * - `topics`: statements' texts → their topics (src/math/topics.ts), seconds of work for thousands.
 */
import { parentPort } from 'node:worker_threads';
import type { AnalysisReport } from '../../math/analyze.ts';
import { analyzeWithModelOnTwoThreads } from '../../math/io/threads.ts';
import type { LiveModel } from '../../math/live.ts';
import { buildMatrixFromColumns, type StatementInput, type Vote } from '../../math/matrix.ts';
import { findTopics, type TopicModel } from '../../math/topics.ts';
import { columnsFromCells, type SharedCells } from '../vote-cells.ts';

export type EngineRequest =
  | {
      jobId: number;
      kind: 'fit';
      conversationId: string;
      cells: SharedCells;
      statements: StatementInput[];
      previous: [string, number][];
    }
  | { jobId: number; kind: 'live'; conversationId: string; events: Int32Array }
  | { jobId: number; kind: 'forget'; conversationId: string }
  | { jobId: number; kind: 'topics'; texts: string[] };

/** Per voter: participant id, x, y, group (-1 for none) and its probability (-1: none, or no model). */
export type LiveUpdates = [string, number, number, number, number][];

export type EngineResponse =
  | { jobId: number; report: AnalysisReport; json: string }
  | { jobId: number; live: LiveUpdates | null }
  | { jobId: number; topics: TopicModel }
  | { jobId: number; error: string };

const models = new Map<string, { model: LiveModel; known: Set<string> }>();

function live(conversationId: string, events: Int32Array): LiveUpdates | null {
  const entry = models.get(conversationId);
  if (!entry) return null;
  const { model, known } = entry;
  const latest = new Map<string, [number, number, number, number]>();
  for (let k = 0; k + 2 < events.length; k += 3) {
    const participant = String(events[k]);
    const statement = String(events[k + 1]);
    if (!known.has(statement)) return null;
    const u = model.vote(participant, statement, events[k + 2] as Vote);
    const certainty = Number.isNaN(u.certainty) ? -1 : Math.round(u.certainty * 1000) / 1000;
    latest.set(participant, [u.x, u.y, u.group, certainty]);
  }
  return [...latest.entries()].map(([p, [x, y, g, c]]) => [p, x, y, g, c]);
}

async function handle(req: EngineRequest): Promise<void> {
  try {
    if (req.kind === 'fit') {
      const m = buildMatrixFromColumns(columnsFromCells(req.cells), req.statements);
      // The bridging scores on a thread of their own meanwhile (the report is the same).
      const { report, live: model } = await analyzeWithModelOnTwoThreads(m, {
        seed: 1,
        previous: new Map(req.previous),
      });
      models.set(req.conversationId, { model, known: new Set(model.statements) });
      const json = JSON.stringify(report);
      parentPort?.postMessage({ jobId: req.jobId, report, json } satisfies EngineResponse);
    } else if (req.kind === 'live') {
      parentPort?.postMessage({
        jobId: req.jobId,
        live: live(req.conversationId, req.events),
      } satisfies EngineResponse);
    } else if (req.kind === 'topics') {
      parentPort?.postMessage({ jobId: req.jobId, topics: findTopics(req.texts) } satisfies EngineResponse);
    } else {
      models.delete(req.conversationId);
      parentPort?.postMessage({ jobId: req.jobId, live: null } satisfies EngineResponse);
    }
  } catch (err) {
    parentPort?.postMessage({
      jobId: req.jobId,
      error: err instanceof Error ? err.message : String(err),
    } satisfies EngineResponse);
  }
}

// One request at a time, in the order they came, as when every request was answered at once: a fit waits
// for its bridging thread, and nothing sent after it may overtake it.
let queue = Promise.resolve();
parentPort?.on('message', (req: EngineRequest) => {
  queue = queue.then(() => handle(req));
});
