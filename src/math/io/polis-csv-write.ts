/**
 * Writing Polis exports (votes.csv, comments.csv, participants-votes.csv), and the CSV cells every export
 * of the platform writes: a cell a spreadsheet would run as a formula is neutralised.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { PolisExport } from './polis-csv.ts';

/**
 * A text cell that a spreadsheet would run as a formula (it starts with =, +, -, @, a tab or a carriage
 * return) gets a leading apostrophe, so opening an export never runs what a member or a voter wrote.
 * Numbers are written as they are.
 */
const FORMULA_START = /^[=+\-@\t\r]/;
const csvCell = (v: string | number): string => {
  const s = typeof v === 'number' ? String(v) : FORMULA_START.test(v) ? `'${v}` : v;
  return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
};
/** Undoes csvCell's apostrophe when reading a cell back (our own exports re-imported). */
export const unneutralised = (s: string): string =>
  s.startsWith("'") && FORMULA_START.test(s.slice(1)) ? s.slice(1) : s;
/**
 * One CSV line (with its newline), quoting cells that hold a quote, a comma or a line break, and keeping
 * text cells from being read as formulas.
 */
export const csvLine = (cells: (string | number)[]): string => `${cells.map(csvCell).join(',')}\n`;

/**
 * Writes a Polis-format export: votes.csv (every event, oldest first), comments.csv and
 * participants-votes.csv (latest votes, with each participant's group when `groups` is given).
 */
export const POLIS_FILES = ['votes.csv', 'comments.csv', 'participants-votes.csv'] as const;
export type PolisFile = (typeof POLIS_FILES)[number];

export function writePolisExport(
  dir: string,
  data: PolisExport,
  groups: ReadonlyMap<string, number | null> = new Map(),
): void {
  fs.mkdirSync(dir, { recursive: true });
  const files = polisExportFiles(data, groups);
  for (const name of POLIS_FILES) fs.writeFileSync(path.join(dir, name), files[name]);
}

/** The three files of a Polis export, as text. Votes are written in time order (ties keep their order). */
export function polisExportFiles(
  data: PolisExport,
  groups: ReadonlyMap<string, number | null> = new Map(),
): Record<PolisFile, string> {
  const files = {} as Record<PolisFile, string>;
  const events = [...data.votes].sort((a, b) => a.time - b.time);
  let out = csvLine(['timestamp', 'datetime', 'comment-id', 'voter-id', 'vote']);
  for (const v of events)
    out += csvLine([v.time, new Date(v.time).toUTCString(), v.statement, v.participant, v.vote]);
  files['votes.csv'] = out;

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
    // The flags before the body: tools that read the older layout by position still find the body last.
    'is-seed',
    'is-meta',
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
      s.seed ? 'true' : 'false',
      s.meta ? 'true' : 'false',
      s.text,
    ]);
  }
  files['comments.csv'] = out;

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
  files['participants-votes.csv'] = out;
  return files;
}
