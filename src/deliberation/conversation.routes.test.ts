import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyses, statements, votes } from '../db/schema/index.ts';
import { callAs, startTestApp, type TestApp } from '../../test/helpers/app.ts';
import { makeMember, makeTree, type TestMember, type Tree } from '../../test/helpers/factories.ts';

let t: TestApp;
let tree: Tree;
const cookies: Record<string, string> = {};
const people: Record<string, TestMember> = {};

const call = callAs(() => t, cookies);

const SEEDS = [
  'Bus fares should be capped at £2 everywhere.',
  'We should renationalise the railways.',
  'Schools need more teaching assistants.',
  'Council tax should be reformed.',
  'Every town needs a public library.',
];

async function newConversation(extra: Record<string, unknown> = {}) {
  const r = await call('organiser', 'POST', '/api/conversations', {
    branchId: tree.constituencyA.id,
    title: 'What should our manifesto put first?',
    question: 'What matters most to you?',
    seedStatements: SEEDS,
    ...extra,
  });
  expect(r.status).toBe(201);
  return r.body as unknown as { id: string; link: string | null; phase: string; moderation: string };
}

interface Next {
  statement: { id: string; text: string } | null;
  progress: { voted: number; total: number };
}

beforeAll(async () => {
  t = await startTestApp();
  tree = await makeTree(t.database.db);
  const db = t.database.db;
  people.organiser = await makeMember(db, tree.wardA, { roles: [['organiser', tree.constituencyA]] });
  people.moderator = await makeMember(db, tree.wardA2, { roles: [['moderator', tree.constituencyA]] });
  people.otherModerator = await makeMember(db, tree.wardB, { roles: [['moderator', tree.constituencyB]] });
  people.alice = await makeMember(db, tree.wardA);
  people.bob = await makeMember(db, tree.wardA2);
  people.carol = await makeMember(db, tree.wardA);
  people.outsider = await makeMember(db, tree.wardB);
  for (const [k, m] of Object.entries(people)) cookies[k] = await t.signIn(m.email);
});

afterAll(async () => {
  await t.close();
});

describe('conversation lifecycle', () => {
  it('an organiser starts a conversation with seed statements; members of the branch see it', async () => {
    const c = await newConversation();
    expect(c.phase).toBe('open');
    const list = await call('alice', 'GET', '/api/conversations');
    expect(
      (list.body.conversations as { id: string; statements: number }[]).find((x) => x.id === c.id)
        ?.statements,
    ).toBe(5);
    const other = await call('outsider', 'GET', '/api/conversations');
    expect((other.body.conversations as { id: string }[]).some((x) => x.id === c.id)).toBe(false);
  });

  it('a plain member cannot start one, and bad fields are named', async () => {
    const r = await call('alice', 'POST', '/api/conversations', {
      branchId: tree.wardA.id,
      title: 't',
      question: 'q',
    });
    expect(r.status).toBe(403);
    const bad = await call('organiser', 'POST', '/api/conversations', {
      branchId: tree.constituencyA.id,
      title: '',
      question: 'q',
      opensAt: '2026-12-02T00:00:00Z',
      closesAt: '2026-12-01T00:00:00Z',
    });
    expect(bad.status).toBe(400);
    const fields = bad.body.error?.issues?.map((i) => i.field) ?? [];
    expect(fields).toEqual(['body.title', 'body.closesAt']);
  });

  it('closing the conversation stops votes and statements', async () => {
    const c = await newConversation();
    const next = (await call('alice', 'GET', `/api/conversations/${c.id}/next`)).body as unknown as Next;
    const closed = await call('organiser', 'PATCH', `/api/conversations/${c.id}`, {
      closesAt: new Date(Date.now() - 1000).toISOString(),
    });
    expect(closed.status).toBe(400); // before the opening time: refused
    await call('organiser', 'PATCH', `/api/conversations/${c.id}`, {
      closesAt: new Date(Date.now() + 50).toISOString(),
    });
    await new Promise((r) => setTimeout(r, 80));
    const v = await call('alice', 'POST', `/api/conversations/${c.id}/votes`, {
      statementId: next.statement?.id,
      value: 1,
    });
    expect(v.status).toBe(409);
    expect(v.body.error?.message).toMatch(/closed/);
    const s = await call('alice', 'POST', `/api/conversations/${c.id}/statements`, {
      text: 'Too late to say this.',
    });
    expect(s.status).toBe(409);
  });
});

