/**
 * Reading Polis exports (votes.csv, comments.csv, participants-votes.csv); writing them is in
 * polis-csv-write.ts. The one place in src/math that touches files; the engine proper stays pure.
 */
import { eachLine } from './lines.ts';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { csvTable, type CsvTable } from './csv-table.ts';
import type { StatementInput, Vote, VoteColumns, VoteEvent } from '../matrix.ts';
import { unneutralised } from './polis-csv-write.ts';
import { scanVotes } from './votes-bytes.ts';

/** A problem with an input file, with the line it is on. */
export class PolisInputError extends Error {
  readonly file: string;
  readonly line: number | undefined;
  constructor(file: string, message: string, line?: number) {
    super(`${path.basename(file)}${line ? `, line ${line}` : ''}: ${message}`);
    this.file = file;
    this.line = line;
  }
}

export interface PolisExport {
  votes: VoteEvent[];
  statements: (StatementInput & { text: string; author: string })[];
  /** Polis's own group per participant, from participants-votes.csv when present (blank = not clustered). */
  polisGroups: Map<string, number>;
}

function readCsv(file: string): CsvTable {
  if (!fs.existsSync(file)) throw new PolisInputError(file, 'file not found');
  return csvTable(fs.readFileSync(file, 'utf8'), (message, line) => new PolisInputError(file, message, line));
}

function column(file: string, header: string[], name: string): number {
  const i = header.indexOf(name);
  if (i < 0) throw new PolisInputError(file, `missing column "${name}"`, 1);
  return i;
}

const ID = /^[A-Za-z0-9_.:-]{1,64}$/;

function parseVote(file: string, raw: string, line: number): Vote {
  const v = Number(raw);
  if (raw.trim() === '' || !(v === -1 || v === 0 || v === 1))
    throw new PolisInputError(file, `vote "${raw}" is not -1, 0 or 1`, line);
  return v;
}

/** A yes/no cell as Polis writes it (true/false, or 1/0); blank is no. */
function flag(file: string, name: string, raw: string | undefined, line: number): boolean {
  const v = (raw ?? '').trim().toLowerCase();
  if (v === 'true' || v === '1' || v === 't') return true;
  if (v === 'false' || v === '0' || v === 'f' || v === '') return false;
  throw new PolisInputError(file, `${name} "${v.slice(0, 20)}" is not true or false`, line);
}

function readComments(dir: string): PolisExport['statements'] {
  const file = path.join(dir, 'comments.csv');
  const { header, rows } = readCsv(file);
  const idC = column(file, header, 'comment-id');
  const modC = column(file, header, 'moderated');
  const authorC = header.indexOf('author-id');
  const bodyC = header.indexOf('comment-body');
  // Newer exports add these (and group-informed-consensus, which we compute ourselves), in another order.
  const metaC = header.indexOf('is-meta');
  const seedC = header.indexOf('is-seed');
  const seen = new Set<string>();
  return rows.map(({ line, cells }) => {
    const id = (cells[idC] ?? '').trim();
    if (!ID.test(id)) throw new PolisInputError(file, `comment-id "${id.slice(0, 40)}" is not an id`, line);
    if (seen.has(id)) throw new PolisInputError(file, `comment-id ${id} appears twice`, line);
    seen.add(id);
    const mod = (cells[modC] ?? '').trim();
    if (!['1', '0', '-1'].includes(mod))
      throw new PolisInputError(file, `moderated "${mod}" is not 1, 0 or -1`, line);
    return {
      id,
      status: mod === '1' ? 'accepted' : mod === '-1' ? 'rejected' : 'unmoderated',
      meta: metaC >= 0 && flag(file, 'is-meta', cells[metaC], line),
      seed: seedC >= 0 && flag(file, 'is-seed', cells[seedC], line),
      text: bodyC >= 0 ? unneutralised(cells[bodyC] ?? '') : '',
      author: authorC >= 0 ? (cells[authorC] ?? '').trim() : '',
    };
  });
}

