/**
 * Reads an uploaded CSV as it arrives: a header row, then records with the line each starts on. Headers are
 * matched to our fields through aliases (the layout supplied to parties) or a column mapping the organiser
 * gives for other layouts. A broken file (bad quoting, too large) stops with IMPORT_INVALID and its line.
 */
import { Readable } from 'node:stream';
import { CsvError, parse } from 'csv-parse';
import { AppError, nulInFile, type FieldIssue } from '../core/errors.ts';
import { headerKey } from '../contract/vocabulary.ts';

export const MAX_UPLOAD_BYTES = 64 * 1024 * 1024;

interface CsvRow {
  line: number;
  values: string[];
}

/**
 * Resolves the header row to field positions. `aliases` maps a header key to a field; `mapping` (field →
 * the file's header, from the organiser) wins over aliases. Unknown columns are ignored.
 */
function resolveColumns<F extends string>(
  header: readonly string[],
  aliases: Readonly<Record<string, F>>,
  mapping: Partial<Record<F, string>> | undefined,
): { columns: Map<F, number>; issues: FieldIssue[] } {
  const keys = header.map(headerKey);
  const columns = new Map<F, number>();
  const issues: FieldIssue[] = [];
  keys.forEach((k, i) => {
    const field = aliases[k];
    if (field !== undefined && !columns.has(field)) columns.set(field, i);
  });
  for (const [field, name] of Object.entries(mapping ?? {}) as [F, string | undefined][]) {
    if (name === undefined) continue;
    const i = keys.indexOf(headerKey(name));
    if (i < 0)
      issues.push({ field, message: `is mapped to "${name}", which is not a column of the file`, line: 1 });
    else columns.set(field, i);
  }
  return { columns, issues };
}

/** Yields the header (line 1) and then each record, parsed while the upload streams in. */
async function* readCsv(input: Readable | string): AsyncGenerator<CsvRow> {
  const source = typeof input === 'string' ? Readable.from([input]) : input;
  let bytes = 0;
  const parser = parse({
    bom: true,
    info: true,
    skip_empty_lines: true,
    trim: true,
    relax_column_count: true,
  });
  source.on('data', (chunk: Buffer | string) => {
    bytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length;
    if (bytes > MAX_UPLOAD_BYTES) {
      source.unpipe(parser);
      parser.destroy(
        new AppError('PAYLOAD_TOO_LARGE', `A file may be at most ${MAX_UPLOAD_BYTES / 1024 / 1024} MB`),
      );
    }
  });
  source.on('error', (err) => parser.destroy(err));
  source.pipe(parser);
  try {
    for await (const out of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      if (out.record.some((v) => v.includes('\u0000'))) throw nulInFile(out.info.lines);
      yield { line: out.info.lines, values: out.record };
    }
  } catch (err) {
    if (err instanceof CsvError) {
      const line = typeof err.lines === 'number' ? err.lines : undefined;
      throw new AppError('IMPORT_INVALID', `The file is not valid CSV${line ? ` (line ${line})` : ''}`, [
        { field: 'file', message: err.message, ...(line ? { line } : {}) },
      ]);
    }
    throw err;
  }
}

export interface TableRow<F extends string> {
  line: number;
  values: string[];
  /** The trimmed cell of a field, or '' when the file has no such column. */
  get: (field: F) => string;
  /** The number of cells the header has. */
  width: number;
}

/**
 * Reads a CSV with a header row as it streams in: resolves the header to fields (refusing the file when
 * a `required` field has no column: each entry is the fields any one of which will do, and the name to
 * report), then yields each row.
 */
export async function* readTable<F extends string>(
  input: Readable | string,
  aliases: Readonly<Record<string, F>>,
  mapping: Partial<Record<F, string>> | undefined,
  required: readonly (readonly [readonly F[], string])[],
): AsyncGenerator<TableRow<F>> {
  let columns: Map<F, number> | null = null;
  let width = 0;
  for await (const { line, values } of readCsv(input)) {
    if (!columns) {
      const resolved = resolveColumns(values, aliases, mapping);
      const found = resolved.columns;
      for (const [fields, label] of required)
        if (!fields.some((f) => found.has(f)))
          resolved.issues.push({
            field: label,
            message: 'column is missing (or pick the column that holds it, under “Another layout?”)',
            line: 1,
          });
      if (resolved.issues.length > 0)
        throw new AppError('IMPORT_INVALID', 'The header row is not right', resolved.issues);
      columns = found;
      width = values.length;
      continue;
    }
    const at = columns;
    yield {
      line,
      values,
      width,
      get: (field) => {
        const i = at.get(field);
        return i === undefined ? '' : (values[i] ?? '').trim();
      },
    };
  }
  if (!columns)
    throw new AppError('IMPORT_INVALID', 'The file is empty', [
      { field: 'file', message: 'is empty', line: 1 },
    ]);
}

/** At most this many problems of a file are kept and reported; the rest are only counted. */
export const MAX_PROBLEMS = 500;

/**
 * The problems found in an uploaded file: the first MAX_PROBLEMS are kept (a file of a million bad rows
 * must not fill the memory), and the lines with a problem are counted, all of them.
 */
export class Problems {
  readonly kept: FieldIssue[] = [];
  #lines = 0;
  #lastLine: number | undefined = undefined;

  add(issue: FieldIssue): void {
    if (issue.line === undefined || issue.line !== this.#lastLine) {
      this.#lines++;
      this.#lastLine = issue.line;
    }
    if (this.kept.length < MAX_PROBLEMS) this.kept.push(issue);
  }

  /** Problems found apart from the reading (in the database), with the lines they are on. */
  addLater(issue: FieldIssue): void {
    this.#lastLine = undefined;
    this.add(issue);
  }

  /** Counts lines with problems that are not kept (beyond the first MAX_PROBLEMS). */
  countLines(n: number): void {
    this.#lines += Math.max(0, n);
  }

  get size(): number {
    return this.kept.length;
  }

  /** Lines with at least one problem (each counted once when a line's problems come together). */
  get lines(): number {
    return this.#lines;
  }

  /** Refuses the whole file with the problems kept, by line; nothing has been written. */
  refuse(rows: number): never {
    refuseFile(this.kept, rows, this.#lines);
  }
}

/** Refuses the whole file with the problems found (the first MAX_PROBLEMS), by line; nothing was written. */
export function refuseFile(issues: FieldIssue[], rows: number, badLines?: number): never {
  issues.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  const lines = badLines ?? new Set(issues.map((i) => i.line)).size;
  const shown = issues.slice(0, MAX_PROBLEMS);
  const more =
    lines > new Set(shown.map((i) => i.line)).size ? ` (the first ${MAX_PROBLEMS} problems are listed)` : '';
  throw new AppError(
    'IMPORT_INVALID',
    `${lines} of ${rows} rows have problems; nothing was imported${more}`,
    shown,
  );
}
