/**
 * The EM helper thread (em-helper.ts): waits on shared memory for a half of a pass, does it, and says so.
 * It blocks in Atomics.wait between halves rather than waiting for messages, so a hand-over costs
 * microseconds; the votes and the buffers it writes come once by message, read when the control words say
 * they have changed.
 */
import { receiveMessageOnPort, workerData, type MessagePort } from 'node:worker_threads';
import { emRows } from '../em-pass.ts';
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

Atomics.store(ctrl, CTRL.ready, 1);
for (;;) {
  Atomics.wait(ctrl, CTRL.state, STATE.idle);
  const state = Atomics.load(ctrl, CTRL.state);
  if (state === STATE.stop) break;
  if (state !== STATE.posted) continue;
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
