/** Responses of the Doorstep API about people: electors and their rights, doorstep issues, canvass sessions. */
import { z } from 'zod';
import { ref, time } from './common.ts';
import { CONTACT_OUTCOMES } from './vocabulary.ts';

const electorName = z.object({
  id: z.string(),
  electorNumber: z.string(),
  name: z.string(),
  address: z.string(),
});
export const electorHits = z.object({ electors: z.array(electorName.extend({ removed: z.boolean() })) });
export type ElectorHits = z.infer<typeof electorHits>;
export const electorCard = electorName.extend({
  postal: z.boolean(),
  removed: z.boolean(),
  latestIntention: z
    .object({ intention: z.string().nullable(), strength: z.number().nullable(), madeAt: time })
    .nullable(),
  turnout: z.array(z.object({ election: z.string(), heldOn: z.string(), postal: z.boolean() })),
  records: z.array(
    z.object({
      id: z.string(),
      madeAt: time,
      receivedAt: time,
      outcome: z.enum(CONTACT_OUTCOMES),
      intention: z.string().nullable(),
      strength: z.number().nullable(),
      flags: z.array(z.string()),
      issues: z.array(z.string()),
      note: z.string().nullable(),
      canvasserId: z.string().nullable(),
      walkId: z.string().nullable(),
    }),
  ),
});
export type ElectorCard = z.infer<typeof electorCard>;
export const electorErased = z.object({ erased: z.boolean(), canvassRecords: z.number() });

const retentionRun = z.object({
  id: z.string(),
  ranAt: time,
  cutoff: time,
  canvassRecords: z.number(),
  signups: z.number(),
});
export const retentionStatus = z.object({ days: z.number(), runs: z.array(retentionRun) });
export type RetentionStatus = z.infer<typeof retentionStatus>;
export const retentionRan = retentionRun;

export const topIssues = z.object({
  branch: ref,
  days: z.number(),
  issues: z.array(z.object({ issue: z.string(), raised: z.number() })),
});
/** Where a branch's doorstep issues can go: the open conversations of it and of the branches above it. */
export const issueTargets = z.object({
  conversations: z.array(z.object({ id: z.string(), title: z.string(), branch: z.string() })),
});
export type IssueTargets = z.infer<typeof issueTargets>;

export const issuesSent = z.object({
  conversationId: z.string(),
  added: z.number(),
  pending: z.number(),
  skipped: z.number(),
});

const sessionPublic = z.object({
  id: z.string(),
  title: z.string(),
  branch: z.string(),
  startsAt: time,
  endsAt: time,
  meetingPoint: z.string(),
  /** When the organiser cancelled it, or null. */
  cancelledAt: time.nullable(),
});
export const sessionList = z.object({
  sessions: z.array(sessionPublic.omit({ branch: true }).extend({ signups: z.number(), walks: z.number() })),
});
export type SessionList = z.infer<typeof sessionList>;
export const sessionDetail = sessionPublic.extend({
  walks: z.array(z.object({ id: z.string(), name: z.string(), doors: z.number() })),
  signups: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      email: z.string(),
      phone: z.string().nullable(),
      memberId: z.string().nullable(),
      remindedAt: time.nullable(),
    }),
  ),
});
export const mySessions = z.object({ sessions: z.array(sessionPublic.extend({ signedUp: z.boolean() })) });
export type MySessions = z.infer<typeof mySessions>;
/** The public page: what, when, where and how many are going; never who. */
export const publicSession = sessionPublic.extend({ going: z.number(), open: z.boolean() });
export type PublicSession = z.infer<typeof publicSession>;
export const signedUp = publicSession.extend({ signedUp: z.boolean() });