describe('voting', () => {
  it('bad votes get a clear 4xx and change nothing', async () => {
    const c = await newConversation({ moderation: 'pre' });
    const n = (await call('alice', 'GET', `/api/conversations/${c.id}/next`)).body as unknown as Next;
    const id = n.statement?.id ?? '';
    const pending = await call('alice', 'POST', `/api/conversations/${c.id}/statements`, {
      text: 'Pending statements wait.',
    });
    const pendingId = (pending.body.statement as { id: string }).id;
    const cases: [unknown, number, string][] = [
      [{ statementId: id, value: 2 }, 400, 'VALIDATION_FAILED'],
      [{ statementId: id, value: -2 }, 400, 'VALIDATION_FAILED'],
      [{ statementId: id, value: '1' }, 400, 'VALIDATION_FAILED'],
      [{ statementId: id }, 400, 'VALIDATION_FAILED'],
      [{ statementId: id, value: 1, extra: true }, 400, 'VALIDATION_FAILED'],
      [{ statementId: '019a0000-0000-7000-8000-000000000000', value: 1 }, 404, 'NOT_FOUND'],
      [{ statementId: pendingId, value: 1 }, 409, 'STATEMENT_NOT_VOTABLE'],
    ];
    for (const [payload, status, code] of cases) {
      const r = await call('alice', 'POST', `/api/conversations/${c.id}/votes`, payload);
      expect([r.status, r.body.error?.code]).toEqual([status, code]);
    }
    // Rejected statements cannot be voted on either.
    await call('moderator', 'POST', `/api/conversations/${c.id}/moderation`, {
      statementIds: [id],
      decision: 'rejected',
      reason: 'Off topic',
    });
    const r = await call('alice', 'POST', `/api/conversations/${c.id}/votes`, { statementId: id, value: 1 });
    expect([r.status, r.body.error?.code]).toEqual([409, 'STATEMENT_NOT_VOTABLE']);
    const [n2] = await t.database.db.select({ n: count() }).from(votes).where(eq(votes.conversationId, c.id));
    expect(n2?.n).toBe(0);
  });
});

describe('posting statements', () => {
  it('a statement already there is a 409 DUPLICATE_STATEMENT naming the field; a bad link number is a 400', async () => {
    const c = await newConversation();
    const r = await call('alice', 'POST', `/api/conversations/${c.id}/statements`, { text: SEEDS[2] });
    expect(r.status).toBe(409);
    expect(r.body.error?.code).toBe('DUPLICATE_STATEMENT');
    expect(r.body.error?.issues?.[0]?.field).toBe('text');
    expect((await call('alice', 'GET', `/api/conversations/${c.id}/next?statement=2`)).status).toBe(200);
    expect((await call('alice', 'GET', `/api/conversations/${c.id}/next?statement=two`)).status).toBe(400);
  });

  it('over 280 characters is refused with the field named', async () => {
    const c = await newConversation();
    const r = await call('alice', 'POST', `/api/conversations/${c.id}/statements`, { text: 'x'.repeat(281) });
    expect(r.status).toBe(400);
    expect(r.body.error?.issues?.[0]).toMatchObject({
      field: 'body.text',
      message: 'must be at most 280 characters',
    });
    const [n] = await t.database.db
      .select({ n: count() })
      .from(statements)
      .where(eq(statements.conversationId, c.id));
    expect(n?.n).toBe(5);
  });

  it('post-moderation publishes at once; a replayed post returns the same statement', async () => {
    const c = await newConversation();
    const text = 'Libraries should open on Sundays.';
    const a = await call('alice', 'POST', `/api/conversations/${c.id}/statements`, { text });
    expect(a.status).toBe(201);
    expect(a.body.statement).toMatchObject({ status: 'accepted', text });
    const b = await call('alice', 'POST', `/api/conversations/${c.id}/statements`, { text });
    expect(b.status).toBe(200);
    expect((b.body.statement as { id: string }).id).toBe((a.body.statement as { id: string }).id);
  });
});

