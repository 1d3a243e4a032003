/** Request and response schemas of elections: counting a ballot file (BLT) by a preferential method. */
import { z } from 'zod';
import { COUNT_METHODS as METHODS } from './vocabulary.ts';

export const countQuery = z.strictObject({
  method: z.enum(METHODS, { message: `must be one of ${METHODS.join(', ')}` }),
  /** The seed of the lot, used only for a tie equal at every round. */
  seed: z.string().trim().min(1).max(64).optional(),
});

const transfer = z.union([
  z.object({ kind: z.literal('first') }),
  z.object({ kind: z.enum(['surplus', 'exclusion']), from: z.string() }),
]);

/** A count round by round, as `bin/broadchurch count --json` prints it. */
export const countResult = z.object({
  method: z.enum(METHODS),
  title: z.string(),
  seats: z.number(),
  quota: z.number().nullable(),
  elected: z.array(z.string()),
  rounds: z.array(
    z.object({
      votes: z.record(z.string(), z.number()),
      elected: z.array(z.string()),
      excluded: z.array(z.string()),
      nonTransferable: z.number(),
      transfer,
    }),
  ),
  ties: z.array(
    z.object({
      round: z.number(),
      decides: z.enum(['exclusion', 'surplus', 'election']),
      between: z.array(z.string()),
      chosen: z.string(),
      by: z.enum(['earlier-round', 'lot']),
    }),
  ),
  seed: z.string(),
});
export type CountResultView = z.infer<typeof countResult>;
