/** Request and response schemas of the members API; types are inferred from them. */
import { z } from 'zod';
import { AUDIT_ACTIONS, BRANCH_KINDS, LANGUAGES, MEMBER_STATUSES, ROLES } from './vocabulary.ts';
import { email, name, phone, ref, time, uuid } from './common.ts';

export { email, name, phone, uuid };

export const memberParams = z.strictObject({ id: uuid });

export const directoryQuery = z.strictObject({
  q: z.string().trim().max(100).optional(),
  branch: uuid.optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(25),
});

export const updateSelfBody = z.strictObject({
  name: name.optional(),
  phone: phone.nullable().optional(),
  /** The language to read Broadchurch in and to be mailed in. */
  language: z.enum(LANGUAGES).optional(),
});

export const updateMemberBody = z.strictObject({
  name: name.optional(),
  phone: phone.nullable().optional(),
  status: z
    .enum(MEMBER_STATUSES.filter((s) => s !== 'erased') as ['active', 'lapsed', 'suspended'])
    .optional(),
  homeWardId: uuid.optional(),
});

export const roleBody = z.strictObject({ role: z.enum(ROLES), branchId: uuid });

export const inviteBody = z.strictObject({ email, branchId: uuid });
export const invitationParams = z.strictObject({
  token: z.string().regex(/^[A-Za-z0-9_-]{20,100}$/, 'is not an invitation token'),
});
export const acceptInvitationBody = z.strictObject({ name, phone: phone.optional() });

export const importQuery = z.strictObject({ branch: uuid, dryRun: z.enum(['true', 'false']).optional() });

const day = z.iso.date({ message: 'must be a date such as 2026-11-01' });
/** The audit log's filters: a branch, who did it, what kind of thing they did, a range of days. */
export const auditFilters = z.strictObject({
  branch: uuid.optional(),
  subject: z.string().max(100).optional(),
  actor: uuid.optional(),
  action: z.enum(AUDIT_ACTIONS).optional(),
  from: day.optional(),
  to: day.optional(),
});
export const auditQuery = auditFilters.extend({
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const createBranchBody = z.strictObject({
  parentId: uuid,
  name,
  code: z
    .string()
    .trim()
    .regex(/^[A-Z0-9-]{2,20}$/, 'must be 2-20 capital letters, digits or dashes'),
});

// Responses

/** A member as a viewer sees them: contact details only for themselves and those who may contact them. */
export const memberView = z.object({
  id: z.string(),
  name: z.string(),
  homeWard: ref,
  joinedOn: z.string(),
  status: z.string(),
  email: z.string().nullable().optional(),
  phone: z.string().nullable().optional(),
});
export type MemberView = z.infer<typeof memberView>;

export const profile = z.object({
  member: memberView,
  roles: z.array(z.object({ role: z.enum(ROLES), branch: ref })),
});
export type Profile = z.infer<typeof profile>;

/** The signed-in member, and for each permission the branches where they hold it. */
export const me = profile.extend({
  capabilities: z.record(z.string(), z.array(z.string())),
  /** The language the member chose (null: not yet; the device's or browser's holds). */
  language: z.enum(LANGUAGES).nullable(),
});
export type Me = z.infer<typeof me>;

export const directory = z.object({
  items: z.array(memberView),
  page: z.number(),
  pageSize: z.number(),
  total: z.number(),
});
export type Directory = z.infer<typeof directory>;

export const importResult = z.object({
  dryRun: z.boolean(),
  rows: z.number(),
  imported: z.number(),
  /** Rows whose joining date is before today (each audited). */
  backdated: z.number(),
});
export type ImportResult = z.infer<typeof importResult>;

export const branchNode = z.object({
  id: z.string(),
  parentId: z.string().nullable(),
  kind: z.enum(BRANCH_KINDS),
  name: z.string(),
  code: z.string(),
  memberCount: z.number().optional(),
  canInvite: z.boolean(),
  canListMembers: z.boolean(),
});
export type BranchNode = z.infer<typeof branchNode>;
export const branchTree = z.object({ branches: z.array(branchNode) });

export const createdBranch = branchNode.pick({
  id: true,
  parentId: true,
  kind: true,
  name: true,
  code: true,
});

export const invitation = z.object({ id: z.string(), email: z.string(), branch: ref, expiresAt: time });
export const invitationPreview = z.object({
  email: z.string(),
  branch: ref,
  invitedBy: z.string().nullable(),
});
export type InvitationPreview = z.infer<typeof invitationPreview>;
export const accepted = z.object({ memberId: z.string(), email: z.string() });

export const auditPage = z.object({
  entries: z.array(
    z.object({
      id: z.number(),
      at: time,
      actorId: z.string().nullable(),
      /** Who did it: their name, "deleted member" after an erasure, null for the system. */
      actorName: z.string().nullable(),
      action: z.string(),
      subjectType: z.string(),
      subjectId: z.string().nullable(),
      /** The member the entry is about, when it is about a member ("deleted member" after an erasure). */
      subjectName: z.string().nullable(),
      branchId: z.string().nullable(),
      branchName: z.string(),
      detail: z.record(z.string(), z.unknown()),
    }),
  ),
  nextBefore: z.number().nullable(),
});
export type AuditPage = z.infer<typeof auditPage>;

/** A member's own request to be erased, as they and their data officer see it. */
export const erasureRequest = z.object({
  id: z.string(),
  status: z.enum(['pending', 'erased', 'declined']),
  requestedAt: time,
  decidedAt: time.nullable(),
  reason: z.string().nullable(),
});
export const myErasureRequest = z.object({ request: erasureRequest.nullable() });
/** The data officer's queue: open requests of members in their branches. */
export const erasureQueue = z.object({
  requests: z.array(erasureRequest.extend({ member: ref, ward: z.string() })),
});
export const erasureRequestParams = z.strictObject({ id: uuid });
export const erasureDecided = z.object({ decided: z.enum(['erased', 'declined']) });
export const declineErasureBody = z.strictObject({
  reason: z.string().trim().min(1, 'is required: the member is told why').max(500),
});

/** The development mail outbox (loopback only). */
export const outbox = z.object({
  messages: z.array(
    z.object({
      id: z.string(),
      createdAt: time,
      to: z.string(),
      subject: z.string(),
      text: z.string(),
      headers: z.record(z.string(), z.string()),
    }),
  ),
});
