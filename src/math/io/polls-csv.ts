/**
 * Reading Pulse's inputs from text: a poll series (one row a poll), election results (one row an
 * election), the previous election's constituency results. Every bad line is reported with its number,
 * and a file with any bad line gives nothing: there is no half-read series.
 */
import { csvTable, type CsvTable } from './csv-table.ts';
import { dayNumber, type ElectionResult, type Poll } from '../pulse-report.ts';

export interface LineError {
  line: number;
  message: string;
}

/** A file that could not be read; `errors` names each bad line (at most `MAX_ERRORS` of them). */
export class PulseInputError extends Error {
  readonly code = 'BAD_FILE';
  readonly file: string;
  readonly errors: LineError[];
  constructor(file: string, errors: LineError[]) {
    super(`${file}: ${errors.map((e) => (e.line ? `line ${e.line}: ${e.message}` : e.message)).join('; ')}`);
    this.file = file;
    this.errors = errors;
  }
}

export const MAX_ERRORS = 50;

/** Column names accepted for each field (compared lower-case, spaces and underscores ignored). */
const POLLSTER = ['pollster', 'org', 'house', 'organisation', 'organization'];
const START = ['start', 'startdate', 'fieldworkstart', 'from'];
const END = ['end', 'enddate', 'fieldworkend', 'to'];
const SAMPLE = ['n', 'samplesize', 'sample'];
const DATE = ['date', 'electiondate'];
/** Columns that are neither a field nor a party. */
const IGNORED = ['', 'rownames', 'id', 'source', 'remark', 'remarks', 'note', 'notes', 'url', 'link', 'mode'];

const key = (h: string) => h.toLowerCase().replace(/[\s_-]/g, '');

type Rows = CsvTable;

const readRows = (file: string, text: string): Rows =>
  csvTable(text, (message, line) => new PulseInputError(file, [{ line: line ?? 0, message }]));

function findColumn(header: string[], names: string[]): number {
  return header.findIndex((h) => names.includes(key(h)));
}

function required(file: string, header: string[], names: string[], what: string): number {
  const i = findColumn(header, names);
  if (i < 0)
    throw new PulseInputError(file, [{ line: 1, message: `no ${what} column (call it "${names[0]}")` }]);
  return i;
}

/** The party columns: every column that is not a known field or an ignored one. */
function partyColumns(file: string, header: string[], taken: number[]): { name: string; index: number }[] {
  const parties = header
    .map((name, index) => ({ name, index }))
    .filter((c) => !taken.includes(c.index) && !IGNORED.includes(key(c.name)));
  if (parties.length === 0)
    throw new PulseInputError(file, [
      { line: 1, message: 'no party columns: give one column a party, in percent' },
    ]);
  const seen = new Set<string>();
  for (const p of parties) {
    if (seen.has(p.name))
      throw new PulseInputError(file, [{ line: 1, message: `the party "${p.name}" has two columns` }]);
    seen.add(p.name);
  }
  return parties;
}

/** A percentage cell: blank is "not reported", anything else must be a number from 0 to 100. */
function percent(cell: string | undefined, party: string, errors: string[]): number | undefined {
  const text = (cell ?? '').trim();
  if (text === '' || text.toUpperCase() === 'NA') return undefined;
  const value = Number(text.replace(/%$/, ''));
  if (!Number.isFinite(value) || value < 0 || value > 100) {
    errors.push(`${party} must be a percentage from 0 to 100, not "${text}"`);
    return undefined;
  }
  return value;
}

function collect<T>(
  file: string,
  rows: Rows['rows'],
  read: (cells: string[], errors: string[]) => T | null,
): T[] {
  const out: T[] = [];
  const bad: LineError[] = [];
  for (const row of rows) {
    const errors: string[] = [];
    const value = read(row.cells, errors);
    if (errors.length > 0) {
      if (bad.length < MAX_ERRORS) bad.push({ line: row.line, message: errors.join('; ') });
    } else if (value !== null) out.push(value);
  }
  if (bad.length > 0) throw new PulseInputError(file, bad);
  return out;
}

const cell = (cells: string[], i: number) => (cells[i] ?? '').trim();

function date(cells: string[], i: number, what: string, errors: string[]): number | null {
  const text = cell(cells, i);
  const day = dayNumber(text);
  if (day === null) errors.push(`${what} must be a date written YYYY-MM-DD, not "${text}"`);
  return day;
}

export interface PollSeries {
  polls: Poll[];
  parties: string[];
}

