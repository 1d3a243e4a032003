/**
 * The embedded database belongs to the server process while it runs (its folder is locked), so a backup
 * of it is taken by that process: `bin/broadchurch backup` asks through a Unix socket beside the data
 * folder. The socket is made readable and writable by the server's own user only (mode 0600): reaching it
 * needs that account on this machine, the same as reading the data folder.
 */
import fs from 'node:fs';
import http from 'node:http';
import { pipeline } from 'node:stream/promises';
import { writeBackup } from '../db/backup.ts';
import type { Db } from '../db/client.ts';

export const controlSocketPath = (dataDir: string): string => `${dataDir}.sock`;

/** Serves `GET /backup` on the data folder's socket; returns its close. */
export async function startControlSocket(
  dataDir: string,
  db: Db,
  log: (msg: string, err?: unknown) => void,
): Promise<() => Promise<void>> {
  const at = controlSocketPath(dataDir);
  // Left by a process that was killed: this one holds the folder's lock, so it is stale.
  fs.rmSync(at, { force: true });
  const server = http.createServer((req, res) => {
    if (req.method !== 'GET' || req.url !== '/backup') {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/gzip' });
    writeBackup(db, res).catch((err: unknown) => {
      log('backup through the control socket failed', err);
      res.destroy();
    });
  });
  const previous = process.umask(0o177);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(at, () => resolve());
    });
  } finally {
    process.umask(previous);
  }
  fs.chmodSync(at, 0o600);
  return () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
}

/** Streams a backup from a running server through its control socket into `out`; false when none answers. */
export function backupThroughSocket(dataDir: string, out: NodeJS.WritableStream): Promise<boolean> {
  const at = controlSocketPath(dataDir);
  if (!fs.existsSync(at)) return Promise.resolve(false);
  return new Promise((resolve, reject) => {
    const req = http.get({ socketPath: at, path: '/backup' }, (res) => {
      if (res.statusCode !== 200) {
        res.resume();
        reject(new Error(`the running server answered ${res.statusCode}`));
        return;
      }
      pipeline(res, out).then(() => resolve(true), reject);
    });
    req.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'ECONNREFUSED' || err.code === 'ENOENT') resolve(false);
      else reject(err);
    });
  });
}
