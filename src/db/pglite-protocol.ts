/**
 * The messages between the embedded database's thread (pglite-worker.ts) and the client the rest of the
 * process uses (pglite-thread.ts). One request, one reply, matched by `id`; `tx` names the open
 * transaction a statement belongs to (0: none).
 */

export type RowMode = 'array' | 'object';

/**
 * The types the thread always leaves as text: those drizzle parses itself (dates, times, intervals, numeric
 * and date-time arrays), which it asks of every query. PGlite applies per-query parsers by copying its whole
 * table of parsers each time (a twentieth of the thread's work under load), so these are set once, for the
 * database, and a query names only the types it wants as text beyond them.
 */
export const TEXT_TYPES = [1114, 1184, 1186, 1082, 1231, 1115, 1185, 1187, 1182];

export type Request =
  | {
      id: number;
      op: 'query';
      sql: string;
      params: unknown[];
      rowMode: RowMode;
      /** Type OIDs the caller parses itself: the thread leaves their values as text. */
      text: number[];
      tx: number;
    }
  | { id: number; op: 'exec'; sql: string; tx: number }
  | { id: number; op: 'begin'; tx: number }
  | { id: number; op: 'end'; tx: number; commit: boolean }
  | { id: number; op: 'close' };

export interface Field {
  name: string;
  dataTypeID: number;
}

export interface Result {
  rows: unknown[];
  fields: Field[];
  affectedRows?: number;
}

/** A database error as plain fields (an Error's own fields do not survive being posted). */
export interface WireError {
  name: string;
  message: string;
  stack?: string;
  fields: Record<string, string | number>;
}

export type Reply =
  { id: number; ok: true; value?: Result | Result[] } | { id: number; ok: false; error: WireError };

/** The fields of PostgreSQL's error report that callers read (code, constraint, detail…). */
export const ERROR_FIELDS = [
  'code',
  'severity',
  'detail',
  'hint',
  'position',
  'internalPosition',
  'internalQuery',
  'where',
  'schema',
  'table',
  'column',
  'dataType',
  'constraint',
  'file',
  'line',
  'routine',
] as const;
