/** Request schemas of the Common Ground API; types are inferred from them. */
import { z } from 'zod';
import { CONVERSATION_ACCESS, MODERATION_MODES, PHASES, STATEMENT_STATUSES } from './vocabulary.ts';
import { ref, time, uuid } from './common.ts';

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

/** `statement`: the number of a statement to show first (a link to it), when the caller has not voted on it. */
export const nextQuery = z.strictObject({ statement: z.coerce.number().int().min(0).optional() });

export const mergeBody = z.strictObject({ statementId: uuid, intoId: uuid });

export const topicParams = z.strictObject({ id: uuid, topic: z.coerce.number().int().min(0).max(100_000) });
export const renameTopicBody = z.strictObject({
  /** The topic's name; null goes back to its words. */
  name: z.string().trim().min(1, 'must not be empty').max(60, 'must be at most 60 characters').nullable(),
});

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

// Responses

export const conversationSummary = z.object({
  id: z.string(),
  branch: ref,
  title: z.string(),
  question: z.string(),
  description: z.string(),
  opensAt: time,
  closesAt: time.nullable(),
  phase: z.enum(PHASES),
  access: z.enum(CONVERSATION_ACCESS),
  moderation: z.enum(MODERATION_MODES),
  canModerate: z.boolean(),
  /** The share link's secret, for moderators of a link conversation. */
  link: z.string().nullable(),
});
export type ConversationSummary = z.infer<typeof conversationSummary>;

export const conversationList = z.object({
  conversations: z.array(conversationSummary.extend({ statements: z.number() })),
});
export type ConversationListItem = z.infer<typeof conversationList>['conversations'][number];

/** A conversation with, for its moderators, who is taking part (members, link visitors, others). */
export const conversationView = conversationSummary.extend({
  takingPart: z.object({ members: z.number(), visitors: z.number(), others: z.number() }).nullable(),
});
export type ConversationView = z.infer<typeof conversationView>;

export const polisImported = z.object({
  conversation: conversationSummary,
  imported: z.object({ statements: z.number(), participants: z.number(), votes: z.number() }),
});

const card = z.object({ id: z.string(), number: z.number(), text: z.string() });
/** The next statement to vote on (null when the participant has voted on all), and how far they are. */
export const nextCard = z.object({
  statement: card.nullable(),
  progress: z.object({ voted: z.number(), total: z.number() }),
  phase: z.enum(PHASES),
});
export type NextCard = z.infer<typeof nextCard>;

/** A vote's answer carries the next card, so voting is one round trip. */
export const voteAnswer = z.object({
  statementId: z.string(),
  value: z.union([z.literal(-1), z.literal(0), z.literal(1)]),
  next: nextCard,
});
export type VoteAnswer = z.infer<typeof voteAnswer>;
export const undoAnswer = z.object({ statementId: z.string(), undone: z.boolean(), next: nextCard });
export type UndoAnswer = z.infer<typeof undoAnswer>;

export const myVotes = z.object({
  participant: z.number().nullable(),
  votes: z.array(z.object({ statementId: z.string(), text: z.string(), value: z.number(), votedAt: time })),
});

export const similar = z.object({
  similar: z.array(z.object({ id: z.string(), text: z.string(), similarity: z.number() })),
});
export type Similar = z.infer<typeof similar>;

const ownStatement = z.object({
  id: z.string(),
  number: z.number(),
  text: z.string(),
  status: z.enum(STATEMENT_STATUSES),
  /** Why the moderators rejected it (the author sees it). */
  reason: z.string().nullable(),
  flagged: z.boolean(),
  createdAt: time,
});
export const posted = z.object({ created: z.boolean(), statement: ownStatement });
export const ownStatements = z.object({ statements: z.array(ownStatement) });
export type OwnStatements = z.infer<typeof ownStatements>;

const group = z.object({
  id: z.number(),
  label: z.string(),
  size: z.number(),
  /** How many belong, as a 95% interval (memberships are probabilities); null in an older analysis. */
  sizeInterval: z.tuple([z.number(), z.number()]).nullable(),
  representative: z.array(
    z.object({ statementId: z.string(), text: z.string(), direction: z.string(), agreement: z.number() }),
  ),
});

/** Below this probability of their group, a participant is drawn as between groups. */
export const BORDER = 0.75;

export const UNRELIABLE_REASONS = [
  'few-participants',
  'few-votes',
  'unstable-k',
  'uncertain-membership',
] as const;

/**
 * How sure the engine is of its groups: the share of resamples of the participants that find the same
 * number of groups, the mean probability of members' own groups, and why the groups are not yet reliable
 * (none: they are). Null before the first analysis, or for an analysis made before it was measured.
 */
export const groupReliability = z
  .object({
    reliable: z.boolean(),
    reasons: z.array(z.enum(UNRELIABLE_REASONS)),
    kStability: z.number(),
    meanCertainty: z.number(),
  })
  .nullable();