/** Reads a poll series: pollster, fieldwork start and end, sample size, and one column a party in percent. */
export function parsePollsCsv(text: string, file = 'polls.csv'): PollSeries {
  const { header, rows } = readRows(file, text);
  const cols = {
    pollster: required(file, header, POLLSTER, 'pollster'),
    start: required(file, header, START, 'fieldwork start'),
    end: required(file, header, END, 'fieldwork end'),
    n: required(file, header, SAMPLE, 'sample size'),
  };
  const parties = partyColumns(file, header, Object.values(cols));
  if (rows.length === 0) throw new PulseInputError(file, [{ line: 2, message: 'the file has no polls' }]);
  const polls = collect(file, rows, (cells, errors): Poll => {
    const pollster = cell(cells, cols.pollster);
    if (pollster === '') errors.push('the pollster is blank');
    else if (pollster.length > 100) errors.push('the pollster is longer than 100 characters');
    const start = date(cells, cols.start, 'the fieldwork start', errors);
    const end = date(cells, cols.end, 'the fieldwork end', errors);
    if (start !== null && end !== null && end < start) errors.push('the fieldwork ends before it starts');
    const nText = cell(cells, cols.n);
    const n = Number(nText);
    if (nText === '' || !Number.isFinite(n) || n < 1 || n > 10_000_000)
      errors.push(`the sample size must be a number of people, not "${nText}"`);
    const shares: Record<string, number> = {};
    for (const p of parties) {
      const v = percent(cells[p.index], p.name, errors);
      if (v !== undefined) shares[p.name] = v;
    }
    if (Object.keys(shares).length === 0 && errors.length === 0)
      errors.push('the poll gives no party a share');
    return { pollster, start: cell(cells, cols.start), end: cell(cells, cols.end), sampleSize: n, shares };
  });
  return { polls, parties: parties.map((p) => p.name) };
}

export interface ElectionSeries {
  elections: { date: string; shares: Record<string, number> }[];
  parties: string[];
}

/** Reads election results: a date column and one column a party, in percent. */
export function parseElectionsCsv(text: string, file = 'elections.csv'): ElectionSeries {
  const { header, rows } = readRows(file, text);
  const dateCol = required(file, header, DATE, 'date');
  const parties = partyColumns(file, header, [dateCol]);
  const seen = new Set<string>();
  const elections = collect(file, rows, (cells, errors) => {
    date(cells, dateCol, 'the date', errors);
    const d = cell(cells, dateCol);
    if (seen.has(d)) errors.push(`there is already an election on ${d}`);
    seen.add(d);
    const shares: Record<string, number> = {};
    for (const p of parties) {
      const v = percent(cells[p.index], p.name, errors);
      if (v !== undefined) shares[p.name] = v;
    }
    return { date: d, shares };
  });
  return { elections, parties: parties.map((p) => p.name) };
}

/** An election file for the command line: `[{"date": "YYYY-MM-DD", "share": percent}]`. */
export function parseElectionsJson(text: string, file = 'elections.json'): ElectionResult[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new PulseInputError(file, [{ line: 0, message: `not valid JSON (${(e as Error).message})` }]);
  }
  if (!Array.isArray(value))
    throw new PulseInputError(file, [
      { line: 0, message: 'expected a list: [{"date": "YYYY-MM-DD", "share": percent}]' },
    ]);
  const errors: LineError[] = [];
  const out: ElectionResult[] = [];
  value.forEach((item: unknown, i) => {
    const e = item as { date?: unknown; share?: unknown } | null;
    const where = `entry ${i + 1}`;
    if (typeof e?.date !== 'string' || dayNumber(e.date) === null)
      errors.push({ line: 0, message: `${where}: "date" must be a date written YYYY-MM-DD` });
    else if (typeof e.share !== 'number' || !(e.share >= 0 && e.share <= 100))
      errors.push({ line: 0, message: `${where}: "share" must be a percentage from 0 to 100` });
    else out.push({ date: e.date, share: e.share });
  });
  if (errors.length > 0) throw new PulseInputError(file, errors.slice(0, MAX_ERRORS));
  return out;
}

export interface ConstituencyVotes {
  constituency: string;
  party: string;
  votes: number;
}

/** Reads the previous election's results: constituency, party, votes; one row a candidate. */
export function parseConstituencyCsv(text: string, file = 'results.csv'): ConstituencyVotes[] {
  const { header, rows } = readRows(file, text);
  const c = required(file, header, ['constituency', 'seat'], 'constituency');
  const p = required(file, header, ['party'], 'party');
  const v = required(file, header, ['votes'], 'votes');
  const seen = new Set<string>();
  return collect(file, rows, (cells, errors) => {
    const constituency = cell(cells, c);
    const party = cell(cells, p);
    const text = cell(cells, v).replace(/,/g, '');
    const votes = Number(text);
    if (constituency === '' || constituency.length > 200) errors.push('the constituency must be a name');
    if (party === '' || party.length > 100) errors.push('the party must be a name');
    if (text === '' || !Number.isInteger(votes) || votes < 0)
      errors.push(`votes must be a whole number, not "${text}"`);
    const pair = `${constituency}\u0000${party}`;
    if (seen.has(pair)) errors.push(`${party} already has a row in ${constituency}`);
    seen.add(pair);
    return { constituency, party, votes };
  });
}
