import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../db/client.ts';
import { analyses, auditLog, statements } from '../db/schema/index.ts';
import type { AnalysisReport } from '../math/analyze.ts';
import { callAs, startTestApp, type TestApp } from '../../test/helpers/app.ts';
import { makeMember, makeTree, type Tree } from '../../test/helpers/factories.ts';

let t: TestApp;
let tree: Tree;
const cookies: Record<string, string> = {};

const call = callAs(() => t, cookies);

const SEEDS = [
  'Bus fares should be capped at £2 everywhere.',
  'We should renationalise the railways.',
  'Schools need more teaching assistants.',
  'Council tax should be reformed.',
  'Every town needs a public library.',
  'Private schools should pay VAT.',
];

interface Draft {
  id: string;
  canDraft: boolean;
  sections: {
    id: string;
    title: string;
    clauses: {
      id: string;
      text: string;
      source: string;
      evidence: {
        conversation: { id: string; title: string };
        statementNumber: number;
        analysisVersion: number;
        support: {
          agree: number;
          disagree: number;
          pass: number;
          byGroup: { group: number; agree: number; disagree: number; pass: number }[];
        } | null;
      } | null;
    }[];
  }[];
}

let conversationId = '';

beforeAll(async () => {
  t = await startTestApp();
  tree = await makeTree(t.database.db);
  const db = t.database.db;
  const people = {
    drafter: await makeMember(db, tree.wardA, { roles: [['drafter', tree.constituencyA]] }),
    organiser: await makeMember(db, tree.wardA, { roles: [['organiser', tree.constituencyA]] }),
    member: await makeMember(db, tree.wardA2),
    outsider: await makeMember(db, tree.wardB),
    otherDrafter: await makeMember(db, tree.wardB, { roles: [['drafter', tree.constituencyB]] }),
  };
  for (const [k, m] of Object.entries(people)) cookies[k] = await t.signIn(m.email);
  // A conversation of the constituency with two factions of 20 synthetic participants.
  const c = await call('organiser', 'POST', '/api/conversations', {
    branchId: tree.constituencyA.id,
    title: 'What should our manifesto put first?',
    question: 'What matters most to you?',
    seedStatements: SEEDS,
  });
  conversationId = String(c.body.id);
  await t.database.db.execute(sql`insert into participants (id, conversation_id, number)
        select gen_random_uuid(), ${conversationId}, g from generate_series(0, 39) g`);
  await t.database.db.execute(
    sql`update conversations set next_participant = 40 where id = ${conversationId}`,
  );
  await voteOnEverything();
  await t.analysis.drain({ all: true });
});
afterAll(() => t.close());

/**
 * Every synthetic participant (numbers 0–39) votes on every accepted statement they have not voted on: everyone agrees
 * with statement 0; faction A (0–19) agrees with the even ones, faction B with the odd ones, with some
 * passes and a few votes the other way. Then the analysis is brought up to date.
 */
async function voteOnEverything() {
  const db = t.database.db;
  await db.execute(sql`insert into votes (participant_id, statement_id, conversation_id, value)
    select p.id, s.id, p.conversation_id,
      case when s.number = 0 then 1
           when (hashint4(p.number * 7919 + s.number) & 7) = 1 then 0
           when ((p.number < 20) = (s.number % 2 = 0)) <> ((hashint4(p.number * 7919 + s.number) & 15) = 0)
             then 1
           else -1 end
    from participants p join statements s on s.conversation_id = p.conversation_id and s.status = 'accepted'
    where p.conversation_id = ${conversationId} and p.number < 40
    on conflict do nothing`);
  await db.execute(sql`insert into vote_events (conversation_id, participant_id, statement_id, value)
    select v.conversation_id, v.participant_id, v.statement_id, v.value from votes v
    where v.conversation_id = ${conversationId} and not exists (select 1 from vote_events e
      where e.participant_id = v.participant_id and e.statement_id = v.statement_id)`);
  await db.execute(
    sql`insert into analysis_jobs (conversation_id) values (${conversationId}) on conflict do nothing`,
  );
  await t.analysis.drain({ all: true });
}

