/**
 * Addresses into doors, doors into walking order, and a segment cut into walks. Pure functions: no I/O.
 *
 * A register address is up to six lines, e.g. ["Flat 3", "12 Mill Lane", "Hadley"] or
 * ["Flat 3, Jubilee Court", "Mill Lane"] or ["Rose Cottage", "Mill Lane"]. We find the flat (a first line
 * starting "Flat", "Apartment", "Unit" …), the house number and the street, so that a walk goes up one
 * side of a street (odd numbers rising) and back down the other (even numbers falling), knocks the flats
 * of a building one after another, and leaves named houses with no number to the end of their street.
 */

const FLAT = /^(flat|apartment|apt|unit|maisonette|room)\.?\s+([^,]+?)(?:\s*,\s*(.*))?$/i;
const NUMBERED = /^(\d+)\s*([a-z])?(?:\s*[-–]\s*\d+[a-z]?)?\s*,?\s+(.+)$/i;

export interface ParsedAddress {
  /** The street, normalised, with the postcode sector so that two towns' "High Street"s stay apart. */
  street: string;
  /** The street as written, for walk names and sheets. */
  streetLabel: string;
  houseNumber: number | null;
  /** The building: the address without its flat line. */
  building: string;
  /** The flat, as written ("3", "2B"), or ''. */
  flat: string;
  /** The household: building and flat. */
  door: string;
}

export const normalise = (s: string): string =>
  s
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, ' ')
    .trim();

/** The postcode sector ("BW1 4" of "BW1 4AB"): streets of the same name in one sector are one street. */
const sector = (postcode: string): string => {
  const p = normalise(postcode).replace(/ /g, '');
  return p.length > 3 ? p.slice(0, -2) : p;
};

export function parseAddress(lines: readonly string[], postcode: string): ParsedAddress {
  const rest = lines.map((l) => l.trim()).filter((l) => l.length > 0);
  let flat = '';
  const first = rest[0];
  const flatMatch = first === undefined ? null : FLAT.exec(first);
  if (flatMatch) {
    flat = (flatMatch[2] ?? '').trim();
    const tail = flatMatch[3]?.trim();
    if (tail) rest[0] = tail;
    else rest.shift();
  }
  let houseNumber: number | null = null;
  let streetLabel = '';
  let at = -1;
  for (let i = 0; i < rest.length; i++) {
    const m = NUMBERED.exec(rest[i] ?? '');
    if (m) {
      houseNumber = Number(m[1]);
      streetLabel = (m[3] ?? '').trim();
      at = i;
      break;
    }
  }
  if (at < 0) {
    // A named building or house: its street is the next line, when there is one.
    streetLabel = rest[1] ?? rest[0] ?? '';
  }
  const building = normalise([...rest, postcode].join(' '));
  return {
    street: `${normalise(streetLabel)}|${sector(postcode)}`,
    streetLabel,
    houseNumber,
    building,
    flat,
    door: flat ? `${building}#${normalise(flat)}` : building,
  };
}

/** The key that finds an elector again in a renumbered register: their address plus their name. */
export const matchKey = (
  lines: readonly string[],
  postcode: string,
  surname: string,
  forename: string,
): string => `${normalise([...lines, postcode].join(' '))}|${normalise(surname)}|${normalise(forename)}`;

/** An elector to walk to: their parsed address, polling district and elector number. */
export interface Walkable extends ParsedAddress {
  id: string;
  district: string;
  /** The elector number, which orders electors within a household. */
  number: number;
}

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

/**
 * Walking order within one street: odd numbers rising, then even numbers falling (up one side and back
 * down the other), then named houses by name; the flats of a building in flat order; a household's
 * electors by elector number.
 */
export function compareOnStreet(a: Walkable, b: Walkable): number {
  const side = (w: Walkable) => (w.houseNumber === null ? 2 : w.houseNumber % 2 === 1 ? 0 : 1);
  const sa = side(a);
  const sb = side(b);
  if (sa !== sb) return sa - sb;
  if (a.houseNumber !== null && b.houseNumber !== null && a.houseNumber !== b.houseNumber)
    return sa === 0 ? a.houseNumber - b.houseNumber : b.houseNumber - a.houseNumber;
  const byBuilding = collator.compare(a.building, b.building);
  if (byBuilding !== 0) return byBuilding;
  const byFlat = collator.compare(a.flat, b.flat);
  if (byFlat !== 0) return byFlat;
  return a.number - b.number;
}

export interface CutWalk<T extends Walkable> {
  name: string;
  district: string;
  /** The electors in walking order, each with its door number (1..doors) along the walk. */
  electors: { elector: T; door: number }[];
  doors: number;
}

/**
 * Cuts electors into walks of about `doorsPerWalk` doors. Streets are kept whole where they fit (a walk
 * may run to a quarter over its size rather than leave a street's tail for another walk); a street longer
 * than a walk is split at a door. Streets are taken in order of polling district, then of postcode sector
 * and street name, so a walk's streets are near one another.
 */
export function cutWalks<T extends Walkable>(electors: readonly T[], doorsPerWalk: number): CutWalk<T>[] {
  const streets = new Map<string, T[]>();
  for (const e of electors) {
    const key = `${e.district}\u0000${e.street}`;
    let list = streets.get(key);
    if (!list) streets.set(key, (list = []));
    list.push(e);
  }
  const ordered = [...streets.entries()]
    .sort(([a], [b]) => collator.compare(a, b))
    .map(([, list]) => list.sort(compareOnStreet));

  const walks: CutWalk<T>[] = [];
  let current: T[][] = [];
  let currentDoors = 0;
  const doorCount = (list: readonly T[]) => new Set(list.map((e) => e.door)).size;
  const flush = () => {
    if (current.length === 0) return;
    const flat = current.flat();
    const first = flat[0];
    current = [];
    currentDoors = 0;
    if (!first) return;
    const labels = [...new Set(flat.map((e) => e.streetLabel || '(no street)'))];
    const name = `${first.district} · ${labels.slice(0, 3).join(', ')}${labels.length > 3 ? ` +${labels.length - 3}` : ''}`;
    let door = 0;
    let lastDoor = '';
    const withDoors = flat.map((elector) => {
      if (elector.door !== lastDoor) {
        door++;
        lastDoor = elector.door;
      }
      return { elector, door };
    });
    walks.push({ name, district: first.district, electors: withDoors, doors: door });
  };
  const slack = Math.ceil(doorsPerWalk * 0.25);
  for (const street of ordered) {
    const first = street[0];
    const lastOfCurrent = current.at(-1)?.[0];
    if (first && lastOfCurrent && first.district !== lastOfCurrent.district) flush();
    const doors = doorCount(street);
    if (currentDoors + doors <= doorsPerWalk + slack) {
      current.push(street);
      currentDoors += doors;
      if (currentDoors >= doorsPerWalk) flush();
      continue;
    }
    // The street does not fit: close the walk if it is well under way, then split the street at doors.
    if (currentDoors >= doorsPerWalk / 2) flush();
    let chunk: T[] = [];
    let chunkDoors = 0;
    let lastDoor = '';
    for (const e of street) {
      if (e.door !== lastDoor) {
        if (currentDoors + chunkDoors >= doorsPerWalk) {
          current.push(chunk);
          flush();
          chunk = [];
          chunkDoors = 0;
        }
        chunkDoors++;
        lastDoor = e.door;
      }
      chunk.push(e);
    }
    current.push(chunk);
    currentDoors += chunkDoors;
    if (currentDoors >= doorsPerWalk) flush();
  }
  flush();
  return walks;
}