describe('merging near-duplicates', () => {
  it('answers 200 for a moderator of the branch; 403, 400 and 409 for misuse (the rules: service tests)', async () => {
    const c = await newConversation({ moderation: 'pre' });
    const posted = await call('alice', 'POST', `/api/conversations/${c.id}/statements`, {
      text: 'Bus fares should be capped at £2 everywhere!',
    });
    const pending = (posted.body.statement as { id: string }).id;
    const queue = await call('moderator', 'GET', `/api/conversations/${c.id}/moderation`);
    const into = (queue.body.statements as { id: string; similar: { id: string }[] }[]).find(
      (s) => s.id === pending,
    )?.similar[0]?.id;
    const merge = (who: string, statementId: string | undefined, intoId: string | undefined) =>
      call(who, 'POST', `/api/conversations/${c.id}/moderation/merge`, { statementId, intoId });
    expect((await merge('alice', pending, into)).status).toBe(403);
    expect((await merge('otherModerator', pending, into)).status).toBe(403);
    expect((await merge('moderator', pending, pending)).status).toBe(400);
    expect((await merge('moderator', into, pending)).body.error?.code).toBe('STATEMENT_NOT_ACCEPTED');
    expect((await merge('moderator', pending, into)).status).toBe(200);
    expect((await merge('moderator', pending, into)).body.error?.code).toBe('ALREADY_DECIDED');
    expect((await merge('moderator', pending, 'not-an-id')).status).toBe(400);
  });
});

