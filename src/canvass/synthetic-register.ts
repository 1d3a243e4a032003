/**
 * A synthetic electoral register in the layout supplied to parties: realistic streets (odd and even sides,
 * blocks of flats, named houses), households of one to four electors, a few new attainers with dates of
 * birth, and marked registers with turnout. Seeded, so tests, benchmarks and the demo get the same register.
 * Nobody in it is real.
 */

import { csvLine } from '../math/io/polis-csv.ts';
import { rng } from '../math/random.ts';
import { newId } from '../lib/ids.ts';
import { electorValues, parseDob, type ElectorValues } from './register-format.ts';

const FORENAMES = [
  'Olivia',
  'Amelia',
  'Isla',
  'Ava',
  'Mia',
  'Ivy',
  'Lily',
  'Isabella',
  'Rosie',
  'Sophia',
  'Grace',
  'Freya',
  'Noah',
  'Oliver',
  'George',
  'Arthur',
  'Muhammad',
  'Leo',
  'Harry',
  'Oscar',
  'Archie',
  'Henry',
  'Theodore',
  'Jack',
  'Priya',
  'Aisha',
  'Fatima',
  'Chen',
  'Kwame',
  'Siobhan',
  'Rhys',
  'Megan',
  'Tomasz',
  'Agnieszka',
  'Margaret',
  'David',
  'Susan',
  'Peter',
  'Linda',
  'Michael',
  'Patricia',
  'John',
  'Barbara',
  'Ian',
];
const SURNAMES = [
  'Smith',
  'Jones',
  'Taylor',
  'Brown',
  'Williams',
  'Wilson',
  'Johnson',
  'Davies',
  'Patel',
  'Robinson',
  'Wright',
  'Thompson',
  'Evans',
  'Walker',
  'White',
  'Roberts',
  'Green',
  'Hall',
  'Thomas',
  'Clarke',
  'Jackson',
  'Wood',
  'Harris',
  'Edwards',
  'Turner',
  'Martin',
  'Cooper',
  'Hill',
  'Ward',
  'Hughes',
  'Khan',
  'Ahmed',
  'Begum',
  'Singh',
  'Nowak',
  'Kowalski',
  "O'Brien",
  'Murphy',
  'Okafor',
  'Mensah',
  'Campbell',
];
const STREET_NAMES = [
  'Mill',
  'Church',
  'Station',
  'Victoria',
  'Park',
  'Queens',
  'Kings',
  'Albert',
  'Manor',
  'Chapel',
  'School',
  'Orchard',
  'Meadow',
  'Willow',
  'Beech',
  'Oak',
  'Elm',
  'Ash',
  'Cedar',
  'Holly',
  'Rowan',
  'Hawthorn',
  'Bridge',
  'Canal',
  'Market',
  'Castle',
  'Abbey',
  'Priory',
  'Foundry',
  'Tannery',
  'Weavers',
  'Spinners',
  'Cromwell',
  'Nelson',
  'Wellington',
  'Gladstone',
  'Jubilee',
  'Coronation',
  'Hadley',
  'Linton',
];
const STREET_KINDS = [
  'Road',
  'Street',
  'Lane',
  'Avenue',
  'Close',
  'Way',
  'Drive',
  'Grove',
  'Terrace',
  'Crescent',
  'Gardens',
];
const PREFIXES = ['Upper', 'Lower', 'New', 'Old', 'North', 'South', 'East', 'West', 'Little', 'Great'];
const HOUSE_NAMES = [
  'Rose Cottage',
  'The Old Forge',
  'Ivy House',
  'Hillcrest',
  'The Laurels',
  'Orchard View',
  'Fernlea',
];

export interface SyntheticElector {
  district: string;
  number: number;
  suffix: number;
  markers: string;
  dob: string;
  surname: string;
  forename: string;
  postcode: string;
  address: string[];
  uprn: string;
  /** The chance this elector votes at an election (for marked registers). */
  propensity: number;
}

export interface RegisterOptions {
  electors: number;
  /** Polling district codes, e.g. ['BW1', 'BW2', 'BW3']. */
  districts: string[];
  town?: string;
  /** Outward code of the postcodes, e.g. 'BW1'. */
  outward?: string;
  seed?: number;
  withUprn?: boolean;
}

