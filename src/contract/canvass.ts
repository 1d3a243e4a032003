/** Request and response schemas of the Doorstep API; types are inferred from them. */
import { z } from 'zod';
import {
  ABSENT_VOTER_KINDS,
  CANVASS_FLAGS,
  CONTACT_OUTCOMES,
  LANGUAGES,
  REGISTER_FIELDS,
  REGISTER_IMPORT_KINDS,
} from './vocabulary.ts';
import { email, phone, ref, time, uuid } from './common.ts';

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
/** What canvassers say at the door for a segment: short enough to read on a doorstep. */
export const doorstepScript = z
  .string()
  .trim()
  .max(600, 'must be at most 600 characters')
  .transform((s) => s || null);
export const segmentBody = z.strictObject({
  name: z.string().trim().min(1, 'is required').max(80, 'must be at most 80 characters'),
  filter: segmentFilter,
  script: doorstepScript.optional(),
});
export const scriptBody = z.strictObject({ script: doorstepScript });

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
  /** A number the elector gave to be called on polling day. */
  phone: z
    .string()
    .trim()
    .regex(/^\+?[0-9][0-9 ()-]{5,18}[0-9]$/, 'must be a phone number, like 07700 900123')
    .nullable()
    .default(null),
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

/** A change to a session: any of its time, place or title (its sign-ups are told). */
export const sessionChangeBody = z
  .strictObject({
    title: z.string().trim().min(1, 'is required').max(120).optional(),
    startsAt: isoTime.optional(),
    endsAt: isoTime.optional(),
    meetingPoint: z.string().trim().min(1, 'is required').max(200).optional(),
  })
  .refine((s) => Object.values(s).some((v) => v !== undefined), { message: 'must change something' });

export const signupBody = z.strictObject({
  name: z.string().trim().min(1, 'is required').max(100),
  email,
  /** Optional: an empty field is no phone. */
  phone: z.union([z.literal('').transform(() => undefined), phone]).optional(),
  /** The page's language: the confirmation and later mails about the session are written in it. */
  language: z.enum(LANGUAGES).optional(),
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

// Responses

export const registerSummary = z.object({
  branch: ref,
  electors: z.number(),
  postal: z.number(),
  removed: z.number(),
  districts: z.array(z.object({ district: z.string(), electors: z.number() })),
  elections: z.array(z.object({ id: z.string(), name: z.string(), heldOn: z.string(), voted: z.number() })),
  imports: z.array(
    z.object({
      id: z.string(),
      kind: z.string(),
      rows: z.number(),
      added: z.number(),
      matched: z.number(),
      removed: z.number(),
      at: time,
    }),
  ),
});
export type RegisterSummary = z.infer<typeof registerSummary>;

export const registerImported = z.object({
  kind: z.enum(REGISTER_IMPORT_KINDS),
  dryRun: z.boolean(),
  rows: z.number(),
  added: z.number(),
  matched: z.number(),
  removed: z.number(),
  /** Rows skipped because the elector was erased on request (they are not brought back). */
  suppressed: z.number(),
  importId: z.string().nullable(),
  /** The election a marked register recorded turnout for. */
  election: z.string().optional(),
});
export type ImportResult = z.infer<typeof registerImported>;

const segmentCounts = z.object({
  electors: z.number(),
  doors: z.number(),
  byDistrict: z.array(z.object({ district: z.string(), electors: z.number(), doors: z.number() })),
});
export const segmentCount = segmentCounts;
export type SegmentCount = z.infer<typeof segmentCount>;
export const savedSegment = segmentCounts.extend({
  id: z.string(),
  name: z.string(),
  filter: segmentFilter,
  script: z.string().nullable(),
});
export const segmentScript = z.object({ id: z.string(), script: z.string().nullable() });
export const segmentList = z.object({
  segments: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      filter: segmentFilter,
      script: z.string().nullable(),
      electors: z.number(),
      walks: z.number(),
      createdAt: time,
    }),
  ),
});
export type SegmentList = z.infer<typeof segmentList>;

