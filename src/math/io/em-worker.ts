/**
 * The EM helper thread (em-helper.ts): waits on shared memory for a half of a pass, does it, and says so.
 * It blocks in Atomics.wait between halves rather than waiting for messages, so a hand-over costs
 * microseconds; the votes and the buffers it writes come once by message, read when the control words say
 * they have changed.
 */
import { receiveMessageOnPort, workerData, type MessagePort } from 'node:worker_threads';
import { emRows } from '../em-pass.ts';
import { rng } from '../random.ts';
import { CTRL, STATE, type HelperSetup } from './em-protocol.ts';

const { ctrl, port } = workerData as { ctrl: Int32Array; port: MessagePort };
let setup: HelperSetup | null = null;

function takeSetup(version: number): HelperSetup {
  while (!setup || setup.version !== version) {
    const m = receiveMessageOnPort(port);
    if (m) setup = m.message as HelperSetup;
    else Atomics.wait(ctrl, CTRL.spare, 0, 1);
  }
  return setup;
}

/**
 * The pass's code made fast before the first real half: run cold, a half takes several times as long as
 * once V8 has optimised it, and the owner would wait. Random rows, every k the kernels unroll and one more.
 */
function warmUp(): void {
  const next = rng(12345);
  const ns = 200;
  const rows = 400;
  const start = new Int32Array(rows + 1);
  const cell = new Int32Array(rows * 30);
  for (let r = 0; r < rows; r++) {
    for (let v = 0; v < 30; v++) cell[r * 30 + v] = Math.floor(next() * ns) * 3 + Math.floor(next() * 3);
    start[r + 1] = (r + 1) * 30;
  }
  for (let round = 0; round < 20; round++)
    for (let k = 2; k <= 6; k++) {
      const logTheta = Float64Array.from({ length: ns * 3 * k }, () => Math.log(0.05 + next()));
      const out = {
        best: new Int32Array(rows),
        rowLogLik: new Float64Array(rows),
        counts: new Float64Array(ns * 3 * k),
        mass: new Float64Array(k),
      };
      emRows(start, cell, 0, rows, logTheta, new Float64Array(k).fill(Math.log(1 / k)), k, out, 0);
    }
}

warmUp();
Atomics.store(ctrl, CTRL.ready, 1);
for (;;) {
  // Asleep until a half is posted: while idle, and while the owner has yet to take the last half done.
  let state = Atomics.load(ctrl, CTRL.state);
  while (state !== STATE.posted && state !== STATE.stop) {
    Atomics.wait(ctrl, CTRL.state, state);
    state = Atomics.load(ctrl, CTRL.state);
  }
  if (state === STATE.stop) break;
  try {
    const s = takeSetup(Atomics.load(ctrl, CTRL.version));
    const k = ctrl[CTRL.k]!;
    const r0 = ctrl[CTRL.r0]!;
    const r1 = ctrl[CTRL.r1]!;
    const want = ctrl[CTRL.want]!;
    const size = k * s.ns * 3;
    const counts = want & 4 ? s.counts.subarray(0, size).fill(0) : null;
    const mass = want & 4 ? s.mass.subarray(0, k).fill(0) : null;
    s.logLik[0] = emRows(
      s.start,
      s.cell,
      r0,
      r1,
      s.logTheta.subarray(0, size),
      s.logPi.subarray(0, k),
      k,
      {
        best: want & 1 ? s.best : null,
        rowLogLik: want & 2 ? s.rowLogLik : null,
        counts,
        mass,
      },
      r0,
    );
    Atomics.store(ctrl, CTRL.state, STATE.done);
  } catch {
    Atomics.store(ctrl, CTRL.state, STATE.failed);
  }
  Atomics.notify(ctrl, CTRL.state);
}
