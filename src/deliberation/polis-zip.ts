/**
 * A Polis export sent as one .zip: the export's own files are written to the import's private folder as
 * they are inflated (synchronously, so memory stays bounded however large the archive), each capped at the
 * size an export file may have; everything else in the archive (summary.csv, stats-history.csv, folders)
 * is skipped unread. An entry's folder is ignored and only its file name counts, so no entry can be written
 * outside the folder.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { Unzip, UnzipInflate } from 'fflate';
import { AppError } from '../core/errors.ts';

export async function extractPolisZip(
  zip: Readable,
  dir: string,
  wanted: readonly string[],
  maxBytes: number,
): Promise<string[]> {
  const written = new Map<string, { fd: number; bytes: number }>();
  let failure: AppError | null = null;
  const unzip = new Unzip((file) => {
    const name = path.basename(file.name);
    if (failure || !wanted.includes(name)) return;
    if (written.has(name)) {
      failure = new AppError('VALIDATION_FAILED', `The archive holds ${name} twice`, [
        { field: name, message: 'is in the archive twice' },
      ]);
      return;
    }
    let fd: number;
    try {
      fd = fs.openSync(path.join(dir, name), 'wx');
    } catch {
      failure = new AppError('VALIDATION_FAILED', `${name} was sent twice`, [
        { field: name, message: 'was sent twice (in the archive and beside it)' },
      ]);
      return;
    }
    const out = { fd, bytes: 0 };
    written.set(name, out);
    file.ondata = (err, chunk, final) => {
      if (failure) return;
      if (err) {
        failure = new AppError('VALIDATION_FAILED', `${name} in the archive cannot be read`, [
          { field: name, message: 'is damaged in the archive' },
        ]);
        return;
      }
      out.bytes += chunk.length;
      if (out.bytes > maxBytes) {
        failure = new AppError('PAYLOAD_TOO_LARGE', `${name} is larger than ${maxBytes / 1024 / 1024} MB`);
        file.terminate();
        return;
      }
      fs.writeSync(out.fd, chunk);
      if (final) fs.closeSync(out.fd);
    };
    file.start();
  });
  unzip.register(UnzipInflate);
  try {
    let first = true;
    for await (const chunk of zip) {
      const bytes = chunk instanceof Uint8Array ? chunk : new Uint8Array(Buffer.from(String(chunk)));
      // Every zip archive starts with a local file header, "PK\x03\x04".
      if (first && !(bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04))
        throw new Error('not a zip archive');
      first = false;
      unzip.push(bytes);
      if (failure) break;
    }
    if (!failure) unzip.push(new Uint8Array(0), true);
  } catch {
    failure ??= new AppError('VALIDATION_FAILED', 'The file is not a readable .zip archive', [
      { field: 'archive', message: 'is not a zip archive' },
    ]);
  } finally {
    for (const { fd } of written.values()) {
      try {
        fs.closeSync(fd);
      } catch {
        // closed already, when its entry ended
      }
    }
  }
  if (failure) {
    zip.resume();
    throw failure;
  }
  return [...written.keys()];
}
