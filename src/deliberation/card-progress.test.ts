import { describe, expect, it } from 'vitest';
import { rng } from '../math/random.ts';
import { progressIn, type OrderedCards } from './card-progress.ts';

const orderOf = (ids: string[]): OrderedCards<{ id: string }> => ({
  cards: ids.map((id) => ({ id })),
  ids: new Set(ids),
});

/** Worked out afresh, as nextCard did on every vote. */
function afresh(order: OrderedCards<{ id: string }>, voted: Set<string>) {
  let done = 0;
  for (const id of voted) if (order.ids.has(id)) done++;
  return { next: order.cards.find((c) => !voted.has(c.id)), done };
}

describe("a voter's place kept in the card order", () => {
  it('agrees with working it out afresh through votes, undos and new orders', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const next = rng(seed);
      const pick = (n: number) => Math.floor(next() * n);
      // Some voted ids are outside the order (a statement the order has not caught up with yet).
      const universe = Array.from({ length: 30 }, (_, i) => `s${i}`);
      const shuffled = () => universe.filter(() => next() < 0.8).sort(() => next() - 0.5);
      let order = orderOf(shuffled());
      const voted = new Set<string>();
      let removals = 0;
      for (let step = 0; step < 200; step++) {
        const r = next();
        if (r < 0.6) voted.add(universe[pick(universe.length)] ?? '');
        else if (r < 0.75 && voted.size > 0) {
          const gone = [...voted][pick(voted.size)] ?? '';
          voted.delete(gone);
          removals++;
        } else if (r < 0.8) order = orderOf(shuffled());
        const kept = progressIn(order, voted, removals);
        const fresh = afresh(order, voted);
        expect(kept.done).toBe(fresh.done);
        expect(kept.next?.id).toBe(fresh.next?.id);
      }
    }
  });

  it('reads each voted id once however many votes are asked about', () => {
    const order = orderOf(['a', 'b', 'c']);
    const voted = new Set<string>(['a']);
    expect(progressIn(order, voted, 0)).toEqual({ next: { id: 'b' }, done: 1 });
    expect(progressIn(order, voted, 0)).toEqual({ next: { id: 'b' }, done: 1 });
    voted.add('c');
    expect(progressIn(order, voted, 0)).toEqual({ next: { id: 'b' }, done: 2 });
    voted.add('b');
    expect(progressIn(order, voted, 0)).toEqual({ next: undefined, done: 3 });
  });
});
