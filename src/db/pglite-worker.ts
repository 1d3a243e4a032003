/**
 * The embedded database's own thread: PGlite (PostgreSQL compiled to WebAssembly) runs here, so its work
 * does not stop the HTTP thread. Statements arrive as messages and are handed to PGlite as they come; PGlite
 * runs them one at a time, and a statement outside a transaction waits while one is open, as in one thread.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite, type QueryOptions, type Transaction } from '@electric-sql/pglite';
import {
  ERROR_FIELDS,
  TEXT_TYPES,
  type Reply,
  type Request,
  type Result,
  type WireError,
} from './pglite-protocol.ts';

const { dataDir } = workerData as { dataDir: string };
const port = parentPort;
if (!port) throw new Error('pglite-worker.ts runs as a worker thread');

const post = (reply: Reply) => port.postMessage(reply);

function toWire(err: unknown): WireError {
  if (!(err instanceof Error)) return { name: 'Error', message: String(err), fields: {} };
  const fields: Record<string, string | number> = {};
  const source = err as unknown as Record<string, unknown>;
  for (const key of ERROR_FIELDS) {
    const v = source[key];
    if (typeof v === 'string' || typeof v === 'number') fields[key] = v;
  }
  return { name: err.name, message: err.message, ...(err.stack ? { stack: err.stack } : {}), fields };
}

/** A PGlite result as plain data (no Blob). */
const plain = (r: {
  rows: unknown[];
  fields: { name: string; dataTypeID: number }[];
  affectedRows?: number;
}): Result => ({
  rows: r.rows,
  fields: r.fields.map((f) => ({ name: f.name, dataTypeID: f.dataTypeID })),
  ...(r.affectedRows === undefined ? {} : { affectedRows: r.affectedRows }),
});

const asText = (value: string) => value;
const textParsers = (oids: number[]) => Object.fromEntries(oids.map((oid) => [oid, asText]));
const alwaysText = new Set(TEXT_TYPES);

interface OpenTx {
  tx: Transaction;
  finish: (commit: boolean) => void;
  endId: number;
}

let db: PGlite;
try {
  db = await PGlite.create({ dataDir, parsers: textParsers(TEXT_TYPES) });
} catch (err) {
  post({ id: 0, ok: false, error: toWire(err) });
  throw err;
}
post({ id: 0, ok: true });

const open = new Map<number, OpenTx>();

function executor(tx: number): PGlite | Transaction {
  if (tx === 0) return db;
  const t = open.get(tx);
  if (!t) throw new Error(`Transaction ${tx} is not open`);
  return t.tx;
}

function begin(id: number, tx: number): void {
  let began = false;
  db.transaction(
    (t) =>
      new Promise<void>((resolve, reject) => {
        began = true;
        open.set(tx, {
          tx: t,
          endId: 0,
          finish: (commit) => (commit ? resolve() : reject(new RolledBack())),
        });
        post({ id, ok: true });
      }),
  ).then(
    () => settle(tx, null),
    (err: unknown) => (began ? settle(tx, err) : post({ id, ok: false, error: toWire(err) })),
  );
}

/** The transaction ended (committed, rolled back, or failing to commit): answers its `end`. */
function settle(tx: number, err: unknown): void {
  const t = open.get(tx);
  open.delete(tx);
  if (!t) return;
  if (err === null || err instanceof RolledBack) post({ id: t.endId, ok: true });
  else post({ id: t.endId, ok: false, error: toWire(err) });
}

class RolledBack extends Error {}

async function run(m: Extract<Request, { op: 'query' | 'exec' }>): Promise<Result | Result[]> {
  if (m.op === 'exec') return (await executor(m.tx).exec(m.sql)).map(plain);
  const more = m.text.filter((oid) => !alwaysText.has(oid));
  const options: QueryOptions = {};
  if (m.rowMode === 'array') options.rowMode = 'array';
  if (more.length > 0) options.parsers = textParsers(more);
  return plain(await executor(m.tx).query(m.sql, m.params, options));
}

port.on('message', (m: Request) => {
  if (m.op === 'begin') return begin(m.id, m.tx);
  if (m.op === 'end') {
    const t = open.get(m.tx);
    if (!t) return post({ id: m.id, ok: false, error: toWire(new Error(`Transaction ${m.tx} is not open`)) });
    t.endId = m.id;
    return t.finish(m.commit);
  }
  if (m.op === 'close') {
    void db.close().then(
      () => {
        post({ id: m.id, ok: true });
        port.close();
      },
      (err: unknown) => post({ id: m.id, ok: false, error: toWire(err) }),
    );
    return;
  }
  run(m).then(
    (value) => post({ id: m.id, ok: true, value }),
    (err: unknown) => post({ id: m.id, ok: false, error: toWire(err) }),
  );
});
