/**
 * Ballot files in the BLT format that OpenSTV, eSTV and other election tools share:
 *
 *     4 3                 candidates, seats
 *     -2                  (optional) withdrawn candidates, as negative numbers
 *     169 1 0             a ballot: its weight (how many identical papers), preferences…, 0
 *     33 1 2 0
 *     0                   end of ballots
 *     "Malcolm BELL"      one name a candidate, in quotes or not, in the order the numbers refer to
 *     …
 *     "Lerwick North"     the election's title
 *
 * Droop's options may come before the ballots: `[nick a b c]` gives the candidates short names that ballots
 * and `[withdrawn b]` may use.
 *
 * A file with any bad line gives nothing (no half-read election): every bad line is named, up to 50.
 */
import type { Election } from '../count.ts';

export interface LineError {
  line: number;
  message: string;
}

export const MAX_ERRORS = 50;

/** A ballot file that could not be read; `errors` names each bad line. */
export class BltError extends Error {
  readonly code = 'BAD_BALLOT_FILE';
  readonly errors: LineError[];
  constructor(file: string, errors: LineError[]) {
    super(`${file}: ${errors.map((e) => (e.line ? `line ${e.line}: ${e.message}` : e.message)).join('; ')}`);
    this.errors = errors;
  }
}

const unquote = (s: string) => {
  const t = s.trim();
  return t.length >= 2 && t.startsWith('"') && t.endsWith('"') ? t.slice(1, -1).replace(/""/g, '"') : t;
};

/** Reads a BLT file; `file` names it in errors. */
export function parseBlt(text: string, file = 'ballots.blt'): Election {
  const errors: LineError[] = [];
  const fail = (line: number, message: string) => {
    if (errors.length < MAX_ERRORS) errors.push({ line, message });
  };
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  let i = 0;
  const skipBlank = () => {
    while (i < lines.length && (lines[i] ?? '').trim() === '') i++;
  };
  skipBlank();
  const header = (lines[i] ?? '').trim().split(/\s+/);
  const headerLine = i + 1;
  const n = Number(header[0]);
  const seats = Number(header[1]);
  if (header.length !== 2 || !Number.isInteger(n) || !Number.isInteger(seats) || n < 1 || seats < 1) {
    throw new BltError(file, [
      {
        line: headerLine,
        message: `the first line must be "candidates seats" (two whole numbers of at least 1), not "${(lines[i] ?? '').trim()}"`,
      },
    ]);
  }
  if (n > 10_000) throw new BltError(file, [{ line: headerLine, message: `${n} candidates is too many` }]);
  if (seats > n)
    throw new BltError(file, [{ line: headerLine, message: `${seats} seats but only ${n} candidates` }]);
  i++;
  const withdrawn = new Set<number>();
  const ballots: { weight: number; prefs: number[] }[] = [];
  let ended = false;
  const nicks = new Map<string, number>();
  /** A candidate by number (1-based) or by nickname, as a 0-based index; -1 if neither. */
  const candidateOf = (t: string): number => {
    const byNick = nicks.get(t);
    if (byNick !== undefined) return byNick;
    const c = Number(t);
    return /^\d+$/.test(t) && c >= 1 && c <= n ? c - 1 : -1;
  };
  for (; i < lines.length; i++) {
    const raw = (lines[i] ?? '').trim();
    const lineNo = i + 1;
    if (raw === '') continue;
    if (raw.startsWith('[') && raw.endsWith(']') && ballots.length === 0) {
      const [option, ...values] = raw.slice(1, -1).trim().split(/\s+/);
      if (option === 'nick') {
        if (values.length !== n) fail(lineNo, `[nick] names ${values.length} candidates, not ${n}`);
        values.forEach((v, c) => nicks.set(v, c));
      } else if (option === 'withdrawn') {
        for (const v of values) {
          const c = candidateOf(v);
          if (c < 0) fail(lineNo, `withdrawn candidate "${v}" is not one of the candidates`);
          else withdrawn.add(c);
        }
      } else if (option !== 'tie' && option !== 'droop') fail(lineNo, `unknown option [${option ?? ''}]`);
      continue;
    }
    const tokens = raw.split(/\s+/);
    if (tokens.length === 1 && tokens[0] === '0') {
      ended = true;
      i++;
      break;
    }
    if (tokens.every((t) => /^-\d+$/.test(t))) {
      for (const t of tokens) {
        const c = -Number(t);
        if (c < 1 || c > n) fail(lineNo, `withdrawn candidate ${t} is not one of the ${n} candidates`);
        else withdrawn.add(c - 1);
      }
      continue;
    }
    // An optional ballot id in parentheses, as some tools write it.
    if (tokens[0]?.startsWith('(') && tokens[0].endsWith(')')) tokens.shift();
    const weight = Number(tokens[0]);
    if (!/^\d+$/.test(tokens[0] ?? '') || !(weight > 0) || weight > 1e9) {
      fail(lineNo, `a ballot line starts with its weight (a whole number above 0), not "${tokens[0] ?? ''}"`);
      continue;
    }
    if (tokens.at(-1) !== '0') {
      fail(lineNo, 'a ballot line ends with 0');
      continue;
    }
    const prefs: number[] = [];
    let bad = false;
    for (const t of tokens.slice(1, -1)) {
      if (t.includes('=')) {
        fail(lineNo, `equal preferences ("${t}") are not supported`);
        bad = true;
        break;
      }
      if (t === '-') continue;
      const c = candidateOf(t);
      if (c < 0) {
        fail(lineNo, `preference "${t}" is not a candidate (1 to ${n})`);
        bad = true;
        break;
      }
      // A candidate ranked twice: the later mark adds nothing.
      if (!prefs.includes(c)) prefs.push(c);
    }
    if (!bad) ballots.push({ weight, prefs });
  }
  if (!ended) fail(lines.length, 'the ballots must end with a line holding only 0');
  const names: string[] = [];
  for (; i < lines.length; i++) {
    const raw = (lines[i] ?? '').trim();
    if (raw === '') continue;
    names.push(unquote(raw));
  }
  if (ended && names.length < n + 1)
    fail(
      lines.length,
      `after the ballots come ${n} candidates' names and the title; found ${names.length} lines`,
    );
  const candidates = names.slice(0, n);
  const seen = new Set<string>();
  for (const name of candidates) {
    if (name === '') fail(0, 'a candidate has an empty name');
    if (seen.has(name)) fail(0, `two candidates are called "${name}"`);
    seen.add(name);
  }
  if (errors.length) throw new BltError(file, errors);
  return { title: names.slice(n).join(' ').trim(), candidates, seats, withdrawn: [...withdrawn], ballots };
}

const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;

/** Writes an election as BLT (identical ballots may be given once with their weight). */
export function writeBlt(e: Election): string {
  const out = [`${e.candidates.length} ${e.seats}`];
  if (e.withdrawn.length) out.push(e.withdrawn.map((c) => `-${c + 1}`).join(' '));
  for (const b of e.ballots)
    out.push(`${b.weight} ${b.prefs.map((c) => c + 1).join(' ')} 0`.replace('  ', ' '));
  out.push('0', ...e.candidates.map(quote), quote(e.title));
  return `${out.join('\n')}\n`;
}
