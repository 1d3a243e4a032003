/** Request and response schemas of polling day (part of Doorstep); types are inferred from them. */
import { z } from 'zod';
import { KNOCKUP_RESULTS } from './vocabulary.ts';
import { time, uuid } from './common.ts';

const district = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z0-9]{1,6}$/, 'must be a polling district code');
const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time like 07:00');
const code = z.string().trim().toUpperCase().min(1).max(12);

export const pollingParams = z.strictObject({ id: uuid });
export const knockupParams = z.strictObject({ id: uuid, walkId: uuid });
export const tellerParams = z.strictObject({ id: uuid, stationId: uuid });

/** Who counts as a pledge: the latest intention one of `codes`, at `minStrength` (1 soft … 3 firm) or firmer. */
export const pledgeRule = z.strictObject({
  codes: z.array(code).min(1).max(5).default(['US']),
  minStrength: z.number().int().min(1).max(3).default(2),
  /** Or the electors of a saved segment of the branch (then codes and strength do not apply). */
  segmentId: uuid.nullable().default(null),
});
export const pledgeCountBody = z.strictObject({ rule: pledgeRule });

export const station = z.strictObject({
  name: z.string().trim().min(1, 'is required').max(120),
  address: z.string().trim().min(1, 'is required').max(200),
  districts: z
    .array(district)
    .min(1, 'needs at least one polling district')
    .max(20)
    .refine((d) => new Set(d).size === d.length, 'must not repeat a district'),
});

export const pollingDayBody = z
  .strictObject({
    name: z.string().trim().min(1, 'is required').max(80),
    heldOn: z.iso.date('must be a date like 2026-05-07'),
    opens: clock.default('07:00'),
    closes: clock.default('22:00'),
    rule: pledgeRule,
    target: z.number().int().min(1).max(10_000_000).nullable().default(null),
    /** When the knock-up lists go out again, local time. */
    rounds: z
      .array(clock)
      .max(12)
      .default(['10:00', '14:00', '17:00', '19:30'])
      .refine((r) => new Set(r).size === r.length, 'must not repeat a time'),
    retentionDays: z.number().int().min(1).max(365).default(60),
    stations: z.array(station).min(1, 'needs at least one polling station').max(100),
  })
  .refine((b) => b.opens < b.closes, { message: 'must be after the opening time', path: ['closes'] })
  .refine((b) => b.rounds.every((r) => r >= b.opens && r < b.closes), {
    message: 'must be while the polls are open',
    path: ['rounds'],
  })
  .refine(
    (b) => {
      const all = b.stations.flatMap((s) => s.districts);
      return new Set(all).size === all.length;
    },
    { message: 'a polling district votes at one station only', path: ['stations'] },
  );

export const tellerBody = z.strictObject({ memberId: uuid });

/** Polling day's shifts of one kind, `hours` long from the opening of the polls to their close. */
export const shiftsBody = z.strictObject({
  kind: z.enum(['telling', 'knocking', 'driving']),
  /** Telling at one station only (by default at each). */
  stationId: uuid.optional(),
  hours: z.number().int().min(1).max(15).default(2),
  /** Where knockers and drivers meet (tellers meet at their station). */
  meetingPoint: z.string().trim().max(200).default(''),
});
export const shiftsMade = z.object({ sessions: z.number() });

export const postalWalksBody = z.strictObject({ doorsPerWalk: z.number().int().min(5).max(300).default(60) });
export const postalWalksMade = z.object({ walks: z.number(), electors: z.number() });

/** One number as the phone queued it; sent again with `undone` when the teller undoes it. */
export const tellingEntry = z.strictObject({
  id: uuid,
  stationId: uuid,
  entered: z.string().trim().min(1, 'is required').max(20),
  takenAt: z.iso.datetime({ offset: true }),
  undone: z.boolean().default(false),
  /** The teller was asked, and confirmed, a number in a district that is not the station's. */
  otherDistrict: z.boolean().default(false),
});
export const tellingBody = z.strictObject({ entries: z.array(tellingEntry).min(1).max(500) });

export const knockupRecord = z.strictObject({
  id: uuid,
  electionId: uuid,
  walkId: uuid,
  electorId: uuid,
  result: z.enum(KNOCKUP_RESULTS),
  madeAt: z.iso.datetime({ offset: true }),
  /** With `lift`: when the voter wants to go (local time); none: as soon as can be. */
  liftAt: clock.optional(),
});
export const knockupBody = z.strictObject({ records: z.array(knockupRecord).min(1).max(500) });

// Responses.

