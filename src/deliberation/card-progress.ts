/**
 * A voter's place in the card order, kept between their votes: the next card and how many of the order's
 * statements they have voted on. Worked out afresh it walks the whole order and the whole voted set on
 * every vote (a few hundred lookups, a tenth of the HTTP thread's work under load); kept, each vote costs
 * the one statement it added. What is kept is exact: it is started again when the order changes (a new
 * analysis or a new list of statements) or when a vote is taken back (`removals` counts those).
 */
export interface OrderedCards<C extends { id: string }> {
  /** The cards, first to be shown first. */
  cards: C[];
  /** Every card's id. */
  ids: Set<string>;
}

interface Place<C extends { id: string }> {
  order: OrderedCards<C>;
  removals: number;
  /** Reads the voted set in the order its ids were added: each id is counted once. */
  reader: Iterator<string>;
  read: number;
  done: number;
  /** Every card before this one has been voted on. */
  cursor: number;
}

const places = new WeakMap<Set<string>, Place<{ id: string }>>();

/**
 * The voter's next card in `order` and the number of its cards they have voted on. `voted` is their voted
 * set, to which votes are only added in between unless `removals` (the number of ids ever taken out of it)
 * changes.
 */
export function progressIn<C extends { id: string }>(
  order: OrderedCards<C>,
  voted: Set<string>,
  removals: number,
): { next: C | undefined; done: number } {
  let place = places.get(voted) as Place<C> | undefined;
  if (!place || place.order !== order || place.removals !== removals) {
    place = { order, removals, reader: voted.values(), read: 0, done: 0, cursor: 0 };
    places.set(voted, place);
  }
  // A Set's iterator goes on to the ids added after it started, so only the new ones are read here. It
  // never reads past the last id, which would end it for good.
  while (place.read < voted.size) {
    const id = place.reader.next();
    if (id.done) break;
    place.read++;
    if (order.ids.has(id.value)) place.done++;
  }
  const { cards } = order;
  while (place.cursor < cards.length && voted.has((cards[place.cursor] as C).id)) place.cursor++;
  return { next: cards[place.cursor], done: place.done };
}
