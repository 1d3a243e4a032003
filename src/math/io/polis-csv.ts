/**
 * Reading and writing Polis exports (votes.csv, comments.csv, participants-votes.csv). The one place in
 * src/math that touches files; the engine proper stays pure.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import type { StatementInput, Vote, VoteEvent } from '../matrix.ts';

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

function readCsv(file: string): { header: string[]; rows: { line: number; cells: string[] }[] } {
  if (!fs.existsSync(file)) throw new PolisInputError(file, 'file not found');
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(fs.readFileSync(file, 'utf8'), {
      info: true,
      bom: true,
      skip_empty_lines: true,
      relax_column_count: true,
    }) as unknown as typeof records;
  } catch (e) {
    const line = (e as { lines?: number }).lines;
    throw new PolisInputError(file, `not valid CSV (${(e as Error).message})`, line);
  }
  const [head, ...rest] = records;
  if (!head) throw new PolisInputError(file, 'the file is empty', 1);
  return {
    header: head.record.map((h) => h.trim()),
    rows: rest.map((r) => ({ line: r.info.lines, cells: r.record })),
  };
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

function readComments(dir: string): PolisExport['statements'] {
  const file = path.join(dir, 'comments.csv');
  const { header, rows } = readCsv(file);
  const idC = column(file, header, 'comment-id');
  const modC = column(file, header, 'moderated');
  const authorC = header.indexOf('author-id');
  const bodyC = header.indexOf('comment-body');
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
      meta: false,
      text: bodyC >= 0 ? (cells[bodyC] ?? '') : '',
      author: authorC >= 0 ? (cells[authorC] ?? '').trim() : '',
    };
  });
}

/** Reads a Polis export folder: votes.csv + comments.csv, or participants-votes.csv + comments.csv. */
export function readPolisExport(dir: string): PolisExport {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new PolisInputError(dir, 'not a folder');
  const statements = readComments(dir);
  const known = new Set(statements.map((s) => s.id));
  const votesFile = path.join(dir, 'votes.csv');
  const pvFile = path.join(dir, 'participants-votes.csv');
  const votes: VoteEvent[] = [];
  const polisGroups = new Map<string, number>();
  if (fs.existsSync(pvFile)) {
    const { header, rows } = readCsv(pvFile);
    const pC = column(pvFile, header, 'participant');
    const gC = column(pvFile, header, 'group-id');
    const first = header.indexOf('n-disagree') + 1;
    if (first <= 0) throw new PolisInputError(pvFile, 'missing column "n-disagree"', 1);
    const tids = header.slice(first);
    for (const t of tids)
      if (!known.has(t)) throw new PolisInputError(pvFile, `statement ${t} is not in comments.csv`, 1);
    for (const { line, cells } of rows) {
      const p = (cells[pC] ?? '').trim();
      if (!ID.test(p))
        throw new PolisInputError(pvFile, `participant "${p.slice(0, 40)}" is not an id`, line);
      const g = (cells[gC] ?? '').trim();
      if (g !== '') polisGroups.set(p, Number(g));
      if (fs.existsSync(votesFile)) continue;
      tids.forEach((t, c) => {
        const raw = (cells[first + c] ?? '').trim();
        if (raw !== '')
          votes.push({ participant: p, statement: t, vote: parseVote(pvFile, raw, line), time: 0 });
      });
    }
  }
  if (fs.existsSync(votesFile)) {
    const { header, rows } = readCsv(votesFile);
    const tC = column(votesFile, header, 'timestamp');
    const sC = column(votesFile, header, 'comment-id');
    const pC = column(votesFile, header, 'voter-id');
    const vC = column(votesFile, header, 'vote');
    for (const { line, cells } of rows) {
      const s = (cells[sC] ?? '').trim();
      const p = (cells[pC] ?? '').trim();
      const time = Number(cells[tC]);
      if (!Number.isFinite(time))
        throw new PolisInputError(votesFile, `timestamp "${cells[tC] ?? ''}" is not a number`, line);
      if (!ID.test(p))
        throw new PolisInputError(votesFile, `voter-id "${p.slice(0, 40)}" is not an id`, line);
      if (!known.has(s))
        throw new PolisInputError(votesFile, `comment-id ${s.slice(0, 40)} is not in comments.csv`, line);
      votes.push({ participant: p, statement: s, vote: parseVote(votesFile, cells[vC] ?? '', line), time });
    }
  } else if (!fs.existsSync(pvFile)) {
    throw new PolisInputError(votesFile, 'file not found (nor participants-votes.csv)');
  }
  return { votes, statements, polisGroups };
}