async function newDraft(who = 'drafter', body: Record<string, unknown> = {}) {
  const r = await call(who, 'POST', '/api/manifestos', {
    branchId: tree.constituencyA.id,
    title: 'Our manifesto',
    ...body,
  });
  return r;
}

describe('manifesto drafts', () => {
  it('a drafter starts a draft with the default sections; members of the branch read it', async () => {
    const r = await newDraft();
    expect(r.status).toBe(201);
    const draft = r.body as unknown as Draft;
    expect(draft.sections.map((s) => s.title)).toEqual([
      'Health',
      'Social security',
      'Fair pay and wealth',
      'Education',
      'Utilities and transport',
    ]);
    expect(draft.canDraft).toBe(true);
    const read = await call('member', 'GET', `/api/manifestos/${draft.id}`);
    expect(read.status).toBe(200);
    expect((read.body as unknown as Draft).canDraft).toBe(false);
    const listed = await call('member', 'GET', '/api/manifestos');
    expect((listed.body.manifestos as { id: string }[]).map((m) => m.id)).toContain(draft.id);
    const audit = await t.database.db.select().from(auditLog).where(eq(auditLog.subjectId, draft.id));
    expect(audit.map((a) => a.action)).toEqual(['create']);
  });

  it("a clause from a statement carries the engine's numbers as its evidence, live", async () => {
    const draft = (await newDraft('drafter', { title: 'Evidence', sections: ['Transport'] }))
      .body as unknown as Draft;
    const section = draft.sections[0]?.id ?? '';
    const rows = await t.database.db
      .select()
      .from(statements)
      .where(eq(statements.conversationId, conversationId));
    const bridging = rows.find((s) => s.number === 0);
    const divisive = rows.find((s) => s.number === 1);
    for (const st of [bridging, divisive]) {
      const r = await call('drafter', 'POST', `/api/manifestos/${draft.id}/clauses`, {
        sectionId: section,
        statementId: st?.id,
      });
      expect(r.status).toBe(201);
    }
    const got = (await call('member', 'GET', `/api/manifestos/${draft.id}`)).body as unknown as Draft;
    const [analysis] = await t.database.db
      .select()
      .from(analyses)
      .where(eq(analyses.conversationId, conversationId));
    const report = analysis?.report as unknown as AnalysisReport;
    expect(report.groups.length).toBeGreaterThanOrEqual(2);
    const clausesShown = got.sections[0]?.clauses ?? [];
    expect(clausesShown.map((c) => c.text)).toEqual([SEEDS[0], SEEDS[1]]);
    for (const clause of clausesShown) {
      const ev = clause.evidence;
      expect(ev?.conversation.title).toBe('What should our manifesto put first?');
      expect(ev?.analysisVersion).toBe(analysis?.version);
      const engine = report.statements.find((s) => s.id === String(ev?.statementNumber));
      expect(engine).toBeDefined();
      expect(ev?.support).toMatchObject({
        agree: engine?.agree,
        disagree: engine?.disagree,
        pass: engine?.pass,
      });
      // Every group here has at least 5 members: the evidence shows each group's own counts.
      expect(ev?.support?.byGroup.map((g) => [g.group, g.agree, g.disagree, g.pass])).toEqual(
        engine?.byGroup.map((g) => [g.group, g.agree, g.disagree, g.pass]),
      );
    }
    // Everyone agrees with statement 0: every group's agreement is whole.
    expect(clausesShown[0]?.evidence?.support?.byGroup.every((g) => g.disagree === 0 && g.agree > 0)).toBe(
      true,
    );
    // Live: a changed vote moves the evidence at the next full analysis.
    const [p] = await queryRows<{ id: string }>(
      t.database.db,
      sql`select id from participants where conversation_id = ${conversationId} and number = 0`,
    );
    for (const q of [
      sql`update votes set value = -1 where participant_id = ${p?.id} and statement_id = ${bridging?.id}`,
      sql`insert into vote_events (conversation_id, participant_id, statement_id, value)
          values (${conversationId}, ${p?.id}, ${bridging?.id}, -1)`,
      sql`insert into analysis_jobs (conversation_id) values (${conversationId}) on conflict do nothing`,
    ])
      await t.database.db.execute(q);
    // A new statement makes the next analysis a full refit, which recounts every statement.
    const posted = await call('organiser', 'POST', `/api/conversations/${conversationId}/statements`, {
      text: 'Libraries should open on Sundays.',
    });
    expect(posted.status).toBe(201);
    await voteOnEverything();
    const after = (await call('member', 'GET', `/api/manifestos/${draft.id}`)).body as unknown as Draft;
    const moved = after.sections[0]?.clauses[0]?.evidence?.support;
    expect(moved?.disagree).toBe(1);
    expect(moved?.agree).toBe((clausesShown[0]?.evidence?.support?.agree ?? 0) - 1);
  });

  it('written clauses, a new section, removing a clause', async () => {
    const draft = (await newDraft('drafter', { title: 'Written', sections: [] })).body as unknown as Draft;
    const added = await call('drafter', 'POST', `/api/manifestos/${draft.id}/sections`, { title: 'Housing' });
    expect(added.status).toBe(201);
    const section = (added.body as unknown as Draft).sections[0]?.id ?? '';
    const again = await call('drafter', 'POST', `/api/manifestos/${draft.id}/sections`, { title: 'housing' });
    expect(again.status).toBe(409);
    const a = await call('drafter', 'POST', `/api/manifestos/${draft.id}/clauses`, {
      sectionId: section,
      text: 'Build 300,000 council homes a year.',
    });
    const b = await call('drafter', 'POST', `/api/manifestos/${draft.id}/clauses`, {
      sectionId: section,
      text: 'End no-fault evictions.',
    });
    const clausesNow = (b.body as unknown as Draft).sections[0]?.clauses ?? [];
    expect(clausesNow.map((c) => [c.text, c.source, c.evidence])).toEqual([
      ['Build 300,000 council homes a year.', 'written', null],
      ['End no-fault evictions.', 'written', null],
    ]);
    expect(a.status).toBe(201);
    const removed = await call(
      'drafter',
      'DELETE',
      `/api/manifestos/${draft.id}/clauses/${clausesNow[0]?.id}`,
    );
    expect(removed.status).toBe(200);
    expect((removed.body as unknown as Draft).sections[0]?.clauses.map((c) => c.text)).toEqual([
      'End no-fault evictions.',
    ]);
    const gone = await call('drafter', 'DELETE', `/api/manifestos/${draft.id}/clauses/${clausesNow[0]?.id}`);
    expect(gone.status).toBe(404);
  });

  it('only drafters of the branch change a draft; bad input is refused and changes nothing', async () => {
    const draft = (await newDraft()).body as unknown as Draft;
    const section = draft.sections[0]?.id ?? '';
    const clause = { sectionId: section, text: 'A clause.' };
    expect((await newDraft('member')).status).toBe(403);
    expect((await newDraft('otherDrafter')).status).toBe(403);
    expect((await call(null, 'GET', `/api/manifestos/${draft.id}`)).status).toBe(401);
    expect((await call('outsider', 'GET', `/api/manifestos/${draft.id}`)).status).toBe(403);
    expect((await call('member', 'POST', `/api/manifestos/${draft.id}/clauses`, clause)).status).toBe(403);
    expect((await call('otherDrafter', 'POST', `/api/manifestos/${draft.id}/clauses`, clause)).status).toBe(
      403,
    );
    const long = await call('drafter', 'POST', `/api/manifestos/${draft.id}/clauses`, {
      sectionId: section,
      text: 'x'.repeat(1001),
    });
    expect(long.status).toBe(400);
    const both = await call('drafter', 'POST', `/api/manifestos/${draft.id}/clauses`, {
      sectionId: section,
      text: 'x',
      statementId: draft.id,
    });
    expect(both.status).toBe(400);
    const unknown = await call('drafter', 'POST', `/api/manifestos/${draft.id}/clauses`, {
      sectionId: section,
      statementId: draft.id,
    });
    expect(unknown.status).toBe(404);
    const read = (await call('drafter', 'GET', `/api/manifestos/${draft.id}`)).body as unknown as Draft;
    expect(read.sections.flatMap((s) => s.clauses)).toEqual([]);
    expect((await call('drafter', 'GET', `/api/manifestos/${tree.wardA.id}`)).status).toBe(404);
  });

  it('a statement is one clause of a section at most; pending statements cannot become clauses', async () => {
    const draft = (await newDraft()).body as unknown as Draft;
    const section = draft.sections[0]?.id ?? '';
    const [st] = await t.database.db
      .select()
      .from(statements)
      .where(eq(statements.conversationId, conversationId));
    const add = () =>
      call('drafter', 'POST', `/api/manifestos/${draft.id}/clauses`, {
        sectionId: section,
        statementId: st?.id,
      });
    expect((await add()).status).toBe(201);
    expect((await add()).status).toBe(409);
    await t.database.db
      .update(statements)
      .set({ status: 'pending' })
      .where(eq(statements.id, st?.id ?? ''));
    const other = draft.sections[1]?.id ?? '';
    const pending = await call('drafter', 'POST', `/api/manifestos/${draft.id}/clauses`, {
      sectionId: other,
      statementId: st?.id,
    });
    expect(pending.status).toBe(409);
    await t.database.db
      .update(statements)
      .set({ status: 'accepted' })
      .where(eq(statements.id, st?.id ?? ''));
  });
});

