import { describe, expect, it } from 'vitest';
import { EMPTY, VoteCells, columnsFromCells } from './vote-cells.ts';

/** The columns as (participant id, statement id, value) triples. */
function triples(cells: VoteCells) {
  const c = columnsFromCells(cells.shared());
  return Array.from({ length: c.length }, (_, k) => [
    c.participants[c.p[k] ?? -1],
    c.statements[c.s[k] ?? -1],
    c.v[k],
  ]);
}

describe('vote cells in shared memory', () => {
  it('keeps one slot per cell in order of first vote; the latest vote wins; undo empties the slot', () => {
    const cells = new VoteCells();
    cells.set(7, 1, 1);
    cells.set(8, 1, -1);
    cells.set(7, 2, 0);
    cells.set(7, 1, -1); // changed
    cells.delete(8, 1); // undone
    cells.delete(9, 9); // never voted: nothing happens
    expect(cells.size).toBe(2);
    expect(triples(cells)).toEqual([
      ['7', '1', -1],
      ['7', '2', 0],
    ]);
    cells.set(8, 1, 1); // voted again after the undo: back in its first slot
    expect(cells.size).toBe(3);
    expect(triples(cells)).toEqual([
      ['7', '1', -1],
      ['8', '1', 1],
      ['7', '2', 0],
    ]);
  });

  it('grows past its first capacity and keeps every vote', () => {
    const cells = new VoteCells();
    for (let p = 0; p < 300; p++) for (let s = 0; s < 20; s++) cells.set(p, s, ((p + s) % 3) - 1);
    expect(cells.size).toBe(6000);
    const c = columnsFromCells(cells.shared());
    expect(c.length).toBe(6000);
    expect(c.participants.length).toBe(300);
    expect(c.statements.length).toBe(20);
    for (let k = 0; k < c.length; k++) {
      const p = Number(c.participants[c.p[k] ?? -1]);
      const s = Number(c.statements[c.s[k] ?? -1]);
      expect(c.v[k]).toBe(((p + s) % 3) - 1);
    }
  });

  it('shares its memory: what an engine thread holds sees later changes to existing cells, not new ones', () => {
    const cells = new VoteCells();
    cells.set(1, 1, 1);
    const held = cells.shared();
    expect(held.p.buffer).toBeInstanceOf(SharedArrayBuffer);
    cells.set(1, 1, -1);
    cells.set(2, 1, 1);
    expect(held.length).toBe(1);
    expect(held.v[0]).toBe(-1);
    cells.delete(1, 1);
    expect(held.v[0]).toBe(EMPTY);
    expect(columnsFromCells(held).length).toBe(0);
  });
});
