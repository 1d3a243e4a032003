/** Request schemas of the Common Ground API; types are inferred from them. */
import { z } from 'zod';
import { CONVERSATION_ACCESS, MODERATION_MODES } from '../db/schema/index.ts';
import { uuid } from '../contract/common.ts';

export const MAX_STATEMENT = 280;

export const statementText = z
  .string()
  .trim()
  .min(1, 'is required')
  .max(MAX_STATEMENT, `must be at most ${MAX_STATEMENT} characters`);

const when = z.iso.datetime({
  offset: true,
  message: 'must be a date and time such as 2026-12-01T09:00:00Z',
});

export const createConversationBody = z
  .strictObject({
    branchId: uuid,
    title: z.string().trim().min(1, 'is required').max(120, 'must be at most 120 characters'),
    question: z.string().trim().min(1, 'is required').max(280, 'must be at most 280 characters'),
    description: z.string().trim().max(4000, 'must be at most 4000 characters').default(''),
    opensAt: when.optional(),
    closesAt: when.nullable().optional(),
    access: z.enum(CONVERSATION_ACCESS).default('branch'),
    moderation: z.enum(MODERATION_MODES).default('post'),
    seedStatements: z.array(statementText).max(200, 'must be at most 200 statements').default([]),
  })
  .refine((b) => !b.closesAt || !b.opensAt || b.closesAt > b.opensAt, {
    message: 'must be after the opening time',
    path: ['closesAt'],
  });

export const updateConversationBody = z.strictObject({
  title: z.string().trim().min(1).max(120).optional(),
  question: z.string().trim().min(1).max(280).optional(),
  description: z.string().trim().max(4000).optional(),
  closesAt: when.nullable().optional(),
});

export const conversationParams = z.strictObject({ id: uuid });
export const statementParams = z.strictObject({ id: uuid, statementId: uuid });
export const linkParams = z.strictObject({
  token: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, 'is not a conversation link'),
});

export const postStatementBody = z.strictObject({ text: statementText });
export const similarQuery = z.strictObject({ text: z.string().max(2000) });

export const voteBody = z.strictObject({
  statementId: uuid,
  value: z.union([z.literal(-1), z.literal(0), z.literal(1)], {
    error: 'must be -1 (disagree), 0 (pass) or 1 (agree)',
  }),
});
export const undoBody = z.strictObject({ statementId: uuid });

export const moderateBody = z
  .strictObject({
    statementIds: z.array(uuid).min(1, 'name at least one statement').max(500),
    decision: z.enum(['accepted', 'rejected']),
    reason: z.string().trim().max(500, 'must be at most 500 characters').optional(),
  })
  .refine((b) => b.decision === 'accepted' || (b.reason ?? '').length > 0, {
    message: 'is required when rejecting: the author will see it',
    path: ['reason'],
  });

export const mergeBody = z.strictObject({ statementId: uuid, intoId: uuid });

export const queueQuery = z.strictObject({
  status: z.enum(['pending', 'accepted', 'rejected']).default('pending'),
});

/**
 * The form fields of a Polis import (multipart/form-data); its files are comments.csv with votes.csv or
 * participants-votes.csv, streamed to disk as they arrive.
 */
export const importPolisFields = z.strictObject({
  branchId: uuid,
  title: z.string().trim().min(1, 'is required').max(120, 'must be at most 120 characters'),
  question: z.string().trim().min(1, 'is required').max(280, 'must be at most 280 characters'),
  description: z.string().trim().max(4000).default(''),
});
/** The largest Polis file taken (a votes.csv of ten million votes is about 400 MB). */
export const MAX_POLIS_FILE_BYTES = 512 * 1024 * 1024;
export const exportParams = z.strictObject({
  id: uuid,
  file: z.enum(['votes.csv', 'comments.csv', 'participants-votes.csv'], {
    error: 'must be votes.csv, comments.csv or participants-votes.csv',
  }),
});