const counts = z.object({ pledges: z.number(), voted: z.number() });

export const pledgeCount = z.object({
  pledges: z.number(),
  byDistrict: z.array(z.object({ district: z.string(), pledges: z.number() })),
});

export const stationView = z.object({
  id: z.string(),
  name: z.string(),
  address: z.string(),
  districts: z.array(z.string()),
  tellers: z.array(z.object({ id: z.string(), name: z.string() })),
});

export const pollingDay = z.object({
  id: z.string(),
  branchId: z.string(),
  name: z.string(),
  heldOn: z.string(),
  opens: z.string(),
  closes: z.string(),
  rule: z.object({ codes: z.array(z.string()), minStrength: z.number(), segmentId: z.string().nullable() }),
  target: z.number().nullable(),
  rounds: z.array(z.string()),
  retentionDays: z.number(),
  stations: z.array(stationView),
});
export type PollingDay = z.infer<typeof pollingDay>;
export const pollingDayList = z.object({
  pollingDays: z.array(
    z.object({ id: z.string(), name: z.string(), heldOn: z.string(), stations: z.number() }),
  ),
});

/** A teller's stations, for the phone: what it needs to read numbers there and nothing more. */
export const tellerStations = z.object({
  stations: z.array(
    z.object({
      id: z.string(),
      electionId: z.string(),
      election: z.string(),
      heldOn: z.string(),
      opens: z.string(),
      closes: z.string(),
      name: z.string(),
      address: z.string(),
      districts: z.array(z.string()),
    }),
  ),
});

export const knockupWalks = z.object({
  walks: z.array(
    z.object({
      electionId: z.string(),
      election: z.string(),
      heldOn: z.string(),
      walkId: z.string(),
      walk: z.string(),
    }),
  ),
});

export const tellingResult = z.object({
  /** Ids now stored (including ones stored before): the phone may forget them. */
  accepted: z.array(z.string()),
  /** Of those, the ones that matched no one on the register: kept, and shown to the teller for checking. */
  unmatched: z.array(z.string()),
  refused: z.array(
    z.object({
      id: z.string(),
      /** OTHER_DISTRICT: asked again of the teller ("record anyway?"), and sent with `otherDistrict`. */
      code: z.enum(['NOT_TELLING_THERE', 'OTHER_DISTRICT', 'OUT_OF_TIME']),
      message: z.string(),
    }),
  ),
});
export type TellingResult = z.infer<typeof tellingResult>;

export const knockupResult = z.object({
  accepted: z.array(z.string()),
  refused: z.array(
    z.object({
      id: z.string(),
      code: z.enum(['NOT_ASSIGNED', 'NOT_ON_WALK', 'OUT_OF_TIME']),
      message: z.string(),
    }),
  ),
});

// Polling day's tools: the presiding officers' turnout, paper slips, drivers and lifts.

export const stationParams = z.strictObject({ stationId: uuid });
export const liftParams = z.strictObject({ id: uuid, electorId: uuid });

export const turnoutBody = z.strictObject({
  voted: z.number().int().min(0).max(1_000_000),
  /** When the presiding officer gave it; default now. */
  at: z.iso.datetime({ offset: true }).optional(),
});

/** The numbers taken at a station by every teller there: what a teller's phone shows as the station's. */
export const stationCount = z.object({ at: time, thisHour: z.number(), today: z.number() });

export const slipBody = z.strictObject({
  stationId: uuid,
  /** The hour the slip covers, as it starts ("14:00"). */
  hour: z.string().regex(/^([01]\d|2[0-3]):00$/, 'is not an hour like 14:00'),
  /** The slip's numbers as typed: separated by spaces, commas or new lines. */
  numbers: z.string().trim().min(1, 'is required').max(20_000),
  /** Numbers of districts that do not vote at the station are recorded too (asked first). */
  otherDistricts: z.boolean().default(false),
});
export const slipStored = z.object({ stored: z.number(), unmatched: z.array(z.string()) });

/** Per station, how many numbers came in each hour of the day so far: an hour with none is a slip missing. */
export const tellingHours = z.object({
  hours: z.array(z.string()),
  stations: z.array(
    z.object({ id: z.string(), name: z.string(), phone: z.array(z.number()), slip: z.array(z.number()) }),
  ),
});

export const drivers = z.object({ drivers: z.array(z.object({ id: z.string(), name: z.string() })) });

