/** Request and response schemas of Pulse; types are inferred from them. */
import { z } from 'zod';
import { uuid } from './common.ts';

const name = z.string().trim().min(1, 'is required').max(100);

export const pulseSettingsBody = z.strictObject({
  party: name,
  drift: z.boolean().default(false),
  breaks: z
    .array(z.strictObject({ pollster: name, date: z.iso.date('must be a date like 2026-05-07') }))
    .max(50)
    .default([]),
});
export type PulseSettings = z.infer<typeof pulseSettingsBody>;

export const pulseImportParams = z.strictObject({ kind: z.enum(['polls', 'elections', 'results']) });

export const pulseImported = z.strictObject({
  kind: z.enum(['polls', 'elections', 'results']),
  rows: z.number().int(),
  added: z.number().int(),
  replaced: z.number().int(),
  /** The parties the file names. */
  parties: z.array(z.string()),
});

const seatRange = z.strictObject({
  seats: z.number().int(),
  lo: z.number().int(),
  hi: z.number().int(),
  pLargest: z.number(),
});

export const pulseReading = z.strictObject({
  party: z.string(),
  asOf: z.string(),
  sigmaPointsPerDay: z.number(),
  driftPointsPerDay: z.number().nullable(),
  logLik: z.number(),
  series: z.array(z.strictObject({ date: z.string(), share: z.number(), lo: z.number(), hi: z.number() })),
  polls: z.array(
    z.strictObject({ pollster: z.string(), date: z.string(), share: z.number(), n: z.number() }),
  ),
  elections: z.array(z.strictObject({ date: z.string(), share: z.number() })),
  houses: z.array(
    z.strictObject({ house: z.string(), points: z.number(), se: z.number(), polls: z.number().int() }),
  ),
  /**
   * The branch's own doorstep returns as one more pollster, by week: each week published once it has closed,
   * with noise (src/pulse/doorstep-weeks.ts); weeks with few contacts are neither shown nor used.
   */
  doorstep: z
    .strictObject({
      lean: z.number(),
      se: z.number(),
      /** Contacts in the weeks shown, to the nearest five (noisy). */
      contacts: z.number().int(),
      weeks: z.array(
        z.strictObject({
          /** The Monday the week starts. */
          week: z.string(),
          /** Whole percent. */
          share: z.number().int(),
          /** To the nearest five (noisy). */
          contacts: z.number().int(),
        }),
      ),
      hiddenWeeks: z.number().int(),
    })
    .nullable(),
  seats: z
    .strictObject({
      constituencies: z.number().int(),
      draws: z.number().int(),
      rows: z.array(
        z.strictObject({
          party: z.string(),
          previous: z.number(),
          now: z.number().nullable(),
          uniform: seatRange,
          proportional: seatRange,
        }),
      ),
    })
    .nullable(),
});
export type PulseReading = z.infer<typeof pulseReading>;

export const pulseView = z.strictObject({
  branch: z.strictObject({ id: uuid, name: z.string() }),
  /** May this member import polls and change the settings (an organiser or admin of the national party)? */
  canManage: z.boolean(),
  settings: pulseSettingsBody.nullable(),
  counts: z.strictObject({
    polls: z.number().int(),
    elections: z.number().int(),
    constituencies: z.number().int(),
  }),
  parties: z.array(z.string()),
  /** What is missing before there is a reading, said to a person; null when there is one. */
  missing: z.string().nullable(),
  reading: pulseReading.nullable(),
});
export type PulseView = z.infer<typeof pulseView>;