describe('authorisation', () => {
  it('a member of another branch cannot read or vote in a branch-only conversation', async () => {
    const c = await newConversation();
    const n = (await call('alice', 'GET', `/api/conversations/${c.id}/next`)).body as unknown as Next;
    for (const [method, url, payload] of [
      ['GET', `/api/conversations/${c.id}`, undefined],
      ['GET', `/api/conversations/${c.id}/next`, undefined],
      ['GET', `/api/conversations/${c.id}/map`, undefined],
      ['GET', `/api/conversations/${c.id}/report`, undefined],
      ['POST', `/api/conversations/${c.id}/votes`, { statementId: n.statement?.id, value: 1 }],
      ['POST', `/api/conversations/${c.id}/statements`, { text: 'An outsider speaks.' }],
    ] as const) {
      expect((await call('outsider', method, url, payload)).status).toBe(403);
      expect((await call(null, method, url, payload)).status).toBe(401);
    }
  });

  it('a moderator of another branch cannot moderate it', async () => {
    const c = await newConversation();
    const q = await call('otherModerator', 'GET', `/api/conversations/${c.id}/moderation`);
    expect(q.status).toBe(403);
    const n = (await call('alice', 'GET', `/api/conversations/${c.id}/next`)).body as unknown as Next;
    const m = await call('otherModerator', 'POST', `/api/conversations/${c.id}/moderation`, {
      statementIds: [n.statement?.id],
      decision: 'rejected',
      reason: 'no',
    });
    expect(m.status).toBe(403);
    expect((await call('alice', 'GET', `/api/conversations/${c.id}/moderation`)).status).toBe(403);
  });

  it('a link conversation admits signed-out visitors with the link, pseudonymously', async () => {
    const c = await newConversation({ access: 'link' });
    const token = c.link?.split('/').pop() ?? '';
    expect(token.length).toBeGreaterThan(15);
    expect((await call(null, 'GET', `/api/conversations/${c.id}/next`)).status).toBe(401);
    const joined = await call(null, 'GET', `/api/join/${token}`);
    expect(joined.body.id).toBe(c.id);
    expect(joined.body.link).toBeNull();
    const h = { 'x-conversation-link': token };
    const n = (await call(null, 'GET', `/api/conversations/${c.id}/next`, undefined, h))
      .body as unknown as Next;
    const v = await call(
      null,
      'POST',
      `/api/conversations/${c.id}/votes`,
      { statementId: n.statement?.id, value: 1 },
      h,
    );
    expect(v.status).toBe(200);
    const cookie = String(v.raw.headers['set-cookie']).split(';')[0] ?? '';
    expect(cookie).toMatch(/^bc_visitor=/);
    const mine = await call(null, 'GET', `/api/conversations/${c.id}/my-votes`, undefined, { ...h, cookie });
    expect((mine.body.votes as unknown[]).length).toBe(1);
    const wrong = await call(null, 'GET', `/api/conversations/${c.id}/next`, undefined, {
      'x-conversation-link': 'x'.repeat(24),
    });
    expect(wrong.status).toBe(401);
  });

  it('one address cannot flood a link conversation with new visitors; organisers see how many joined without an account', async () => {
    const c = await newConversation({ access: 'link' });
    const token = c.link?.split('/').pop() ?? '';
    const n = (
      await call(null, 'GET', `/api/conversations/${c.id}/next`, undefined, { 'x-conversation-link': token })
    ).body as unknown as Next;
    const newVisitorVotes = (address: string, count: number) =>
      Promise.all(
        Array.from({ length: count }, () =>
          t.app.inject({
            method: 'POST',
            url: `/api/conversations/${c.id}/votes`,
            headers: { 'x-conversation-link': token },
            payload: { statementId: n.statement?.id, value: 1 },
            remoteAddress: address,
          }),
        ),
      );
    // Thirty made-up visitors at once from one client: the first 20 a minute join, the rest wait.
    const flood = await newVisitorVotes('198.51.100.66', 30);
    expect(flood.filter((r) => r.statusCode === 200)).toHaveLength(20);
    const refused = flood.filter((r) => r.statusCode !== 200);
    expect(
      refused.every(
        (r) => r.statusCode === 429 && r.json<{ error: { code: string } }>().error.code === 'RATE_LIMITED',
      ),
    ).toBe(true);
    // A visitor already in goes on voting; someone at another address joins.
    const cookie = String(flood.find((r) => r.statusCode === 200)?.headers['set-cookie']).split(';')[0] ?? '';
    const again = await t.app.inject({
      method: 'POST',
      url: `/api/conversations/${c.id}/votes`,
      headers: { 'x-conversation-link': token, cookie },
      payload: { statementId: n.statement?.id, value: -1 },
      remoteAddress: '198.51.100.66',
    });
    expect(again.statusCode).toBe(200);
    expect((await newVisitorVotes('203.0.113.5', 1))[0]?.statusCode).toBe(200);
    // Those who run it see members and visitors apart; members do not.
    await call('alice', 'POST', `/api/conversations/${c.id}/votes`, {
      statementId: n.statement?.id,
      value: 1,
    });
    const seen = await call('organiser', 'GET', `/api/conversations/${c.id}`);
    expect(seen.body.takingPart).toEqual({ members: 1, visitors: 21, others: 0 });
    expect((await call('alice', 'GET', `/api/conversations/${c.id}`)).body.takingPart).toBeNull();
  });
});

