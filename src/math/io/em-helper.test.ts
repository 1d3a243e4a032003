/**
 * The EM helper thread takes half of each pass; the pass must come out the same, to the last bit, as when
 * this thread does both halves (the server never uses the helper, `analyze` does: they must agree).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { emPass, halfRow } from '../em-pass.ts';
import type { Cells } from '../group-cells.ts';
import { rng } from '../random.ts';
import { startEmHelper, type EmHelperHandle } from './em-helper.ts';

/** Rows voting on `ns` statements, 20 to 100 votes each, and random class log-probabilities for k classes. */
function problem(rows: number, ns: number, k: number, seed: number) {
  const rand = rng(seed);
  const start = new Int32Array(rows + 1);
  const cell: number[] = [];
  for (let r = 0; r < rows; r++) {
    const n = 20 + Math.floor(rand() * 80);
    for (let v = 0; v < n; v++) cell.push(Math.floor(rand() * ns) * 3 + Math.floor(rand() * 3));
    start[r + 1] = cell.length;
  }
  const cells: Cells = { start, cell: Int32Array.from(cell), ns, distinct: rows };
  const logTheta = Float64Array.from({ length: ns * 3 * k }, () => Math.log(0.05 + rand()));
  const logPi = Float64Array.from({ length: k }, () => Math.log(1 / k));
  return { cells, logTheta, logPi };
}

function pass(p: ReturnType<typeof problem>, k: number) {
  const rows = p.cells.start.length - 1;
  const out = {
    best: new Int32Array(rows),
    rowLogLik: new Float64Array(rows),
    counts: new Float64Array(p.cells.ns * 3 * k),
    mass: new Float64Array(k),
  };
  const logLik = emPass(p.cells, p.logTheta, p.logPi, k, out.best, out.counts, out.mass, out.rowLogLik);
  return { logLik, ...out };
}

let handle: EmHelperHandle | null = null;
afterEach(() => {
  handle?.stop();
  handle = null;
});

async function readyHelper(): Promise<EmHelperHandle> {
  const h = startEmHelper();
  if (!h) throw new Error('this machine has one core: the helper never starts');
  const until = Date.now() + 60_000;
  while (!h.ready()) {
    if (Date.now() > until) throw new Error('the helper thread did not start');
    await new Promise((r) => setTimeout(r, 10));
  }
  return h;
}

describe('EM passes with a helper thread', () => {
  it.each([2, 4, 7])('give bit-identical counts, classes and log-likelihoods (k = %i)', async (k) => {
    const p = problem(6000, 400, k, 11 + k);
    expect(p.cells.start[6000]! - p.cells.start[halfRow(p.cells)]!).toBeGreaterThan(50_000);
    const alone = pass(p, k);
    handle = await readyHelper();
    const shared = pass(p, k);
    const again = pass(p, k);
    expect(handle.halves()).toBe(2);
    for (const got of [shared, again]) {
      expect(got.logLik).toBe(alone.logLik);
      expect(got.best).toEqual(alone.best);
      expect(got.rowLogLik).toEqual(alone.rowLogLik);
      expect(got.counts).toEqual(alone.counts);
      expect(got.mass).toEqual(alone.mass);
    }
  });

  it('follows new votes and a larger k on the same thread', async () => {
    handle = await readyHelper();
    const a = problem(5000, 300, 3, 1);
    const b = problem(7000, 500, 6, 2);
    const withHelper = [pass(a, 3), pass(b, 6), pass(a, 3)];
    expect(handle.halves()).toBe(3);
    handle.stop();
    handle = null;
    const alone = [pass(a, 3), pass(b, 6), pass(a, 3)];
    withHelper.forEach((got, i) => {
      expect(got.logLik).toBe(alone[i]!.logLik);
      expect(got.counts).toEqual(alone[i]!.counts);
      expect(got.best).toEqual(alone[i]!.best);
    });
  });

  it('is left out for a pass too small to be worth handing over', async () => {
    handle = await readyHelper();
    pass(problem(300, 50, 3, 5), 3);
    expect(handle.halves()).toBe(0);
  });
});
