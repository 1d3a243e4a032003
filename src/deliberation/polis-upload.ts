/**
 * A Polis export as multipart/form-data — its files (the whole folder Polis gives: files that are not
 * needed are skipped), or the folder as one .zip — streamed to a private temporary folder as they arrive
 * (never held in memory), read from there by `use`, and deleted.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { FastifyRequest } from 'fastify';
import { importPolisFields, MAX_POLIS_FILE_BYTES } from '../contract/deliberation.ts';
import { AppError } from '../core/errors.ts';
import { POLIS_FILES } from '../math/io/polis-csv.ts';
import { extractPolisZip } from './polis-zip.ts';

/** Files of a Polis export folder that an import does not need: skipped when they come with it. */
const POLIS_EXTRAS: readonly string[] = ['summary.csv', 'stats-history.csv', 'comment-groups.csv'];

const tooLarge = (name: string) =>
  new AppError('PAYLOAD_TOO_LARGE', `${name} is larger than ${MAX_POLIS_FILE_BYTES / 1024 / 1024} MB`);

type Fields = ReturnType<typeof importPolisFields.parse>;

export async function withPolisUpload<T>(
  request: FastifyRequest,
  use: (fields: Fields, dir: string) => Promise<T>,
): Promise<T> {
  if (!request.isMultipart())
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send the Polis export as multipart/form-data');
  const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'bc-polis-'));
  try {
    const fields: Record<string, string> = {};
    const parts = request.parts({
      limits: { fileSize: MAX_POLIS_FILE_BYTES, files: 8, fields: 8, fieldSize: 8 * 1024, parts: 16 },
    });
    for await (const part of parts) {
      if (part.type === 'field') {
        if (typeof part.value === 'string') fields[part.fieldname] = part.value;
        continue;
      }
      const name = part.filename || part.fieldname;
      if (POLIS_EXTRAS.includes(name)) {
        // The rest of the folder Polis exports: not needed here.
        part.file.resume();
        continue;
      }
      if (name.toLowerCase().endsWith('.zip')) {
        await extractPolisZip(part.file, dir, POLIS_FILES, MAX_POLIS_FILE_BYTES);
        if (part.file.truncated) throw tooLarge(name);
        continue;
      }
      if (!(POLIS_FILES as readonly string[]).includes(name)) {
        part.file.resume();
        throw new AppError('VALIDATION_FAILED', `"${name.slice(0, 40)}" is not a file of a Polis export`, [
          { field: name.slice(0, 40), message: `must be one of ${POLIS_FILES.join(', ')}` },
        ]);
      }
      const target = path.join(dir, name);
      if (fs.existsSync(target)) {
        part.file.resume();
        throw new AppError('VALIDATION_FAILED', `${name} was sent twice`, [
          { field: name, message: 'was sent twice' },
        ]);
      }
      await pipeline(part.file, fs.createWriteStream(target));
      if (part.file.truncated) throw tooLarge(name);
    }
    const body = importPolisFields.safeParse(fields);
    if (!body.success)
      throw new AppError(
        'VALIDATION_FAILED',
        'The import form is not complete',
        body.error.issues.map((i) => ({ field: String(i.path[0] ?? 'form'), message: i.message })),
      );
    return await use(body.data, dir);
  } finally {
    await fs.promises.rm(dir, { recursive: true, force: true });
  }
}