/**
 * The opinion map: each participant a point [x, y, group, certainty] with no name (certainty: the
 * probability of that group; below 0.75 the point is drawn as between groups), the groups with what sets
 * each apart, and where the viewer stands. Before the first analysis: no points, computedAt null.
 */
export const opinionMap = z.object({
  version: z.number(),
  computedAt: time.nullable(),
  participants: z.number(),
  /** Participants placed on the map (the rest have voted on too few statements to place). */
  placed: z.number(),
  points: z.array(z.tuple([z.number(), z.number(), z.number(), z.number()]).readonly()),
  groups: z.array(group),
  reliability: groupReliability,
  me: z
    .object({
      x: z.number(),
      y: z.number(),
      group: z.number().nullable(),
      /** The probability of that group; null when not in one (or not measured). */
      certainty: z.number().nullable(),
      votes: z.number(),
    })
    .nullable(),
});
export type OpinionMap = z.infer<typeof opinionMap>;

/** A statement's support overall and in each opinion group: the evidence a manifesto clause carries. */
export const statementEvidence = z.object({
  id: z.string(),
  text: z.string(),
  agree: z.number(),
  disagree: z.number(),
  pass: z.number(),
  commonGround: z.number().nullable(),
  bridging: z.number(),
  groupInformedConsensus: z.number(),
  byGroup: z.array(
    z.object({
      group: z.number(),
      label: z.string(),
      agree: z.number(),
      disagree: z.number(),
      pass: z.number(),
      agreeShare: z.number(),
      disagreeShare: z.number(),
    }),
  ),
});
export type StatementEvidence = z.infer<typeof statementEvidence>;

export const report = z.object({
  conversation: conversationSummary,
  version: z.number(),
  computedAt: time.nullable(),
  participants: z.number(),
  groups: z.array(group),
  reliability: groupReliability,
  commonGround: z.array(statementEvidence),
  divisive: z.array(statementEvidence),
  statements: z.array(statementEvidence),
  participation: z.array(z.object({ day: z.string(), votes: z.number(), voters: z.number() })),
});
export type Report = z.infer<typeof report>;

/** Polis's own groups of an imported export beside ours: counts per pair, and their agreement (ARI). */
export const polisComparison = z.object({
  /** False when the conversation was not imported with Polis's groups. */
  available: z.boolean(),
  /** False until the conversation's first analysis is stored (just after an import): ours is still to come. */
  analysed: z.boolean(),
  /** Participants placed in a group by both. */
  compared: z.number(),
  agreement: z.number().nullable(),
  /** Participants placed by both, as on the opinion map: [x, y, our group, Polis's group]. */
  points: z.array(z.tuple([z.number(), z.number(), z.number(), z.number()]).readonly()),
  groups: z.array(
    z.object({
      polisGroup: z.number(),
      size: z.number(),
      /** How many of this Polis group are in each of our groups (null: not placed by ours). */
      ours: z.array(z.object({ group: z.number().nullable(), count: z.number() })),
    }),
  ),
});
export type PolisComparison = z.infer<typeof polisComparison>;

/** A conversation's topics (found among its accepted statements) and each accepted statement's. */
export const conversationTopics = z.object({
  topics: z.array(
    z.object({
      id: z.number(),
      /** The topic's most distinctive words, most distinctive first. */
      label: z.array(z.string()),
      /** The name an organiser gave it, if any. */
      name: z.string().nullable(),
      /** Accepted statements whose main topic this is. */
      statements: z.number(),
    }),
  ),
  /** Each accepted statement's topics, main topic first (statements with no topic are left out). */
  statements: z.array(z.object({ id: z.string(), topics: z.array(z.number()) })),
});
export type ConversationTopics = z.infer<typeof conversationTopics>;
export const topicRenamed = z.object({ id: z.number(), name: z.string().nullable() });

export const moderationQueue = z.object({
  statements: z.array(
    ownStatement.extend({
      seed: z.boolean(),
      /** Accepted statements that say nearly the same: merge instead of publishing twice. */
      similar: z.array(card),
    }),
  ),
});
export type Queue = z.infer<typeof moderationQueue>;
export const moderated = z.object({ changed: z.number() });
export const merged = z.object({ merged: z.string(), into: z.string(), reason: z.string() });
export const moderationLog = z.object({
  entries: z.array(
    z.object({
      id: z.number(),
      at: time,
      statementId: z.string(),
      text: z.string(),
      decision: z.enum(['accepted', 'rejected']),
      reason: z.string().nullable(),
      moderator: z.string().nullable(),
    }),
  ),
});

/** A live map's stream. EventSource cannot send headers, so a link visitor passes the link secret here. */
export const streamQuery = z.strictObject({ link: z.string().max(64).optional() });