const csvCell = (v: string | number): string => {
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
};
const csvLine = (cells: (string | number)[]): string => `${cells.map(csvCell).join(',')}\n`;

/**
 * Writes a Polis-format export: votes.csv (every event, oldest first), comments.csv and
 * participants-votes.csv (latest votes, with each participant's group when `groups` is given).
 */
export function writePolisExport(
  dir: string,
  data: PolisExport,
  groups: ReadonlyMap<string, number | null> = new Map(),
): void {
  fs.mkdirSync(dir, { recursive: true });
  const events = [...data.votes].sort((a, b) => a.time - b.time);
  let out = csvLine(['timestamp', 'datetime', 'comment-id', 'voter-id', 'vote']);
  for (const v of events)
    out += csvLine([v.time, new Date(v.time).toUTCString(), v.statement, v.participant, v.vote]);
  fs.writeFileSync(path.join(dir, 'votes.csv'), out);

  const latest = new Map<string, Map<string, { vote: number; time: number }>>();
  for (const v of events) {
    let row = latest.get(v.participant);
    if (!row) latest.set(v.participant, (row = new Map<string, { vote: number; time: number }>()));
    row.set(v.statement, { vote: v.vote, time: v.time });
  }
  const agrees = new Map<string, number>();
  const disagrees = new Map<string, number>();
  for (const row of latest.values()) {
    for (const [s, { vote }] of row) {
      if (vote > 0) agrees.set(s, (agrees.get(s) ?? 0) + 1);
      if (vote < 0) disagrees.set(s, (disagrees.get(s) ?? 0) + 1);
    }
  }
  out = csvLine([
    'timestamp',
    'datetime',
    'comment-id',
    'author-id',
    'agrees',
    'disagrees',
    'moderated',
    'comment-body',
  ]);
  for (const s of data.statements) {
    const mod = s.status === 'accepted' ? 1 : s.status === 'rejected' ? -1 : 0;
    out += csvLine([
      0,
      new Date(0).toUTCString(),
      s.id,
      s.author,
      agrees.get(s.id) ?? 0,
      disagrees.get(s.id) ?? 0,
      mod,
      s.text,
    ]);
  }
  fs.writeFileSync(path.join(dir, 'comments.csv'), out);

  const authored = new Map<string, number>();
  for (const s of data.statements) if (s.author) authored.set(s.author, (authored.get(s.author) ?? 0) + 1);
  out = csvLine([
    'participant',
    'group-id',
    'n-comments',
    'n-votes',
    'n-agree',
    'n-disagree',
    ...data.statements.map((s) => s.id),
  ]);
  for (const [p, row] of latest) {
    const votes = [...row.values()];
    const g = groups.get(p);
    out += csvLine([
      p,
      g === undefined || g === null ? '' : g,
      authored.get(p) ?? 0,
      votes.length,
      votes.filter((v) => v.vote > 0).length,
      votes.filter((v) => v.vote < 0).length,
      ...data.statements.map((s) => {
        const v = row.get(s.id);
        return v === undefined ? '' : v.vote;
      }),
    ]);
  }
  fs.writeFileSync(path.join(dir, 'participants-votes.csv'), out);
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