/** The electors of a synthetic register, street by street, numbered within each polling district. */
export function syntheticRegister(opts: RegisterOptions): SyntheticElector[] {
  const rand = rng(opts.seed ?? 1);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;
  const town = opts.town ?? 'Hadley';
  const outward = opts.outward ?? 'HD1';
  const out: SyntheticElector[] = [];
  const numbers = new Map<string, number>();
  const usedStreets = new Set<string>();
  let uprn = 100_000_000 + Math.floor(rand() * 1_000_000);
  let streetIndex = 0;
  while (out.length < opts.electors) {
    const district = opts.districts[streetIndex % opts.districts.length] ?? 'A1';
    streetIndex++;
    let street = `${pick(STREET_NAMES)} ${pick(STREET_KINDS)}`;
    for (let tries = 0; usedStreets.has(street); tries++) {
      const prefix = tries > 20 ? `${pick(PREFIXES)} ` : '';
      street = `${prefix}${pick(STREET_NAMES)} ${pick(STREET_KINDS)}`;
      if (tries > 200) street = `${street} ${streetIndex}`;
    }
    usedStreets.add(street);
    const sector = 1 + Math.floor(rand() * 9);
    const postcodeFor = (n: number) =>
      `${outward} ${sector}${String.fromCharCode(65 + ((n >> 3) % 26))}${String.fromCharCode(65 + (streetIndex % 26))}`;
    const houses = 20 + Math.floor(rand() * 100);
    const doors: { address: string[]; postcode: string }[] = [];
    for (let n = 1; n <= houses; n++) {
      if (n % 23 === 0) {
        // A block of flats at this number.
        const flats = 6 + Math.floor(rand() * 12);
        for (let f = 1; f <= flats; f++)
          doors.push({ address: [`Flat ${f}`, `${n} ${street}`, town], postcode: postcodeFor(n) });
      } else doors.push({ address: [`${n} ${street}`, town], postcode: postcodeFor(n) });
    }
    if (rand() < 0.3)
      doors.push({ address: [pick(HOUSE_NAMES), street, town], postcode: postcodeFor(houses + 1) });
    for (const door of doors) {
      const household = 1 + Math.floor(rand() * rand() * 4);
      const surname = pick(SURNAMES);
      const doorUprn = String(uprn++);
      for (let h = 0; h < household && out.length < opts.electors; h++) {
        const number = (numbers.get(district) ?? 0) + 1;
        numbers.set(district, number);
        const attainer = rand() < 0.03;
        const year = 2008 + Math.floor(rand() * 2);
        out.push({
          district,
          number,
          suffix: 0,
          markers: rand() < 0.02 ? 'E' : '',
          dob: attainer
            ? `${String(1 + Math.floor(rand() * 28)).padStart(2, '0')}/${String(1 + Math.floor(rand() * 12)).padStart(2, '0')}/${year}`
            : '',
          surname: h > 0 && rand() < 0.3 ? pick(SURNAMES) : surname,
          forename: pick(FORENAMES),
          postcode: door.postcode,
          address: door.address,
          uprn: opts.withUprn ? doorUprn : '',
          propensity: attainer ? 0.2 : rand() < 0.25 ? 0.05 : 0.3 + rand() * 0.65,
        });
      }
    }
  }
  return out;
}

export const REGISTER_HEADER = [
  'Elector Number Prefix',
  'Elector Number',
  'Elector Number Suffix',
  'Elector Markers',
  'Elector DOB',
  'Elector Surname',
  'Elector Forename',
  'PostCode',
  'Address1',
  'Address2',
  'Address3',
  'Address4',
  'Address5',
  'Address6',
  'UPRN',
];

/** One register row's fields in the standard layout. */
export const registerFields = (e: SyntheticElector): string[] => [
  e.district,
  String(e.number),
  e.suffix ? String(e.suffix) : '',
  e.markers,
  e.dob,
  e.surname,
  e.forename,
  e.postcode,
  ...[0, 1, 2, 3, 4, 5].map((i) => e.address[i] ?? ''),
  e.uprn,
];

export const registerCsv = (list: readonly SyntheticElector[]): string =>
  [csvLine(REGISTER_HEADER), ...list.map((e) => csvLine(registerFields(e)))].join('');

/** A marked register: the electors who voted, drawn by their propensity; some by post. */
export function markedRegisterCsv(list: readonly SyntheticElector[], seed: number): string {
  const rand = rng(seed);
  const lines = [csvLine(['Elector Number Prefix', 'Elector Number', 'Elector Number Suffix', 'Postal'])];
  for (const e of list) {
    if (rand() < e.propensity)
      lines.push(
        csvLine([e.district, String(e.number), e.suffix ? String(e.suffix) : '', rand() < 0.2 ? 'P' : '']),
      );
  }
  return lines.join('');
}

/** A synthetic register as an import would store it in a branch (new ids), for the demo and benchmarks. */
export function syntheticElectorValues(
  people: readonly SyntheticElector[],
  branchId: string,
): ElectorValues[] {
  return people.map((p, i) =>
    electorValues(newId(), branchId, {
      line: i + 2,
      district: p.district,
      number: p.number,
      suffix: p.suffix,
      markers: p.markers,
      dob: parseDob(p.dob) ?? null,
      surname: p.surname,
      forename: p.forename,
      postcode: p.postcode,
      address: p.address,
      uprn: p.uprn,
      change: 'A',
    }),
  );
}
