/** What the EM helper thread and its owner share (em-helper.ts, em-worker.ts). */

/** Indices of the control words (an Int32Array on shared memory). */
export const CTRL = {
  /** STATE below. */
  state: 0,
  /** The setup the posted half reads (bumped whenever the votes or the buffers change). */
  version: 1,
  k: 2,
  r0: 3,
  r1: 4,
  /** Bits: 1 each row's best class, 2 each row's log-likelihood, 4 the counts and mass. */
  want: 5,
  /** Set by the thread once it waits for work. */
  ready: 6,
  /** Never written: the thread sleeps on it while a setup message is on its way. */
  spare: 7,
} as const;

export const CTRL_WORDS = 8;

export const STATE = { idle: 0, posted: 1, done: 2, failed: 3, stop: 4 } as const;

/** The votes of a fit's rows and the buffers of a half, all on shared memory. */
export interface HelperSetup {
  version: number;
  ns: number;
  start: Int32Array;
  cell: Int32Array;
  logTheta: Float64Array;
  logPi: Float64Array;
  counts: Float64Array;
  mass: Float64Array;
  best: Int32Array;
  rowLogLik: Float64Array;
  /** One number: the half's log-likelihood. */
  logLik: Float64Array;
}
