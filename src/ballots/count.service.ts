/**
 * Counting an election held on paper, or re-running one: a ballot file (BLT) counted by the method asked,
 * round by round. Pure arithmetic over what was sent (src/math/count.ts): nothing is stored, so any member
 * may count, and anyone can check a declared result.
 */
import type { z } from 'zod';
import type { ServiceContext } from '../lib/context.ts';
import { AppError } from '../core/errors.ts';
import { countElection, CountError, type Method } from '../math/count.ts';
import type { COUNT_METHODS } from '../contract/vocabulary.ts';
import { BltError, parseBlt } from '../math/io/blt.ts';
import type { countQuery } from '../contract/elections.ts';

/** The largest ballot file counted: a BLT line a ballot, some 500,000 ballots of a dozen preferences. */
export const MAX_BLT_BYTES = 20 * 1024 * 1024;

// The contract's methods are the engine's, no more and no fewer.
export const METHODS_AGREE: [(typeof COUNT_METHODS)[number], Method] extends [
  Method,
  (typeof COUNT_METHODS)[number],
]
  ? true
  : never = true;

export function countFile(_ctx: ServiceContext, query: z.infer<typeof countQuery>, body: unknown) {
  if (typeof body !== 'string')
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send the ballot file as text/plain');
  if (Buffer.byteLength(body) > MAX_BLT_BYTES)
    throw new AppError('PAYLOAD_TOO_LARGE', 'The ballot file is larger than 20 MB');
  try {
    return countElection(parseBlt(body, 'the ballot file'), query.method, query.seed);
  } catch (e) {
    if (e instanceof BltError)
      throw new AppError(
        'IMPORT_INVALID',
        `${e.errors.length === 1 ? 'A line' : `${e.errors.length} lines`} of the ballot file could not be read; nothing was counted`,
        e.errors.map((x) => ({ field: 'file', message: x.message, ...(x.line ? { line: x.line } : {}) })),
      );
    if (e instanceof CountError) throw new AppError('CANNOT_COUNT', e.message);
    throw e;
  }
}