interface Next {
  pair: { id: string; text: string }[] | null;
  compared: number;
  clauses: number;
}
interface Priorities {
  comparisons: number;
  voters: number;
  clauses: { id: string; text: string; score: number; strength: number; wins: number; losses: number }[];
  groups: {
    id: number;
    label: string;
    answered: number;
    comparisons: number;
    agreementWithOverall: number;
    scores: Record<string, number>;
  }[];
}

describe('priorities: which matters more?', () => {
  it('members compare pairs; scores overall and per opinion group show whether the priorities bridge', async () => {
    const draft = (await newDraft('drafter', { title: 'Priorities', sections: ['All'] }))
      .body as unknown as Draft;
    const section = draft.sections[0]?.id ?? '';
    const rows = await t.database.db
      .select()
      .from(statements)
      .where(eq(statements.conversationId, conversationId));
    const byNumber = (n: number) => rows.find((s) => s.number === n)?.id;
    for (const n of [0, 1, 2, 3])
      expect(
        (
          await call('drafter', 'POST', `/api/manifestos/${draft.id}/clauses`, {
            sectionId: section,
            statementId: byNumber(n),
          })
        ).status,
      ).toBe(201);
    const ids =
      (
        (await call('drafter', 'GET', `/api/manifestos/${draft.id}`)).body as unknown as Draft
      ).sections[0]?.clauses.map((c) => c.id) ?? [];
    // Ten members, five in each faction of the conversation (linked to its participants 0–4 and 20–24).
    const voters: string[] = [];
    for (let k = 0; k < 10; k++) {
      const m = await makeMember(t.database.db, tree.wardA);
      cookies[`v${k}`] = await t.signIn(m.email);
      const number = k < 5 ? k : 15 + k;
      await t.database.db.execute(
        sql`update participants set member_id = ${m.id} where conversation_id = ${conversationId} and number = ${number}`,
      );
      voters.push(`v${k}`);
    }
    // Faction A (participants 0–19) puts clause 2 first; faction B puts clause 3 first; both put clause 0 second.
    const rank = (who: number) => (who < 5 ? [2, 0, 1, 3] : [3, 0, 1, 2]);
    for (const [k, who] of voters.entries()) {
      let next = (await call(who, 'GET', `/api/manifestos/${draft.id}/priorities/next`))
        .body as unknown as Next;
      expect(next.clauses).toBe(4);
      if (k === 0) {
        // "Can't decide": the pair is skipped, nothing is recorded, and another pair comes.
        const [a, b] = next.pair ?? [];
        const other = (
          await call(who, 'GET', `/api/manifestos/${draft.id}/priorities/next?skip=${a?.id},${b?.id}`)
        ).body as unknown as Next;
        expect(new Set(other.pair?.map((c) => c.id))).not.toEqual(new Set([a?.id, b?.id]));
        expect(other.compared).toBe(0);
        const bad = await call(who, 'GET', `/api/manifestos/${draft.id}/priorities/next?skip=x`);
        expect(bad.status).toBe(400);
      }
      if (k === 3) {
        // Three of faction A have answered: too few for a column of their own (it would show whose
        // answers they were), and too few together as "others".
        const early = (await call('member', 'GET', `/api/manifestos/${draft.id}/priorities`))
          .body as unknown as Priorities;
        expect(early.voters).toBe(3);
        expect(early.groups).toEqual([]);
      }
      for (let round = 0; round < 6; round++) {
        const [a, b] = next.pair ?? [];
        expect(a && b && a.id !== b.id).toBe(true);
        const order = rank(k).map((i) => ids[i]);
        const aFirst = order.indexOf(a?.id) < order.indexOf(b?.id);
        const r = await call(who, 'POST', `/api/manifestos/${draft.id}/priorities`, {
          winnerId: aFirst ? a?.id : b?.id,
          loserId: aFirst ? b?.id : a?.id,
        });
        expect(r.status).toBe(200);
        next = r.body as unknown as Next;
        expect(next.compared).toBe(round + 1);
      }
    }
    const p = (await call('member', 'GET', `/api/manifestos/${draft.id}/priorities`))
      .body as unknown as Priorities;
    expect(p.comparisons).toBe(60);
    expect(p.voters).toBe(10);
    // Overall, clause 0 (second for everyone) is first; every score is a chance of winning.
    expect(p.clauses[0]?.id).toBe(ids[0]);
    expect(p.clauses.every((c) => c.score > 0 && c.score < 100)).toBe(true);
    expect(p.clauses.reduce((s, c) => s + c.score, 0) / 4).toBeCloseTo(50, 6);
    expect(p.groups.map((g) => g.comparisons)).toEqual([30, 30]);
    expect(p.groups.map((g) => g.answered)).toEqual([5, 5]);
    const tops = p.groups.map((g) => Object.entries(g.scores).sort((x, y) => y[1] - x[1])[0]?.[0]);
    expect(new Set(tops)).toEqual(new Set([ids[2], ids[3]]));
    expect(p.groups.every((g) => g.agreementWithOverall < 1)).toBe(true);
    // Nobody's answers are shown: no member ids in the results.
    expect(JSON.stringify(p)).not.toMatch(/member/i);
  });

  it('refuses a clause twice, a clause of another draft, and readers outside the branch', async () => {
    const one = (await newDraft('drafter', { title: 'One', sections: ['A'] })).body as unknown as Draft;
    const two = (await newDraft('drafter', { title: 'Two', sections: ['A'] })).body as unknown as Draft;
    const add = async (d: Draft, text: string) =>
      (
        (
          await call('drafter', 'POST', `/api/manifestos/${d.id}/clauses`, {
            sectionId: d.sections[0]?.id,
            text,
          })
        ).body as unknown as Draft
      ).sections[0]?.clauses.at(-1)?.id;
    const a = await add(one, 'Clause a.');
    const b = await add(one, 'Clause b.');
    const other = await add(two, 'Clause elsewhere.');
    const url = `/api/manifestos/${one.id}/priorities`;
    expect((await call('member', 'POST', url, { winnerId: a, loserId: a })).status).toBe(400);
    expect((await call('member', 'POST', url, { winnerId: a, loserId: other })).status).toBe(404);
    expect((await call('member', 'POST', url, { winnerId: a })).status).toBe(400);
    expect((await call('outsider', 'POST', url, { winnerId: a, loserId: b })).status).toBe(403);
    expect((await call('outsider', 'GET', url)).status).toBe(403);
    expect(((await call('member', 'GET', url)).body as unknown as Priorities).comparisons).toBe(0);
  });
});
