/** Request schemas of the Manifesto API; types are inferred from them. */
import { z } from 'zod';
import { BALLOT_MODES } from '../db/schema/index.ts';
import { uuid } from '../contract/common.ts';

/** Sections a new draft starts with, unless others are given. */
export const DEFAULT_SECTIONS = [
  'Health',
  'Social security',
  'Fair pay and wealth',
  'Education',
  'Utilities and transport',
];

const sectionTitle = z.string().trim().min(1, 'is required').max(80, 'must be at most 80 characters');

export const manifestoParams = z.strictObject({ id: uuid });
export const clauseParams = z.strictObject({ id: uuid, clauseId: uuid });

export const createManifestoBody = z.strictObject({
  branchId: uuid,
  title: z.string().trim().min(1, 'is required').max(120, 'must be at most 120 characters'),
  sections: z
    .array(sectionTitle)
    .max(30, 'must be at most 30 sections')
    .refine((s) => new Set(s.map((t) => t.toLowerCase())).size === s.length, 'must not repeat a title')
    .default(DEFAULT_SECTIONS),
});

export const addSectionBody = z.strictObject({ title: sectionTitle });

/** A clause: written by a member, or taken from a Common Ground statement (its text and its evidence). */
export const addClauseBody = z.union([
  z.strictObject({
    sectionId: uuid,
    text: z.string().trim().min(1, 'is required').max(1000, 'must be at most 1000 characters'),
  }),
  z.strictObject({ sectionId: uuid, statementId: uuid }),
]);

export const compareBody = z.strictObject({ winnerId: uuid, loserId: uuid });

export const ballotParams = z.strictObject({ id: uuid });

const choice = z.enum(['approve', 'reject']);

export const openBallotBody = z.strictObject({
  mode: z.enum(BALLOT_MODES),
  cutoff: z.iso.date({ message: 'must be a date such as 2026-11-01' }),
  closesAt: z.iso
    .datetime({ offset: true, message: 'must be a date and time such as 2026-12-01T09:00:00Z' })
    .optional(),
});

export const castBody = z.strictObject({
  document: choice.optional(),
  clauses: z.record(uuid, choice).optional(),
});

export const receiptBody = z.strictObject({ receipt: z.string().trim().min(10).max(64) });

export const diffQuery = z.strictObject({
  from: z.coerce.number().int('must be a version number').min(1, 'must be a version number'),
  to: z.coerce.number().int('must be a version number').min(1, 'must be a version number'),
});

export const amendmentParams = z.strictObject({ id: uuid, amendmentId: uuid });

export const openWindowBody = z.strictObject({
  closesAt: z.iso
    .datetime({ offset: true, message: 'must be a date and time such as 2026-12-01T09:00:00Z' })
    .refine((d) => new Date(d) > new Date(), 'must be in the future'),
});

const amendmentText = z.string().trim().min(1, 'is required').max(240, 'must be at most 240 characters');

export const proposeBody = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('replace'), clauseId: uuid, text: amendmentText }),
  z.strictObject({ kind: z.literal('add'), sectionId: uuid, text: amendmentText }),
  z.strictObject({ kind: z.literal('delete'), clauseId: uuid }),
]);

export const decideBody = z.strictObject({
  decision: z.enum(['accept', 'decline']),
  reason: z.string().trim().min(1, 'is required: say why').max(1000, 'must be at most 1000 characters'),
});
