/**
 * A second core for the latent-class EM of a one-off `analyze`: a helper thread (em-worker.ts) takes the
 * second half of each pass while this thread does the first (em-pass.ts). The analysis is synchronous, so
 * the two meet on shared memory (Atomics), not through the event loop. Until the thread has started, or if
 * it ever fails, this thread does both halves itself; the groups are the same either way.
 *
 * The server does not use it: its engine threads and the bridging thread already share the cores.
 */
import os from 'node:os';
import path from 'node:path';
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import { useEmHelper, type EmHelper, type HalfJob, type HalfRequest, type RowsOut } from '../em-pass.ts';
import type { Cells } from '../group-cells.ts';
import { CTRL, CTRL_WORDS, STATE, type HelperSetup } from './em-protocol.ts';

/** Longer than any half of a pass could take: past it the thread is taken for lost. */
const LOST_MS = 60_000;
/** Classes the buffers are first made for (the engine tries k up to 8). */
const CLASSES = 8;

const sharedInt32 = (n: number) => new Int32Array(new SharedArrayBuffer(4 * Math.max(1, n)));
const sharedFloat64 = (n: number) => new Float64Array(new SharedArrayBuffer(8 * Math.max(1, n)));

class ThreadHelper implements EmHelper {
  private readonly ctrl = sharedInt32(CTRL_WORDS);
  private readonly worker: Worker;
  private readonly port: MessagePort;
  private setup: HelperSetup | null = null;
  private cells: Cells | null = null;
  private lost = false;
  /** Halves the thread has done. */
  done = 0;

  constructor() {
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    this.worker = new Worker(path.join(import.meta.dirname, 'em-worker.ts'), {
      workerData: { ctrl: this.ctrl, port: port2 },
      transferList: [port2],
    });
    this.worker.on('error', () => (this.lost = true));
    this.worker.unref();
    this.port.unref();
  }

  /** The shared votes and buffers for this pass, sent to the thread when they change. */
  private setupFor(cells: Cells, size: number, rows: number, k: number): HelperSetup {
    const s = this.setup;
    const sameCells = s !== null && this.cells === cells;
    if (sameCells && s.logTheta.length >= size && s.best.length >= rows && s.logPi.length >= k) return s;
    const classes = Math.max(k, CLASSES);
    const next: HelperSetup = {
      version: (s?.version ?? 0) + 1,
      ns: cells.ns,
      start: sameCells ? s.start : sharedInt32(cells.start.length),
      cell: sameCells ? s.cell : sharedInt32(cells.cell.length),
      logTheta: sharedFloat64(cells.ns * 3 * classes),
      logPi: sharedFloat64(classes),
      counts: sharedFloat64(cells.ns * 3 * classes),
      mass: sharedFloat64(classes),
      best: sharedInt32(rows),
      rowLogLik: sharedFloat64(rows),
      logLik: sharedFloat64(1),
    };
    if (!sameCells) {
      next.start.set(cells.start);
      next.cell.set(cells.cell);
    }
    this.setup = next;
    this.cells = cells;
    this.port.postMessage(next);
    return next;
  }

  /** Whether the thread waits for work yet (it warms up first). */
  ready(): boolean {
    return Atomics.load(this.ctrl, CTRL.ready) === 1;
  }

  begin(half: HalfRequest): HalfJob | null {
    const { ctrl } = this;
    const { cells, r0, r1, logTheta, logPi, k, want } = half;
    if (this.lost || !this.ready()) return null;
    // A half handed over and never waited for (its pass threw) may still be running.
    if (Atomics.load(ctrl, CTRL.state) === STATE.posted) return null;
    const s = this.setupFor(cells, logTheta.length, r1 - r0, k);
    s.logTheta.set(logTheta);
    s.logPi.set(logPi);
    ctrl[CTRL.k] = k;
    ctrl[CTRL.r0] = r0;
    ctrl[CTRL.r1] = r1;
    ctrl[CTRL.want] = (want.best ? 1 : 0) | (want.rowLogLik ? 2 : 0) | (want.counts ? 4 : 0);
    Atomics.store(ctrl, CTRL.version, s.version);
    Atomics.store(ctrl, CTRL.state, STATE.posted);
    Atomics.notify(ctrl, CTRL.state);
    return { finish: () => this.finish(s, half) };
  }

  private finish(
    s: HelperSetup,
    { k, logTheta, want }: HalfRequest,
  ): { logLik: number; out: RowsOut } | null {
    const { ctrl } = this;
    const until = performance.now() + LOST_MS;
    while (Atomics.load(ctrl, CTRL.state) === STATE.posted) {
      if (performance.now() > until) {
        // Whatever it does later lands in buffers this thread no longer reads.
        this.lost = true;
        return null;
      }
      Atomics.wait(ctrl, CTRL.state, STATE.posted, 1000);
    }
    const state = Atomics.load(ctrl, CTRL.state);
    Atomics.store(ctrl, CTRL.state, STATE.idle);
    if (state !== STATE.done) return null;
    this.done++;
    return {
      logLik: s.logLik[0]!,
      out: {
        best: want.best ? s.best : null,
        rowLogLik: want.rowLogLik ? s.rowLogLik : null,
        counts: want.counts ? s.counts.subarray(0, logTheta.length) : null,
        mass: want.counts ? s.mass.subarray(0, k) : null,
      },
    };
  }

  stop(): void {
    Atomics.store(this.ctrl, CTRL.state, STATE.stop);
    Atomics.notify(this.ctrl, CTRL.state);
    void this.worker.terminate();
  }
}

/** The running helper: whether its thread waits for work yet, how many halves it has done, and its end. */
export interface EmHelperHandle {
  ready: () => boolean;
  halves: () => number;
  stop: () => void;
}

/**
 * Starts the helper thread and has every EM pass use it, where the machine has a second core; `stop`
 * ends it. The thread starts while the votes are read: passes before it is ready run on this thread.
 */
export function startEmHelper(): EmHelperHandle | null {
  if (os.availableParallelism() < 2) return null;
  const helper = new ThreadHelper();
  useEmHelper(helper);
  return {
    ready: () => helper.ready(),
    halves: () => helper.done,
    stop: () => {
      useEmHelper(null);
      helper.stop();
    },
  };
}
