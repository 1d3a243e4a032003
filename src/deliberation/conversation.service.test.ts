/**
 * Common Ground's rules, called directly against a real database: routing every statement once, votes
 * (latest counts, replays, undo, the next card in the answer), posting (duplicates, near-duplicates, the
 * abuse screen, pre- and post-moderation) and merging near-duplicates. HTTP's part is in
 * conversation.routes.test.ts.
 */
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConversationBody, moderateBody } from '../contract/deliberation.ts';
import type { Actor } from '../core/permissions.ts';
import { moderationLog, voteEvents } from '../db/schema/index.ts';
import { makeTree, type Tree } from '../../test/helpers/factories.ts';
import { makeActor, openServiceWorld, type ServiceWorld } from '../../test/helpers/service.ts';
import { createConversation } from './conversation.service.ts';
import type { Caller } from './conversation.service.ts';
import { deliberationPersonalData } from './personal-data.repo.ts';
import * as st from './statement.service.ts';
import * as vote from './vote.service.ts';

const SEEDS = [
  'Bus fares should be capped at £2 everywhere.',
  'We should renationalise the railways.',
  'Schools need more teaching assistants.',
  'Council tax should be reformed.',
  'Every town needs a public library.',
];

let w: ServiceWorld;
let tree: Tree;
const actors: Record<string, Actor> = {};
const as = (who: string): Caller => ({ actor: actors[who] ?? null, linkToken: null, visitorKey: null });

async function newConversation(extra: Record<string, unknown> = {}) {
  return createConversation(
    w.ctx,
    actors.organiser as Actor,
    createConversationBody.parse({
      branchId: tree.constituencyA.id,
      title: 'What should our manifesto put first?',
      question: 'What matters most to you?',
      seedStatements: SEEDS,
      ...extra,
    }),
  );
}
const voteEventsOf = async (id: string) =>
  (await w.db.select({ n: count() }).from(voteEvents).where(eq(voteEvents.conversationId, id)))[0]?.n;
const moderate = (id: string, body: Record<string, unknown>) =>
  st.moderate(w.ctx, actors.moderator as Actor, id, moderateBody.parse(body));

beforeAll(async () => {
  w = await openServiceWorld();
  tree = await makeTree(w.db);
  const roles = {
    organiser: [tree.wardA, { roles: [['organiser', tree.constituencyA]] }],
    moderator: [tree.wardA2, { roles: [['moderator', tree.constituencyA]] }],
    otherModerator: [tree.wardB, { roles: [['moderator', tree.constituencyB]] }],
    alice: [tree.wardA, {}],
    bob: [tree.wardA2, {}],
    carol: [tree.wardA, {}],
  } as const;
  for (const [who, [ward, opts]] of Object.entries(roles))
    actors[who] = (await makeActor(w.db, ward, opts as Parameters<typeof makeActor>[2])).actor;
});
afterAll(() => w.close());

