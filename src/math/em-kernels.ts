/**
 * The latent-class EM's two inner loops, over one row's cells (each cell j·3 + outcome, a row of k
 * log-probabilities or counts): `gather` adds the row's log-probabilities per class, `scatter` adds its
 * responsibilities into the counts. Most conversations have 2 to 5 groups; for those k the classes are held
 * in locals, unrolled, which runs about twice as fast as a loop over k inside the loop over cells (V8 does
 * not unroll a loop whose bound it does not know).
 */

/** l[c] = start[c] + Σ table[cell·k + c] over the cells of a row (cells[a..b)). */
export function gather(
  cells: Int32Array,
  a: number,
  b: number,
  table: Float64Array,
  k: number,
  start: Float64Array,
  l: Float64Array,
): void {
  if (k === 2) {
    let l0 = start[0]!;
    let l1 = start[1]!;
    for (let p = a; p < b; p++) {
      const o = cells[p]! * 2;
      l0 += table[o]!;
      l1 += table[o + 1]!;
    }
    l[0] = l0;
    l[1] = l1;
  } else if (k === 3) {
    let l0 = start[0]!;
    let l1 = start[1]!;
    let l2 = start[2]!;
    for (let p = a; p < b; p++) {
      const o = cells[p]! * 3;
      l0 += table[o]!;
      l1 += table[o + 1]!;
      l2 += table[o + 2]!;
    }
    l[0] = l0;
    l[1] = l1;
    l[2] = l2;
  } else if (k === 4) {
    let l0 = start[0]!;
    let l1 = start[1]!;
    let l2 = start[2]!;
    let l3 = start[3]!;
    for (let p = a; p < b; p++) {
      const o = cells[p]! * 4;
      l0 += table[o]!;
      l1 += table[o + 1]!;
      l2 += table[o + 2]!;
      l3 += table[o + 3]!;
    }
    l[0] = l0;
    l[1] = l1;
    l[2] = l2;
    l[3] = l3;
  } else if (k === 5) {
    let l0 = start[0]!;
    let l1 = start[1]!;
    let l2 = start[2]!;
    let l3 = start[3]!;
    let l4 = start[4]!;
    for (let p = a; p < b; p++) {
      const o = cells[p]! * 5;
      l0 += table[o]!;
      l1 += table[o + 1]!;
      l2 += table[o + 2]!;
      l3 += table[o + 3]!;
      l4 += table[o + 4]!;
    }
    l[0] = l0;
    l[1] = l1;
    l[2] = l2;
    l[3] = l3;
    l[4] = l4;
  } else {
    l.set(start);
    for (let p = a; p < b; p++) {
      const o = cells[p]! * k;
      for (let c = 0; c < k; c++) l[c]! += table[o + c]!;
    }
  }
}

/** table[cell·k + c] += q[c] for the cells of a row (cells[a..b)). */
export function scatter(
  cells: Int32Array,
  a: number,
  b: number,
  table: Float64Array,
  k: number,
  q: Float64Array,
): void {
  if (k === 2) {
    const q0 = q[0]!;
    const q1 = q[1]!;
    for (let p = a; p < b; p++) {
      const o = cells[p]! * 2;
      table[o]! += q0;
      table[o + 1]! += q1;
    }
  } else if (k === 3) {
    const q0 = q[0]!;
    const q1 = q[1]!;
    const q2 = q[2]!;
    for (let p = a; p < b; p++) {
      const o = cells[p]! * 3;
      table[o]! += q0;
      table[o + 1]! += q1;
      table[o + 2]! += q2;
    }
  } else if (k === 4) {
    const q0 = q[0]!;
    const q1 = q[1]!;
    const q2 = q[2]!;
    const q3 = q[3]!;
    for (let p = a; p < b; p++) {
      const o = cells[p]! * 4;
      table[o]! += q0;
      table[o + 1]! += q1;
      table[o + 2]! += q2;
      table[o + 3]! += q3;
    }
  } else if (k === 5) {
    const q0 = q[0]!;
    const q1 = q[1]!;
    const q2 = q[2]!;
    const q3 = q[3]!;
    const q4 = q[4]!;
    for (let p = a; p < b; p++) {
      const o = cells[p]! * 5;
      table[o]! += q0;
      table[o + 1]! += q1;
      table[o + 2]! += q2;
      table[o + 3]! += q3;
      table[o + 4]! += q4;
    }
  } else {
    for (let p = a; p < b; p++) {
      const o = cells[p]! * k;
      for (let c = 0; c < k; c++) table[o + c]! += q[c]!;
    }
  }
}
