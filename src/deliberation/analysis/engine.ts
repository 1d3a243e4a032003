/**
 * Step 3 of the analysis: the engine. Two worker threads per process (engine-thread.ts), so a
 * conversation's live model answers votes in one while the other refits it from the snapshot.
 */
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { AnalysisReport } from '../../math/analyze.ts';
import type { TopicModel } from '../../math/topics.ts';
import type { EngineRequest, EngineResponse, LiveUpdates } from './engine-thread.ts';
import { stderrLog, type Log } from '../../lib/log.ts';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** One engine worker thread, one request at a time. */
export class EngineThread {
  private worker: Worker | null = null;
  private next = 1;
  private readonly waiting = new Map<number, (r: EngineResponse) => void>();

  private start(): Worker {
    const w = new Worker(path.join(import.meta.dirname, 'engine-thread.ts'));
    w.on('message', (r: EngineResponse) => {
      this.waiting.get(r.jobId)?.(r);
      this.waiting.delete(r.jobId);
    });
    w.on('error', (err: Error) => {
      for (const done of this.waiting.values()) done({ jobId: 0, error: err.message });
      this.waiting.clear();
      this.worker = null;
    });
    w.unref();
    return w;
  }

  private request(input: DistributiveOmit<EngineRequest, 'jobId'>): Promise<EngineResponse> {
    const worker = (this.worker ??= this.start());
    const jobId = this.next++;
    return new Promise((resolve, reject) => {
      this.waiting.set(jobId, (r) => {
        if ('error' in r) reject(new Error(r.error));
        else resolve(r);
      });
      worker.postMessage({ ...input, jobId });
    });
  }

  /** The report, and the same as JSON (made in the engine thread, to store). */
  async fit(
    input: Omit<Extract<EngineRequest, { kind: 'fit' }>, 'jobId' | 'kind'>,
  ): Promise<{ report: AnalysisReport; json: string }> {
    const r = await this.request({ kind: 'fit', ...input });
    if (!('report' in r)) throw new Error('the engine did not answer with a report');
    return { report: r.report, json: r.json };
  }

  /** Applies new votes to the fitted live model; null means a refit is needed. */
  async live(conversationId: string, events: Int32Array): Promise<LiveUpdates | null> {
    const r = await this.request({ kind: 'live', conversationId, events });
    return 'live' in r ? r.live : null;
  }

  /** The topics of a conversation's statements (their texts, in the order given). */
  async topics(texts: string[]): Promise<TopicModel> {
    const r = await this.request({ kind: 'topics', texts });
    if (!('topics' in r)) throw new Error('the engine did not answer with topics');
    return r.topics;
  }

  async forget(conversationId: string): Promise<void> {
    if (this.worker) await this.request({ kind: 'forget', conversationId });
  }

  async close(): Promise<void> {
    await this.worker?.terminate();
    this.worker = null;
  }
}

/**
 * Two engine threads. A conversation's live model lives in one (its owner) while the other refits the
 * conversation, so live updates never wait for a refit; when the refit is done, the votes that arrived
 * meanwhile are applied to the new model and it becomes the owner.
 */
export class Engines {
  readonly threads = [new EngineThread(), new EngineThread()] as const;
  /** Where the analysis reports the failures it survives. */
  readonly log: Log;
  readonly owner = new Map<string, EngineThread>();
  readonly fitting = new Map<string, Promise<unknown>>();
  private readonly locks = new Map<string, Promise<unknown>>();

  constructor(log: Log = stderrLog) {
    this.log = log;
  }

  /** Runs `fn` after every earlier locked call for the same conversation has finished. */
  locked<T>(conversationId: string, fn: () => Promise<T>): Promise<T> {
    const prev = this.locks.get(conversationId) ?? Promise.resolve();
    const next = prev.then(fn, fn);
    const settled = next.then(
      () => undefined,
      () => undefined,
    );
    this.locks.set(conversationId, settled);
    void settled.then(() => {
      if (this.locks.get(conversationId) === settled) this.locks.delete(conversationId);
    });
    return next;
  }

  other(conversationId: string): EngineThread {
    return this.owner.get(conversationId) === this.threads[0] ? this.threads[1] : this.threads[0];
  }

  async close(): Promise<void> {
    await Promise.allSettled([...this.fitting.values()]);
    await Promise.all(this.threads.map((t) => t.close()));
  }
}