function cellsOf(file: string, line: string, lineNo: number): string[] {
  if (!line.includes('"')) return line.split(',');
  try {
    const rows: string[][] = parse(line);
    return rows[0] ?? [];
  } catch (e) {
    throw new PolisInputError(file, `not valid CSV (${(e as Error).message})`, lineNo);
  }
}

/** Votes in columns, with the statements and Polis's own groups: what the analysis reads. */
export interface PolisData {
  columns: VoteColumns;
  statements: PolisExport['statements'];
  polisGroups: Map<string, number>;
}

/**
 * Polis's own group of each participant from participants-votes.csv, and, given `votes`, the votes it holds
 * (when there is no votes.csv). The file is read in blocks (a line carries a cell for every statement; 41
 * MB at the M size), so memory stays bounded whatever its size; for the groups alone only each line's
 * first cells are decoded. Its header is checked as a whole.
 */
function participantGroups(
  file: string,
  known: Map<string, number>,
  votes: ColumnBuilder | null = null,
): Map<string, number> {
  const groups = new Map<string, number>();
  let [pC, gC, lineNo, first] = [-1, -1, 0, 0];
  let tidIndex: number[] = [];
  eachLine(file, (buf, start, end) => {
    lineNo++;
    if (lineNo === 1) {
      const header = cellsOf(file, buf.toString('utf8', start, end), 1).map((h) => h.trim());
      pC = column(file, header, 'participant');
      gC = column(file, header, 'group-id');
      first = header.indexOf('n-disagree') + 1;
      if (first <= 0) throw new PolisInputError(file, 'missing column "n-disagree"', 1);
      tidIndex = header.slice(first).map((t) => {
        const j = known.get(t);
        if (j === undefined) throw new PolisInputError(file, `statement ${t} is not in comments.csv`, 1);
        return j;
      });
      return;
    }
    if (end === start) return;
    if (votes) {
      const cells = cellsOf(file, buf.toString('utf8', start, end), lineNo);
      const p = (cells[pC] ?? '').trim();
      if (!ID.test(p))
        throw new PolisInputError(file, `participant "${p.slice(0, 40)}" is not an id`, lineNo);
      const g = (cells[gC] ?? '').trim();
      if (g !== '') groups.set(p, Number(g));
      tidIndex.forEach((j, c) => {
        const raw = (cells[first + c] ?? '').trim();
        if (raw !== '') votes.add(p, j, parseVote(file, raw, lineNo), 0);
      });
      return;
    }
    // Up to the comma after the later of the two cells wanted; the whole line if a quote comes first.
    const wanted = Math.max(pC, gC) + 1;
    let stop = start;
    for (let k = 0; k < wanted && stop >= 0 && stop < end; k++)
      stop = buf.indexOf(44, k === 0 ? stop : stop + 1);
    const prefixEnd = stop < 0 || stop > end ? end : stop;
    const quoted = buf.subarray(start, prefixEnd).includes(34);
    const cells = cellsOf(file, buf.toString('utf8', start, quoted ? end : prefixEnd), lineNo);
    const p = (cells[pC] ?? '').trim();
    if (!ID.test(p)) throw new PolisInputError(file, `participant "${p.slice(0, 40)}" is not an id`, lineNo);
    const g = (cells[gC] ?? '').trim();
    if (g !== '') groups.set(p, Number(g));
  });
  if (lineNo === 0) throw new PolisInputError(file, 'the file is empty', 1);
  return groups;
}

/**
 * Reads a Polis export folder: votes.csv + comments.csv, or participants-votes.csv + comments.csv. With
 * votes.csv, participants-votes.csv is read only for Polis's own groups, and not at all without `groups`.
 */