describe('the map and the report', () => {
  it('recomputes off the request path and shows groups, common ground and the viewer, never who voted what', async () => {
    const c = await newConversation();
    const voters = ['alice', 'bob', 'organiser', 'moderator'];
    for (const who of voters) {
      for (;;) {
        const n = (await call(who, 'GET', `/api/conversations/${c.id}/next`)).body as unknown as Next;
        if (!n.statement) break;
        const value = n.statement.text === SEEDS[0] ? 1 : who === 'alice' || who === 'bob' ? 1 : -1;
        await call(who, 'POST', `/api/conversations/${c.id}/votes`, { statementId: n.statement.id, value });
      }
    }
    const empty = await call('alice', 'GET', `/api/conversations/${c.id}/map`);
    expect(empty.body.version).toBe(0);
    expect(await t.analysis.drain({ all: true })).toBeGreaterThanOrEqual(1);
    const map = await call('alice', 'GET', `/api/conversations/${c.id}/map`);
    expect(map.body.version).toBe(1);
    expect(map.body.participants).toBe(4);
    expect((map.body.me as { votes: number }).votes).toBe(5);
    // How sure the map is: each point with its probability, and four people are too few for groups.
    const points = map.body.points as number[][];
    expect(points.length).toBeGreaterThan(0);
    for (const p of points) expect(p[3]).toBeGreaterThan(0);
    for (const p of points) expect(p[3]).toBeLessThanOrEqual(1);
    expect(map.body.reliability).toMatchObject({ reliable: false });
    expect((map.body.reliability as { reasons: string[] }).reasons).toContain('few-participants');
    for (const g of map.body.groups as { sizeInterval: number[] | null }[])
      expect(g.sizeInterval?.length).toBe(2);
    // Groups of fewer than 5 are merged into "others": nobody can be singled out.
    expect((map.body.groups as { id: number; size: number }[]).every((g) => g.id === -1 || g.size >= 5)).toBe(
      true,
    );
    const text = JSON.stringify(map.body);
    for (const m of Object.values(people)) {
      expect(text).not.toContain(m.id);
      expect(text).not.toContain(m.email);
    }
    const report = await call('alice', 'GET', `/api/conversations/${c.id}/report`);
    expect(report.status).toBe(200);
    const statementsShown = report.body.statements as { text: string; agree: number; disagree: number }[];
    expect(statementsShown.find((s) => s.text === SEEDS[0])).toMatchObject({ agree: 4, disagree: 0 });
    expect((report.body.participation as { votes: number }[]).reduce((a, d) => a + d.votes, 0)).toBe(20);
    expect(JSON.stringify(report.body)).not.toMatch(
      new RegExp(
        Object.values(people)
          .map((p) => p.id)
          .join('|'),
      ),
    );
    // A newcomer's votes reach the map at once through the live model, without a refit.
    const carol = await makeMember(t.database.db, tree.wardA);
    cookies.carol = await t.signIn(carol.email);
    for (let i = 0; i < 3; i++) {
      const n = (await call('carol', 'GET', `/api/conversations/${c.id}/next`)).body as unknown as Next;
      await call('carol', 'POST', `/api/conversations/${c.id}/votes`, {
        statementId: n.statement?.id,
        value: 1,
      });
    }
    await t.analysis.drain({ all: true });
    const live = await call('carol', 'GET', `/api/conversations/${c.id}/map`);
    expect(live.body.version).toBe(2);
    expect(live.body.participants).toBe(5);
    expect(live.body.me).toMatchObject({ group: null });
    const [stored] = await t.database.db.select().from(analyses).where(eq(analyses.conversationId, c.id));
    expect(stored?.version).toBe(2);
    expect((stored?.report as { participants: unknown[] }).participants.length).toBe(4); // the last full fit
    // Once the votes stop, the model is refitted on all of them (and the map's groups with it): not at once,
    // but TRAILING_REFIT_MS after the last update.
    const fitted = async () => {
      await t.analysis.drain({ all: true });
      const [row] = await t.database.db.select().from(analyses).where(eq(analyses.conversationId, c.id));
      return (row?.report as { participants: unknown[] }).participants.length;
    };
    await expect.poll(fitted, { timeout: 20_000, interval: 250 }).toBe(5);
    const after = await call('carol', 'GET', `/api/conversations/${c.id}/map`);
    expect(after.body.version).toBeGreaterThan(2);
    expect(after.body.participants).toBe(5);
  });
});
