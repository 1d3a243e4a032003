/**
 * The electoral register's file format, pure: its columns and their header aliases, checking one row, and
 * what is stored for it. No database here (the queries are in register.repo.ts).
 */
import { createHash } from 'node:crypto';
import type { FieldIssue } from '../core/errors.ts';
import type { TableRow } from './csv-stream.ts';
import { matchKey, normalise, parseAddress } from './walk-order.ts';
import { headerKey, REGISTER_COLUMNS, REGISTER_FIELDS, type RegisterField } from '../contract/vocabulary.ts';
export { REGISTER_FIELDS, type RegisterField };

export type ColumnMapping = Partial<Record<RegisterField, string>>;

/** The headers of the layout supplied to parties (and common variants): header key → field. */
export const ALIASES: Record<string, RegisterField> = Object.fromEntries(
  REGISTER_FIELDS.flatMap((field) => REGISTER_COLUMNS[field].headers.map((h) => [headerKey(h), field])),
);

const ADDRESS_FIELDS = ['address1', 'address2', 'address3', 'address4', 'address5', 'address6'] as const;
const POSTCODE = /^[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}$/i;
export const DISTRICT = /^[A-Z0-9]{1,6}$/i;

export interface RegisterRow {
  line: number;
  district: string;
  number: number;
  suffix: number;
  markers: string;
  dob: string | null;
  surname: string;
  forename: string;
  postcode: string;
  address: string[];
  uprn: string | null;
  change: 'A' | 'M' | 'D';
}

/** One elector's number as printed: "BW1-123" or "BW1-123/1". */
export const electorNumber = (e: { district: string; number: number; suffix: number }): string =>
  `${e.district}-${e.number}${e.suffix ? `/${e.suffix}` : ''}`;

/** The columns that name an elector and their address. */
export interface ElectorNameRow {
  id: string;
  district: string;
  number: number;
  suffix: number;
  forename: string;
  surname: string;
  address: string[];
  postcode: string;
}

/** A date of birth as 01/05/2008 or 2008-05-01 → '2008-05-01'; '' → null; anything else → undefined. */
export function parseDob(s: string): string | null | undefined {
  if (s === '') return null;
  let y: number, m: number, d: number;
  const uk = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(s);
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (uk) [d, m, y] = [Number(uk[1]), Number(uk[2]), Number(uk[3])];
  else if (iso) [y, m, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  else return undefined;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d || y < 1900) return undefined;
  return date.toISOString().slice(0, 10);
}

const CHANGES: Record<string, 'A' | 'M' | 'D'> = {
  a: 'A',
  addition: 'A',
  add: 'A',
  m: 'M',
  modification: 'M',
  amendment: 'M',
  amended: 'M',
  d: 'D',
  deletion: 'D',
  deleted: 'D',
};