export function readPolisData(dir: string, opts: { groups?: boolean } = {}): PolisData {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new PolisInputError(dir, 'not a folder');
  const statements = readComments(dir);
  const known = new Map(statements.map((st, j) => [st.id, j]));
  const votesFile = path.join(dir, 'votes.csv');
  const pvFile = path.join(dir, 'participants-votes.csv');
  const haveVotes = fs.existsSync(votesFile);
  // A line of votes.csv is some 40 bytes or more.
  const builder = new ColumnBuilder(
    statements.map((st) => st.id),
    haveVotes ? fs.statSync(votesFile).size / 40 : 1024,
  );
  let polisGroups = new Map<string, number>();
  if (haveVotes) {
    if (opts.groups !== false && fs.existsSync(pvFile)) polisGroups = participantGroups(pvFile, known);
  } else if (fs.existsSync(pvFile)) {
    polisGroups = participantGroups(pvFile, known, builder);
  }
  if (haveVotes) {
    let cols = { t: -1, s: -1, p: -1, v: -1 };
    const commas = new Int32Array(64);
    // Fields of a line without quotes, found by comma positions (no array of cells per line: ten million
    // lines must parse in seconds).
    const field = (line: string, count: number, c: number): string =>
      c > count ? '' : line.slice(c === 0 ? 0 : commas[c - 1]! + 1, c < count ? commas[c]! : line.length);
    const ids = statements.map((st) => st.id);
    scanVotes(
      votesFile,
      ids,
      () => cols,
      (v) => builder.addScanned(v.voterIndex, v.voter, v.statement, v.vote, v.time),
      (line, lineNo) => {
        if (lineNo === 1) {
          const header = cellsOf(votesFile, line, lineNo).map((h) => h.trim());
          cols = {
            t: column(votesFile, header, 'timestamp'),
            s: column(votesFile, header, 'comment-id'),
            p: column(votesFile, header, 'voter-id'),
            v: column(votesFile, header, 'vote'),
          };
          return;
        }
        let sId: string;
        let p: string;
        let rawTime: string;
        let rawVote: string;
        if (line.includes('"')) {
          const cells = cellsOf(votesFile, line, lineNo);
          [sId, p, rawTime, rawVote] = [
            cells[cols.s] ?? '',
            cells[cols.p] ?? '',
            cells[cols.t] ?? '',
            cells[cols.v] ?? '',
          ];
        } else {
          let count = 0;
          for (let at = line.indexOf(','); at >= 0 && count < commas.length; at = line.indexOf(',', at + 1))
            commas[count++] = at;
          [sId, p, rawTime, rawVote] = [
            field(line, count, cols.s),
            field(line, count, cols.p),
            field(line, count, cols.t),
            field(line, count, cols.v),
          ];
        }
        sId = sId.trim();
        p = p.trim();
        const time = Number(rawTime);
        if (rawTime.trim() === '' || !Number.isFinite(time))
          throw new PolisInputError(votesFile, `timestamp "${rawTime}" is not a number`, lineNo);
        if (!ID.test(p))
          throw new PolisInputError(votesFile, `voter-id "${p.slice(0, 40)}" is not an id`, lineNo);
        const j = known.get(sId);
        if (j === undefined)
          throw new PolisInputError(
            votesFile,
            `comment-id ${sId.slice(0, 40)} is not in comments.csv`,
            lineNo,
          );
        builder.add(p, j, parseVote(votesFile, rawVote, lineNo), time);
      },
    );
    if (cols.t < 0) throw new PolisInputError(votesFile, 'the file is empty', 1);
  } else if (!fs.existsSync(pvFile)) {
    throw new PolisInputError(votesFile, 'file not found (nor participants-votes.csv)');
  }
  return { columns: builder.done(), statements, polisGroups };
}

/** Reads a Polis export as vote events (handy for small exports; large ones use readPolisData). */
export function readPolisExport(dir: string): PolisExport {
  const { columns: c, statements, polisGroups } = readPolisData(dir);
  const votes: VoteEvent[] = [];
  for (let k = 0; k < c.length; k++) {
    votes.push({
      participant: c.participants[c.p[k]!]!,
      statement: c.statements[c.s[k]!]!,
      vote: c.v[k]! as Vote,
      time: c.t[k]!,
    });
  }
  return { votes, statements, polisGroups };
}

