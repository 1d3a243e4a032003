/** Adjusted Rand index between two labelings of the same items (labels < 0 are skipped in either). */
export function adjustedRand(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const table = new Map<string, number>();
  const rowSum = new Map<number, number>();
  const colSum = new Map<number, number>();
  let n = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x < 0 || y < 0) continue;
    n++;
    const key = `${x},${y}`;
    table.set(key, (table.get(key) ?? 0) + 1);
    rowSum.set(x, (rowSum.get(x) ?? 0) + 1);
    colSum.set(y, (colSum.get(y) ?? 0) + 1);
  }
  const c2 = (v: number) => (v * (v - 1)) / 2;
  let index = 0;
  for (const v of table.values()) index += c2(v);
  let sa = 0;
  let sb = 0;
  for (const v of rowSum.values()) sa += c2(v);
  for (const v of colSum.values()) sb += c2(v);
  const expected = n > 1 ? (sa * sb) / c2(n) : 0;
  const max = (sa + sb) / 2;
  if (max === expected) return 1;
  return (index - expected) / (max - expected);
}