/** Checks one register row; pushes its problems to `issues` and returns the row, or null when bad. */
export function checkRow(
  { line, values, width, get }: TableRow<RegisterField>,
  kind: 'full' | 'update',
  issues: FieldIssue[],
): RegisterRow | null {
  const before = issues.length;
  const bad = (field: string, message: string) => issues.push({ line, field, message });
  if (values.length !== width) bad('row', `has ${values.length} fields; the header has ${width}`);
  const district = get('district').toUpperCase();
  if (!DISTRICT.test(district))
    bad(
      'Elector Number Prefix',
      district ? `"${district.slice(0, 10)}" is not a polling district code` : 'is required',
    );
  const numberText = get('number');
  if (!/^\d{1,7}$/.test(numberText))
    bad('Elector Number', numberText ? `"${numberText.slice(0, 10)}" is not a whole number` : 'is required');
  const suffixText = get('suffix');
  if (suffixText !== '' && !/^\d{1,4}$/.test(suffixText))
    bad('Elector Number Suffix', 'must be a whole number or empty');
  const markers = get('markers').toUpperCase();
  if (!/^[A-Z]{0,10}$/.test(markers)) bad('Elector Markers', 'must be letters only');
  const dob = parseDob(get('dob'));
  if (dob === undefined) bad('Elector DOB', 'must be a date like 01/05/2008 or 2008-05-01');
  let surname = get('surname');
  let forename = get('forename');
  const name = get('name');
  if (!surname && !forename && name) {
    const comma = name.indexOf(',');
    if (comma >= 0) {
      surname = name.slice(0, comma).trim();
      forename = name.slice(comma + 1).trim();
    } else {
      const parts = name.split(/\s+/);
      surname = parts.pop() ?? '';
      forename = parts.join(' ');
    }
  }
  const changeText = get('change').toLowerCase();
  const change = kind === 'update' ? CHANGES[changeText] : 'A';
  if (!change)
    bad(
      'Change Type',
      changeText ? `"${changeText.slice(0, 12)}" is not A, M or D` : 'is required in an update file',
    );
  const needsDetails = change !== 'D';
  if (needsDetails && !surname) bad('Elector Surname', 'is required');
  if (surname.length > 100 || forename.length > 100) bad('Elector Name', 'is longer than 100 characters');
  const postcode = get('postcode').toUpperCase().replace(/\s+/g, ' ');
  if (needsDetails && !POSTCODE.test(postcode))
    bad('PostCode', postcode ? `"${postcode.slice(0, 10)}" is not a postcode` : 'is required');
  const address = ADDRESS_FIELDS.map(get).filter((l) => l.length > 0);
  if (needsDetails && address.length === 0) bad('Address1', 'is required');
  if (address.some((l) => l.length > 120)) bad('Address', 'a line is longer than 120 characters');
  const uprn = get('uprn');
  if (uprn !== '' && !/^\d{1,12}$/.test(uprn)) bad('UPRN', 'must be up to 12 digits');
  if (issues.length > before || !change || dob === undefined) return null;
  return {
    line,
    district,
    number: Number(numberText),
    suffix: suffixText ? Number(suffixText) : 0,
    markers,
    dob,
    surname,
    forename,
    postcode,
    address,
    uprn: uprn || null,
    change,
  };
}

export const numberKey = (e: { district: string; number: number; suffix: number }) =>
  `${e.district}|${e.number}|${e.suffix}`;
export const uprnKey = (uprn: string, surname: string, forename: string) =>
  `${uprn}|${normalise(surname)}|${normalise(forename)}`;
export const suppressionHash = (key: string): string => createHash('sha256').update(key).digest('hex');

/** What is stored for a row: the register's fields and what is parsed from them for walks. */
export function electorValues(
  id: string,
  branchId: string,
  r: RegisterRow,
  key = matchKey(r.address, r.postcode, r.surname, r.forename),
) {
  const a = parseAddress(r.address, r.postcode);
  return {
    id,
    branch_id: branchId,
    district: r.district,
    number: r.number,
    suffix: r.suffix,
    markers: r.markers,
    dob: r.dob,
    surname: r.surname,
    forename: r.forename,
    postcode: r.postcode,
    address: r.address,
    uprn: r.uprn,
    match_key: key,
    street: a.street,
    house_number: a.houseNumber,
    door: a.door,
    building: a.building,
    flat: a.flat,
  };
}
export type ElectorValues = ReturnType<typeof electorValues>;

/**
 * The elector a row of a list keyed by elector number stands for (a marked register, an absent voters
 * list): the number read from its columns, found on the register (`current`: number key → id) and not
 * already met in the file (`seen`); or the problem, on the row's line.
 */
export function listedElector(
  get: (field: 'district' | 'number' | 'suffix') => string,
  line: number,
  current: ReadonlyMap<string, string>,
  seen: ReadonlyMap<string, { line: number }>,
): { id: string } | { problem: FieldIssue } {
  const district = get('district').toUpperCase();
  const numberText = get('number');
  const suffixText = get('suffix');
  const field = 'Elector Number';
  if (!DISTRICT.test(district) || !/^\d{1,7}$/.test(numberText) || !/^\d{0,4}$/.test(suffixText))
    return {
      problem: {
        line,
        field,
        message: `"${`${district}-${numberText}`.slice(0, 20)}" is not an elector number`,
      },
    };
  const e = { district, number: Number(numberText), suffix: suffixText ? Number(suffixText) : 0 };
  const id = current.get(numberKey(e));
  if (!id) return { problem: { line, field, message: `${electorNumber(e)} is not on the register` } };
  const first = seen.get(id);
  if (first)
    return { problem: { line, field, message: `repeats ${electorNumber(e)} from line ${first.line}` } };
  return { id };
}