/** Accumulates votes into growing typed columns. */
class ColumnBuilder {
  private readonly pIndex = new Map<string, number>();
  private readonly participants: string[] = [];
  private readonly statements: string[];
  private p: Int32Array;
  private s: Int32Array;
  private v: Int8Array;
  private t: Float64Array;
  private n = 0;
  /** Participant index of each voter the byte scanner numbered; −1 until met. */
  private scanned = new Int32Array(0);
  /** `expected`: about how many votes will come (grown as needed), so a large file is not copied as it grows. */
  constructor(statements: string[], expected = 1024) {
    this.statements = statements;
    const size = Math.max(1024, Math.ceil(expected));
    this.p = new Int32Array(size);
    this.s = new Int32Array(size);
    this.v = new Int8Array(size);
    this.t = new Float64Array(size);
  }
  add(participant: string, statement: number, vote: Vote, time: number): void {
    this.push(this.participantIndex(participant), statement, vote, time);
  }
  /** A vote whose voter the byte scanner numbered (`voterIndex`): the participant is looked up once per voter. */
  addScanned(voterIndex: number, participant: string, statement: number, vote: Vote, time: number): void {
    if (voterIndex >= this.scanned.length) {
      const bigger = new Int32Array(Math.max(1024, voterIndex * 2)).fill(-1);
      bigger.set(this.scanned);
      this.scanned = bigger;
    }
    let i = this.scanned[voterIndex]!;
    if (i < 0) this.scanned[voterIndex] = i = this.participantIndex(participant);
    this.push(i, statement, vote, time);
  }
  private participantIndex(participant: string): number {
    let i = this.pIndex.get(participant);
    if (i === undefined) {
      i = this.participants.length;
      this.pIndex.set(participant, i);
      this.participants.push(participant);
    }
    return i;
  }
  private push(i: number, statement: number, vote: Vote, time: number): void {
    if (this.n === this.p.length) {
      const grow = <T extends Int32Array | Int8Array | Float64Array>(a: T, make: (n: number) => T): T => {
        const b = make(a.length * 2);
        b.set(a);
        return b;
      };
      this.p = grow(this.p, (x) => new Int32Array(x));
      this.s = grow(this.s, (x) => new Int32Array(x));
      this.v = grow(this.v, (x) => new Int8Array(x));
      this.t = grow(this.t, (x) => new Float64Array(x));
    }
    this.p[this.n] = i;
    this.s[this.n] = statement;
    this.v[this.n] = vote;
    this.t[this.n] = time;
    this.n++;
  }
  done(): VoteColumns {
    const n = this.n;
    return {
      participants: this.participants,
      statements: this.statements,
      p: this.p.subarray(0, n),
      s: this.s.subarray(0, n),
      v: this.v.subarray(0, n),
      t: this.t.subarray(0, n),
      length: n,
    };
  }
}

/** Reads a `--groups` file: JSON `{ "<participant id>": <group id> }`. */
export function readGroupsFile(file: string): Map<string, number> {
  if (!fs.existsSync(file)) throw new PolisInputError(file, 'file not found');
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new PolisInputError(file, `not valid JSON (${(e as Error).message})`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new PolisInputError(file, 'must be an object of participant id → group id');
  }
  const out = new Map<string, number>();
  for (const [p, g] of Object.entries(parsed)) {
    if (!Number.isInteger(g) || (g as number) < 0)
      throw new PolisInputError(file, `group of participant ${p.slice(0, 40)} must be a whole number ≥ 0`);
    out.set(p, g as number);
  }
  return out;
}

export {
  csvLine,
  POLIS_FILES,
  polisExportFiles,
  unneutralised,
  writePolisExport,
  type PolisFile,
} from './polis-csv-write.ts';
