/** Request and response schemas of the Manifesto API; types are inferred from them. */
import { z } from 'zod';
import { AMENDMENT_KINDS, AMENDMENT_STATUSES, BALLOT_MODES, CLAUSE_SOURCES } from './vocabulary.ts';
import { ref, time, uuid } from './common.ts';
import { statementEvidence } from './deliberation.ts';

export * from './ballots.ts';

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
/** "Can't decide": the pair skipped (not recorded), so the next one is another. */
export const nextPairQuery = z.strictObject({
  skip: z
    .string()
    .regex(/^[0-9a-f-]{36},[0-9a-f-]{36}$/i, 'must be two clause ids, comma-separated')
    .optional(),
});

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

// Responses

export const manifestoList = z.object({
  manifestos: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      branch: ref,
      updatedAt: time,
      clauses: z.number(),
      canDraft: z.boolean(),
    }),
  ),
});
export type ManifestoList = z.infer<typeof manifestoList>;

/** A clause, and where it came from: a Common Ground statement with its support now, or written. */
const clause = z.object({
  id: z.string(),
  text: z.string(),
  source: z.enum(CLAUSE_SOURCES),
  evidence: z
    .object({
      conversation: z.object({ id: z.string(), title: z.string() }),
      statementId: z.string(),
      statementNumber: z.number().nullable(),
      analysisVersion: z.number(),
      support: statementEvidence.nullable(),
    })
    .nullable(),
  createdAt: time,
});

export const manifestoDraft = z.object({
  id: z.string(),
  title: z.string(),
  branch: ref,
  updatedAt: time,
  canDraft: z.boolean(),
  sections: z.array(z.object({ id: z.string(), title: z.string(), clauses: z.array(clause) })),
});
export type Manifesto = z.infer<typeof manifestoDraft>;

const pairItem = z.object({ id: z.string(), text: z.string(), section: z.string() });
const manifestoRef = z.object({ id: z.string(), title: z.string() });

/** The next pair to compare (null when there is none), and how many the member has compared. */
export const nextPair = z.object({
  manifesto: manifestoRef,
  pair: z.array(pairItem).nullable(),
  compared: z.number(),
  clauses: z.number(),
});
export type NextPair = z.infer<typeof nextPair>;

export const priorities = z.object({
  manifesto: manifestoRef,
  comparisons: z.number(),
  voters: z.number(),
  clauses: z.array(
    pairItem.extend({ score: z.number(), strength: z.number(), wins: z.number(), losses: z.number() }),
  ),
  groups: z.array(
    z.object({
      id: z.number(),
      label: z.string(),
      /** How many of the group answered: a group's column is shown only from five. */
      answered: z.number(),
      comparisons: z.number(),
      agreementWithOverall: z.number(),
      scores: z.record(z.string(), z.number()),
    }),
  ),
});
export type Priorities = z.infer<typeof priorities>;

/** A published document: what the public page, the Markdown and the diffs are made from. */
/** How the members ratified the draft, from its latest counted ballot (when one was held). */
export const ratification = z.object({
  countedAt: time,
  mode: z.enum(BALLOT_MODES),
  eligible: z.number(),
  voted: z.number(),
  turnout: z.number(),
  quorate: z.boolean(),
  /** The whole document: carried or not. Clause by clause: carried when every clause was. */
  carried: z.boolean(),
  /** Clause by clause: how many were carried, of how many. */
  clausesCarried: z.number().nullable(),
  clausesPut: z.number().nullable(),
});
export type Ratification = z.infer<typeof ratification>;

export const publishedContent = z.object({
  title: z.string(),
  branch: z.string(),
  /** Absent in versions published before ratification was recorded with them. */
  ratification: ratification.nullable().optional(),
  sections: z.array(
    z.object({
      title: z.string(),
      clauses: z.array(
        z.object({
          id: z.string(),
          text: z.string(),
          evidence: z
            .object({
              conversation: z.string(),
              agree: z.number(),
              disagree: z.number(),
              pass: z.number(),
              groups: z.array(z.object({ label: z.string(), agreeShare: z.number() })),
            })
            .nullable(),
        }),
      ),
    }),
  ),
});
export const published = z.object({ version: z.number(), content: publishedContent });
/** Publishing names the document: the committee's title (a draft's own title may say "draft"). */
export const publishBody = z.strictObject({
  title: z.string().trim().min(1, 'is required').max(160, 'must be at most 160 characters'),
});
export const versionList = z.object({
  versions: z.array(z.object({ number: z.number(), publishedAt: time })),
});
export type Versions = z.infer<typeof versionList>;
export const versionDiff = z.object({
  from: z.number(),
  to: z.number(),
  sections: z.array(
    z.object({
      title: z.string(),
      added: z.array(z.string()),
      removed: z.array(z.string()),
      reworded: z.array(z.object({ from: z.string(), to: z.string() })),
    }),
  ),
});
export type Diff = z.infer<typeof versionDiff>;
export const publicManifesto = z.object({ number: z.number(), publishedAt: time, content: publishedContent });
export type PublicManifesto = z.infer<typeof publicManifesto>;

export const amendmentWindow = z.object({ conversationId: z.string(), closesAt: time });
export const amendmentList = z.object({
  window: z.object({ conversationId: z.string(), closesAt: time.nullable(), open: z.boolean() }).nullable(),
  canDecide: z.boolean(),
  amendments: z.array(
    z.object({
      id: z.string(),
      kind: z.enum(AMENDMENT_KINDS),
      clauseId: z.string().nullable(),
      sectionId: z.string().nullable(),
      text: z.string().nullable(),
      statementId: z.string(),
      status: z.enum(AMENDMENT_STATUSES),
      reason: z.string().nullable(),
      decidedAt: time.nullable(),
      bridging: z.number().nullable(),
      support: statementEvidence.nullable(),
    }),
  ),
});
export type Amendments = z.infer<typeof amendmentList>;

/**
 * One sentence on how the members ratified a published manifesto (the public page, the PDF and the
 * Markdown all say it the same way); `date` formats the day the ballot was counted.
 */
export function ratificationSentence(
  r: Ratification | null | undefined,
  date: (iso: string) => string,
): string {
  if (!r) return 'Not put to a ballot of the members before it was published.';
  const turnout = `${r.voted} of ${r.eligible} eligible members voted (${Math.round(r.turnout * 100)}%)`;
  if (!r.quorate)
    return `Put to the members on ${date(r.countedAt)}: not quorate, so not ratified; ${turnout}.`;
  if (r.mode === 'document')
    return r.carried
      ? `Ratified by the members on ${date(r.countedAt)}; ${turnout}.`
      : `Put to the members on ${date(r.countedAt)} and not ratified; ${turnout}.`;
  return `Put to the members clause by clause on ${date(r.countedAt)}: ${r.clausesCarried ?? 0} of ${r.clausesPut ?? 0} clauses carried; ${turnout}.`;
}

/** What the groups in a clause's support are, in one line for readers of a published manifesto. */
export const GROUPS_EXPLAINED =
  'Groups are sets of members who voted alike on Common Ground statements; a clause’s support shows how much of each group agreed with it.';