export const walksCut = z.object({
  walks: z.array(z.object({ id: z.string(), name: z.string(), doors: z.number(), electors: z.number() })),
  electors: z.number(),
});
const assignment = z.object({
  id: z.string(),
  memberId: z.string(),
  name: z.string(),
  expiresAt: time,
  live: z.boolean(),
});
export const walkList = z.object({
  walks: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      doors: z.number(),
      electors: z.number(),
      segment: z.string().nullable(),
      visited: z.number(),
      assignments: z.array(assignment),
    }),
  ),
});
export type WalkList = z.infer<typeof walkList>;
export const assigned = assignment.extend({ walkId: z.string() });
export const revoked = z.object({ id: z.string(), live: z.boolean() });

export const assignedWalks = z.object({
  walks: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      doors: z.number(),
      electors: z.number(),
      branch: z.string(),
      expiresAt: time,
    }),
  ),
});
export type AssignedWalks = z.infer<typeof assignedWalks>;

const intentionCode = z.object({ code: z.string(), label: z.string() });
export const intentionCodes = z.object({ codes: z.array(intentionCode) });
/** An elector at a door, as a canvasser sees them: no more than the walk needs. */
export const electorAtDoor = z.object({
  id: z.string(),
  door: z.number(),
  electorNumber: z.string(),
  name: z.string(),
  address: z.string(),
  flat: z.string(),
});
export const walkDownload = z.object({
  walk: z.object({
    id: z.string(),
    name: z.string(),
    doors: z.number(),
    expiresAt: time,
    /** The script of the segment the walk was cut from, if the organiser wrote one. */
    script: z.string().nullable(),
  }),
  codes: z.array(intentionCode),
  /** `warning`: someone recorded this elector as not to be knocked (do not knock, deceased, moved). */
  /** `absent`: on an absent voters list of a polling day ahead (postal, proxy, or a proxy voting by post). */
  electors: z.array(
    electorAtDoor.extend({ warning: z.boolean(), absent: z.enum(ABSENT_VOTER_KINDS).nullable() }),
  ),
});
export type WalkDownload = z.infer<typeof walkDownload>;

export const syncResult = z.object({
  /** Ids now stored (including ones stored by an earlier upload): the phone may forget them. */
  accepted: z.array(z.string()),
  /** Ids that will never be taken, with why; the phone keeps them and shows them. */
  refused: z.array(
    z.object({
      id: z.string(),
      code: z.enum(['NOT_ASSIGNED', 'ASSIGNMENT_ENDED', 'NOT_ON_WALK', 'UNKNOWN_CODE', 'UNSTORABLE_TEXT']),
      message: z.string(),
    }),
  ),
});
export type SyncResult = z.infer<typeof syncResult>;

export const dashboard = z.object({
  days: z.number(),
  records: z.number(),
  doorsKnocked: z.number(),
  doorsContacted: z.number(),
  contactRate: z.number(),
  districts: z.array(
    z.object({
      district: z.string(),
      electors: z.number(),
      canvassed: z.number(),
      intentions: z.record(z.string(), z.number()),
    }),
  ),
  walks: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      doors: z.number(),
      visited: z.number(),
      records: z.number(),
      progress: z.number(),
    }),
  ),
  canvassers: z.array(
    z.object({
      memberId: z.string(),
      name: z.string(),
      records: z.number(),
      doors: z.number(),
      contactRate: z.number(),
      medianSecondsBetweenDoors: z.number().nullable(),
      intentions: z.number(),
      /** How far their intentions' mix is from the other canvassers' (0 alike, 1 disjoint). */
      calibration: z.number().nullable(),
      flags: z.array(z.enum(['contact_rate_near_100', 'doors_seconds_apart', 'intentions_unlike_others'])),
    }),
  ),
});
export type Dashboard = z.infer<typeof dashboard>;

export * from './canvass-people.ts';
