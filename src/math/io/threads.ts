/**
 * The analysis on two threads: the bridging scores (which depend on the votes alone) on a worker thread,
 * everything else on this one, at the same time. The same report as analyzeWithModel, about a fifth sooner
 * at a party's scale once the worker runs (the server's engine threads refit this way; so does `analyze`,
 * which also hands half of each EM pass to a helper thread, io/em-helper.ts). The worker is started on
 * first use and kept; it never holds the process open when idle.
 */
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { analyzeBridgedLater, type AnalysisReport, type AnalyzeOptions } from '../analyze.ts';
import { bridgingScores, type Bridging } from '../bridging.ts';
import type { LiveModel } from '../live.ts';
import type { VoteMatrix } from '../matrix.ts';
import type { BridgingRequest, BridgingResponse } from './bridging-worker.ts';

let worker: Worker | null = null;
let next = 1;
const waiting = new Map<number, { resolve: (b: Bridging) => void; reject: (e: Error) => void }>();

function start(): Worker {
  const w = new Worker(path.join(import.meta.dirname, 'bridging-worker.ts'));
  w.on('message', (r: BridgingResponse) => {
    const wait = waiting.get(r.id);
    waiting.delete(r.id);
    if ('error' in r) wait?.reject(new Error(r.error));
    else wait?.resolve(r.bridging);
    if (waiting.size === 0) w.unref();
  });
  // A thread that fails or stops answers nothing more: what it owed is computed here instead.
  const lost = (err: Error) => {
    for (const wait of waiting.values()) wait.reject(err);
    waiting.clear();
    if (worker === w) worker = null;
  };
  w.on('error', lost);
  w.on('exit', (code) => lost(new Error(`the bridging thread stopped (${code})`)));
  return w;
}

/** Stops the worker thread (the next request starts another); requests it owed are computed by their callers. */
export async function stopBridgingThread(): Promise<void> {
  await worker?.terminate();
}

/** bridgingScores(m, { seed }) computed on the worker thread. */
export function bridgingOnThread(m: VoteMatrix, seed: number): Promise<Bridging> {
  const w = (worker ??= start());
  const id = next++;
  // Held open while an answer is awaited, so the process does not end before it comes.
  w.ref();
  return new Promise((resolve, reject) => {
    waiting.set(id, { resolve, reject });
    const { participants, statements, state, rowPtr, rowCol, rowVal } = m;
    w.postMessage({
      id,
      seed,
      participants,
      statements,
      state,
      rowPtr,
      rowCol,
      rowVal,
    } satisfies BridgingRequest);
  });
}

/**
 * analyzeWithModel(m, opts) with the bridging scores computed on a second thread meanwhile. Should the
 * thread fail, they are computed here: the report is the same either way.
 */
export async function analyzeWithModelOnTwoThreads(
  m: VoteMatrix,
  opts: AnalyzeOptions = {},
): Promise<{ report: AnalysisReport; live: LiveModel }> {
  const { steps, report } = await bridgedMeanwhile(m, opts);
  return { report, live: steps.live(report) };
}

/** analyzeMatrix(m, opts) with the bridging scores computed on a second thread meanwhile (`analyze`). */
export async function analyzeOnTwoThreads(m: VoteMatrix, opts: AnalyzeOptions = {}): Promise<AnalysisReport> {
  return (await bridgedMeanwhile(m, opts)).report;
}

async function bridgedMeanwhile(m: VoteMatrix, opts: AnalyzeOptions) {
  const seed = opts.seed ?? 1;
  const bridging = bridgingOnThread(m, seed).catch(() => bridgingScores(m, { seed }));
  const steps = analyzeBridgedLater(m, opts);
  return { steps, report: steps.finish(await bridging) };
}