export const lift = z.object({
  electorId: z.string(),
  name: z.string(),
  address: z.string(),
  number: z.string(),
  wantedAt: z.string().nullable(),
  requestedAt: time,
  driver: z.object({ id: z.string(), name: z.string() }).nullable(),
  takenAt: time.nullable(),
  doneAt: time.nullable(),
});
export const lifts = z.object({ lifts: z.array(lift) });
export type Lift = z.infer<typeof lift>;

/** The polling days (today's and later) of the branches a member organises: their home page says so. */
export const organisingDays = z.object({
  days: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      heldOn: z.string(),
      branchId: z.string(),
      branch: z.string(),
    }),
  ),
});

/** What a phone bank's call found: voted, spoke (and they will vote), or no answer. */
export const PHONE_RESULTS = ['voted', 'called', 'no_answer'] as const;
export const phoneCallBody = z.strictObject({
  electorId: uuid,
  result: z.enum(PHONE_RESULTS),
});
export const phoneBank = z.object({
  at: time,
  electors: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      address: z.array(z.string()),
      number: z.string(),
      phone: z.string(),
      last: z.object({ result: z.enum(PHONE_RESULTS), at: time }).nullable(),
    }),
  ),
});
export type PhoneBank = z.infer<typeof phoneBank>;

/** The polling days a member drives on. */
export const drivingDays = z.object({
  days: z.array(z.object({ id: z.string(), name: z.string(), heldOn: z.string(), lifts: z.number() })),
});

export const committeeRoom = z.object({
  at: time,
  target: z.number().nullable(),
  rounds: z.array(z.string()),
  round: z.string().nullable(),
  totals: counts.extend({ postal: z.number(), unmatched: z.number(), numbers: z.number() }),
  districts: z.array(counts.extend({ district: z.string() })),
  stations: z.array(
    counts.extend({
      id: z.string(),
      name: z.string(),
      districts: z.array(z.string()),
      numbersThisHour: z.number(),
      tellers: z.array(z.object({ id: z.string(), name: z.string(), lastSync: time.nullable() })),
      /** The presiding officer's latest turnout figure, or null before one is entered. */
      turnout: z.object({ voted: z.number(), at: time }).nullable(),
    }),
  ),
  /** Hours until the polls close (0 once closed, or on another day than polling day). */
  hoursLeft: z.number(),
  walks: z.array(
    counts.extend({
      id: z.string(),
      name: z.string(),
      left: z.number(),
      /** The walk's doors (addresses), for pledges left per door. */
      doors: z.number(),
      out: z.array(z.object({ id: z.string(), name: z.string() })),
    }),
  ),
});
export type CommitteeRoom = z.infer<typeof committeeRoom>;
export type KnockupWalks = z.infer<typeof knockupWalks>;
export type TellerStations = z.infer<typeof tellerStations>;
export type PollingDayList = z.infer<typeof pollingDayList>;

/** A knock-up list: the walk's pledges who have not voted, in walking order. */
export const knockupList = z.object({
  walk: z.object({ id: z.string(), name: z.string() }),
  at: time,
  /** The round under way on polling day ("14:00"), or null before the first or on another day. */
  round: z.string().nullable(),
  pledges: z.number(),
  voted: z.number(),
  electors: z.array(
    z.object({
      id: z.string(),
      door: z.number(),
      name: z.string(),
      address: z.array(z.string()),
      /** The street the door is on (for the round's map). */
      street: z.string(),
      number: z.string(),
      proxy: z.boolean(),
      lastResult: z.enum(KNOCKUP_RESULTS).nullable(),
    }),
  ),
});
export type KnockupList = z.infer<typeof knockupList>;

export const unmatchedList = z.object({
  entries: z.array(z.object({ id: z.string(), station: z.string(), entered: z.string(), takenAt: time })),
});

export const afterThePoll = z.object({
  /** Null until the election's marked register is imported. */
  marked: z.boolean(),
  districts: z.array(
    z.object({
      district: z.string(),
      pledges: z.number(),
      pledgesVoted: z.number(),
      /** Voters in person (from the marked register) and how many of them tellers took. */
      votedInPerson: z.number(),
      told: z.number(),
    }),
  ),
});

export const absentVotersImported = z.object({
  rows: z.number(),
  postal: z.number(),
  proxy: z.number(),
  postalProxy: z.number(),
});
export type AfterThePoll = z.infer<typeof afterThePoll>;
export type UnmatchedList = z.infer<typeof unmatchedList>;
export type AbsentVotersImported = z.infer<typeof absentVotersImported>;
export type ShiftsMade = z.infer<typeof shiftsMade>;
export type PostalWalksMade = z.infer<typeof postalWalksMade>;
export type PledgeCount = z.infer<typeof pledgeCount>;
