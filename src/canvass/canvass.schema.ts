/** Request schemas of the Doorstep API; types are inferred from them. */
import { z } from 'zod';
import { CANVASS_FLAGS, CONTACT_OUTCOMES } from '../db/schema/index.ts';
import { email, uuid } from '../contract/common.ts';
import { REGISTER_FIELDS } from './register-format.ts';

export const idParams = z.strictObject({ id: uuid });
export const electorParams = z.strictObject({ id: uuid, electorId: uuid });
const bool = z.enum(['true', 'false']).optional();
const district = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z0-9]{1,6}$/, 'must be a polling district code');

const mapping = z
  .string()
  .max(4000)
  .optional()
  .transform((s, ctx) => {
    if (s === undefined || s === '') return undefined;
    try {
      const parsed = z.partialRecord(z.enum(REGISTER_FIELDS), z.string().max(100)).safeParse(JSON.parse(s));
      if (parsed.success) return parsed.data;
    } catch {
      // reported below
    }
    ctx.addIssue({ code: 'custom', message: 'must be JSON naming, for each field, a column of the file' });
    return z.NEVER;
  });

export const registerQuery = z.strictObject({
  kind: z.enum(['full', 'update']).default('full'),
  dryRun: bool,
  mapping,
});

export const markedQuery = z.strictObject({
  election: z.string().trim().min(1, 'is required').max(80),
  heldOn: z.iso.date('must be a date like 2026-05-07'),
  dryRun: bool,
  mapping,
});

export const TURNOUT = ['never_voted', 'lapsed', 'voted_last'] as const;

/** A targeting segment: electors matching every given condition (each list: any of its values). */
export const segmentFilter = z.strictObject({
  districts: z.array(district).max(100).optional(),
  turnout: z.array(z.enum(TURNOUT)).max(3).optional(),
  newAttainers: z.boolean().optional(),
  postal: z.boolean().optional(),
  lastOutcome: z
    .array(z.enum([...CONTACT_OUTCOMES, 'not_canvassed']))
    .max(8)
    .optional(),
  intention: z.array(z.string().trim().min(1).max(12)).max(20).optional(),
});
export type SegmentFilter = z.infer<typeof segmentFilter>;

export const countBody = z.strictObject({ filter: segmentFilter });
export const segmentBody = z.strictObject({
  name: z.string().trim().min(1, 'is required').max(80, 'must be at most 80 characters'),
  filter: segmentFilter,
});

export const cutBody = z.strictObject({
  doorsPerWalk: z.number().int().min(5, 'must be at least 5').max(300, 'must be at most 300').default(60),
});

export const assignBody = z.strictObject({
  memberId: uuid,
  /** How long the assignment lasts, in hours (default 8: a day's canvassing). */
  hours: z
    .number()
    .int()
    .min(1)
    .max(24 * 14)
    .default(8),
});

const isoTime = z.iso.datetime({ offset: true, message: 'must be a time like 2026-11-28T10:00:00Z' });

export const canvassRecord = z.strictObject({
  id: uuid,
  electorId: uuid,
  walkId: uuid,
  madeAt: isoTime,
  outcome: z.enum(CONTACT_OUTCOMES),
  intention: z.string().trim().min(1).max(12).nullable().default(null),
  strength: z.number().int().min(1).max(3).nullable().default(null),
  flags: z
    .array(z.enum(CANVASS_FLAGS))
    .max(CANVASS_FLAGS.length)
    .default([])
    .refine((f) => new Set(f).size === f.length, 'must not repeat a flag'),
  issues: z.array(z.string().trim().toLowerCase().min(1).max(40)).max(10).default([]),
  note: z.string().trim().max(280, 'must be at most 280 characters').nullable().default(null),
});
export type CanvassRecordInput = z.infer<typeof canvassRecord>;

export const syncBody = z.strictObject({ records: z.array(canvassRecord).min(1).max(500) });

export const codesBody = z.strictObject({
  codes: z
    .array(
      z.strictObject({
        code: z.string().trim().toUpperCase().min(1).max(12),
        label: z.string().trim().min(1).max(60),
      }),
    )
    .min(1)
    .max(20)
    .refine((c) => new Set(c.map((x) => x.code)).size === c.length, 'must not repeat a code'),
});

export const sessionBody = z
  .strictObject({
    title: z.string().trim().min(1, 'is required').max(120),
    startsAt: isoTime,
    endsAt: isoTime,
    meetingPoint: z.string().trim().min(1, 'is required').max(200),
    walkIds: z.array(uuid).max(100).default([]),
  })
  .refine((s) => Date.parse(s.endsAt) > Date.parse(s.startsAt), {
    message: 'must be after the start',
    path: ['endsAt'],
  });

export const signupBody = z.strictObject({
  name: z.string().trim().min(1, 'is required').max(100),
  email,
});

export const issuesSendBody = z.strictObject({
  conversationId: uuid,
  statements: z
    .array(
      z.string().trim().min(8, 'must be at least 8 characters').max(280, 'must be at most 280 characters'),
    )
    .min(1)
    .max(10),
});

export const electorSearch = z.strictObject({
  q: z.string().trim().min(2, 'must be at least 2 characters').max(100),
});

export const daysQuery = z.strictObject({
  days: z.coerce.number().int().min(1).max(3650).default(30),
});
