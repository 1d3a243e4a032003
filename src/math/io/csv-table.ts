/** A CSV text as a header and numbered rows: the one CSV reader of the engine's files (Polis, Pulse). */
import { parse } from 'csv-parse/sync';

export interface CsvTable {
  header: string[];
  /** Each row with the line it ends on. */
  rows: { line: number; cells: string[] }[];
}

/**
 * Reads the text; `fail(message, line)` makes the error thrown when it is not CSV or is empty, so each
 * reader reports it in its own way.
 */
export function csvTable(text: string, fail: (message: string, line: number | undefined) => Error): CsvTable {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, {
      info: true,
      bom: true,
      skip_empty_lines: true,
      relax_column_count: true,
    }) as unknown as typeof records;
  } catch (e) {
    throw fail(`not valid CSV (${(e as Error).message})`, (e as { lines?: number }).lines);
  }
  const [head, ...rest] = records;
  if (!head) throw fail('the file is empty', 1);
  return {
    header: head.record.map((h) => h.trim()),
    rows: rest.map((r) => ({ line: r.info.lines, cells: r.record })),
  };
}
