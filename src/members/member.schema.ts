/** Request and response schemas of the members API; types are inferred from them. */
import { z } from 'zod';
import { MEMBER_STATUSES, ROLES } from '../db/schema/index.ts';
import { email, name, phone, uuid } from '../contract/common.ts';

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

export const auditQuery = z.strictObject({
  branch: uuid.optional(),
  before: z.coerce.number().int().positive().optional(),
  subject: z.string().max(100).optional(),
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