describe('voting', () => {
  it('routes every statement once, counts progress, and the latest vote counts', async () => {
    const c = await newConversation();
    const seen = new Set<string>();
    for (let i = 0; i < SEEDS.length; i++) {
      const n = await vote.nextStatement(w.ctx, as('alice'), c.id);
      expect(n.progress).toEqual({ voted: i, total: 5 });
      const id = n.statement?.id ?? '';
      expect(seen.has(id)).toBe(false);
      seen.add(id);
      await vote.castVote(w.ctx, as('alice'), c.id, id, 1);
    }
    const done = await vote.nextStatement(w.ctx, as('alice'), c.id);
    expect(done.statement).toBeNull();
    expect(done.progress).toEqual({ voted: 5, total: 5 });
    const first = [...seen][0] ?? '';
    await vote.castVote(w.ctx, as('alice'), c.id, first, -1);
    const mine = await vote.myVotes(w.ctx, as('alice'), c.id);
    expect(mine.votes.find((v) => v.statementId === first)?.value).toBe(-1);
    expect(await voteEventsOf(c.id)).toBe(6);
  });

  it("a vote's answer carries the next card, the same as asking for it; so does an undo's", async () => {
    const c = await newConversation();
    const first = await vote.nextStatement(w.ctx, as('carol'), c.id);
    const voted = await vote.castVote(w.ctx, as('carol'), c.id, first.statement?.id ?? '', 1);
    expect(voted.next.progress).toEqual({ voted: 1, total: 5 });
    expect(voted.next.statement?.id).not.toBe(first.statement?.id);
    expect(await vote.nextStatement(w.ctx, as('carol'), c.id)).toEqual(voted.next);
    const undone = await vote.undoVote(w.ctx, as('carol'), c.id, first.statement?.id ?? '');
    expect(undone.next.progress).toEqual({ voted: 0, total: 5 });
  });

  it('a replayed vote is one event; undo removes the vote and the card comes back; a second undo finds nothing', async () => {
    const c = await newConversation();
    const id = (await vote.nextStatement(w.ctx, as('bob'), c.id)).statement?.id ?? '';
    for (let i = 0; i < 3; i++) await vote.castVote(w.ctx, as('bob'), c.id, id, 0);
    expect(await voteEventsOf(c.id)).toBe(1);
    await vote.undoVote(w.ctx, as('bob'), c.id, id);
    expect((await vote.nextStatement(w.ctx, as('bob'), c.id)).progress.voted).toBe(0);
    await expect(vote.undoVote(w.ctx, as('bob'), c.id, id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('pending and rejected statements cannot be voted on; nothing is stored', async () => {
    const c = await newConversation({ moderation: 'pre' });
    const id = (await vote.nextStatement(w.ctx, as('alice'), c.id)).statement?.id ?? '';
    const pending = await st.postStatement(w.ctx, as('alice'), c.id, 'Pending statements wait.');
    await expect(vote.castVote(w.ctx, as('alice'), c.id, pending.statement.id, 1)).rejects.toMatchObject({
      code: 'STATEMENT_NOT_VOTABLE',
    });
    await moderate(c.id, { statementIds: [id], decision: 'rejected', reason: 'Off topic' });
    await expect(vote.castVote(w.ctx, as('alice'), c.id, id, 1)).rejects.toMatchObject({
      code: 'STATEMENT_NOT_VOTABLE',
    });
    expect(await voteEventsOf(c.id)).toBe(0);
  });
});

describe('posting statements', () => {
  it('a statement already there is answered with its number and words (never an id), and a link to it comes first', async () => {
    const c = await newConversation();
    const text = SEEDS[2] ?? '';
    const refused = await st.postStatement(w.ctx, as('alice'), c.id, text).catch((e: unknown) => e);
    expect(refused).toMatchObject({
      code: 'DUPLICATE_STATEMENT',
      issues: [{ field: 'text', message: `is already statement #2: “${text}”` }],
    });
    expect(JSON.stringify(refused)).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
    expect((await vote.nextStatement(w.ctx, as('alice'), c.id, 2)).statement?.text).toBe(text);
    expect((await vote.nextStatement(w.ctx, as('alice'), c.id)).statement?.text).toBe(SEEDS[0]);
  });

  it('shows near-duplicates before posting', async () => {
    const c = await newConversation();
    const sim = await st.similarStatements(w.ctx, as('alice'), c.id, 'the railways should be renationalised');
    expect(sim.similar.map((s) => s.text)).toEqual([SEEDS[1]]);
  });

  it('post-moderation publishes at once; a replayed post is the same statement, not a new one', async () => {
    const c = await newConversation();
    const text = 'Libraries should open on Sundays.';
    const a = await st.postStatement(w.ctx, as('alice'), c.id, text);
    expect(a).toMatchObject({ created: true, statement: { status: 'accepted', text } });
    const b = await st.postStatement(w.ctx, as('alice'), c.id, text);
    expect(b).toMatchObject({ created: false, statement: { id: a.statement.id } });
  });

  it('the abuse screen sends a flagged statement to moderation, and the author sees why it was rejected', async () => {
    const c = await newConversation();
    const r = await st.postStatement(w.ctx, as('bob'), c.id, 'The council is full of shit.');
    expect(r.statement).toMatchObject({ status: 'pending', flagged: true });
    const queue = await st.moderationQueue(w.ctx, actors.moderator as Actor, c.id, 'pending');
    expect(queue.statements.map((s) => s.id)).toEqual([r.statement.id]);
    const reason = 'Please make the point without the insult';
    expect(await moderate(c.id, { statementIds: [r.statement.id], decision: 'rejected', reason })).toEqual({
      changed: 1,
    });
    const mine = await st.myStatements(w.ctx, as('bob'), c.id);
    expect(mine.statements).toEqual([
      expect.objectContaining({ id: r.statement.id, status: 'rejected', reason }),
    ]);
    const log = await w.db.select().from(moderationLog).where(eq(moderationLog.conversationId, c.id));
    expect(log.map((l) => l.decision)).toEqual(['rejected']);
  });

  it('pre-moderation holds statements; a bulk accept publishes them, logging no stray reason', async () => {
    const c = await newConversation({ moderation: 'pre' });
    const ids: string[] = [];
    for (const text of ['Fix the potholes on the high street.', 'More buses after 10pm.']) {
      const r = await st.postStatement(w.ctx, as('alice'), c.id, text);
      expect(r.statement).toMatchObject({ status: 'pending' });
      ids.push(r.statement.id);
    }
    expect((await vote.nextStatement(w.ctx, as('bob'), c.id)).progress.total).toBe(5);
    // A reason left over from an earlier rejection is not logged against an acceptance.
    expect(await moderate(c.id, { statementIds: ids, decision: 'accepted', reason: 'Left over' })).toEqual({
      changed: 2,
    });
    const logged = await w.db
      .select({ reason: moderationLog.reason })
      .from(moderationLog)
      .where(eq(moderationLog.conversationId, c.id));
    expect(logged.map((l) => l.reason)).toEqual([null, null]);
    expect((await vote.nextStatement(w.ctx, as('bob'), c.id)).progress.total).toBe(7);
    expect((await st.moderationHistory(w.ctx, actors.moderator as Actor, c.id)).entries).toHaveLength(2);
  });
});

describe('merging near-duplicates', () => {
  it('the queue shows a near-duplicate; merging rejects with a reason naming it, logged; misuse is refused', async () => {
    const c = await newConversation({ moderation: 'pre' });
    const posted = await st.postStatement(
      w.ctx,
      as('alice'),
      c.id,
      'Bus fares should be capped at £2 everywhere!',
    );
    const pending = posted.statement.id;
    const queue = await st.moderationQueue(w.ctx, actors.moderator as Actor, c.id, 'pending');
    const item = queue.statements.find((s) => s.id === pending);
    expect(item?.similar.map((d) => d.text)).toEqual([SEEDS[0]]);
    const into = item?.similar[0];
    const merge = (who: string, statementId: string, intoId: string) =>
      st.mergeStatement(w.ctx, actors[who] as Actor, c.id, { statementId, intoId });
    for (const who of ['alice', 'otherModerator'])
      await expect(merge(who, pending, into?.id ?? '')).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(merge('moderator', pending, pending)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(merge('moderator', into?.id ?? '', pending)).rejects.toMatchObject({
      code: 'STATEMENT_NOT_ACCEPTED',
    });
    await merge('moderator', pending, into?.id ?? '');
    const mine = await st.myStatements(w.ctx, as('alice'), c.id);
    expect(mine.statements[0]).toMatchObject({
      status: 'rejected',
      reason: `Merged into #${into?.number}, which says nearly the same: “${SEEDS[0]}” Vote on that one instead.`,
    });
    await expect(merge('moderator', pending, into?.id ?? '')).rejects.toMatchObject({
      code: 'ALREADY_DECIDED',
    });
    const log = await st.moderationHistory(w.ctx, actors.moderator as Actor, c.id);
    expect(log.entries[0]).toMatchObject({ decision: 'rejected', reason: `merged into #${into?.number}` });
  });
});

describe('data rights', () => {
  it("a member's part of a subject-access export holds their own votes and statements, and nobody else's", async () => {
    const c = await newConversation({ title: 'Data rights check' });
    const id = (await vote.nextStatement(w.ctx, as('bob'), c.id)).statement?.id ?? '';
    await vote.castVote(w.ctx, as('bob'), c.id, id, -1);
    await vote.castVote(w.ctx, as('alice'), c.id, id, 1);
    await st.postStatement(w.ctx, as('bob'), c.id, 'Bob says something new here.');
    const bob = actors.bob as Actor;
    const data = (
      await deliberationPersonalData.exportFor(w.db, { memberId: bob.memberId, userId: null, email: null })
    ).commonGround as {
      votes: { conversation: string; vote: string }[];
      statements: { text: string }[];
    };
    expect(data.votes.filter((v) => v.conversation === 'Data rights check').map((v) => v.vote)).toEqual([
      'disagree',
    ]);
    expect(data.statements.map((s) => s.text)).toContain('Bob says something new here.');
  });
});
