/**
 * The manifesto's rules, called directly against a real database, on a conversation of two factions whose
 * analysis the engine has made: a clause from a statement carries the engine's numbers as its evidence, and
 * they stay live; "which matters more?" scores overall and per opinion group show whether the priorities
 * bridge, without showing anyone's answers. HTTP's part is in manifesto.routes.test.ts.
 */
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addClauseBody, createManifestoBody } from '../contract/manifesto.ts';
import { createConversationBody } from '../contract/deliberation.ts';
import type { Actor } from '../core/permissions.ts';
import { queryRows } from '../db/client.ts';
import { analyses, statements } from '../db/schema/index.ts';
import { AnalysisRunner, postStatement } from '../deliberation/index.ts';
import { createConversation } from '../deliberation/conversation.service.ts';
import type { AnalysisReport } from '../math/analyze.ts';
import { makeTree, type Tree } from '../../test/helpers/factories.ts';
import { makeActor, openServiceWorld, type ServiceWorld } from '../../test/helpers/service.ts';
import { addClause, createManifesto, getManifesto } from './manifesto.service.ts';
import * as prio from './priority.service.ts';

const SEEDS = [
  'Bus fares should be capped at £2 everywhere.',
  'We should renationalise the railways.',
  'Schools need more teaching assistants.',
  'Council tax should be reformed.',
  'Every town needs a public library.',
  'Private schools should pay VAT.',
];

let w: ServiceWorld;
let tree: Tree;
let runner: AnalysisRunner;
const actors: Record<string, Actor> = {};
const as = (who: string) => actors[who] as Actor;
let conversationId = '';

/**
 * Every synthetic participant (numbers 0–39) votes on every accepted statement they have not voted on:
 * everyone agrees with statement 0; faction A (0–19) agrees with the even ones, faction B with the odd ones,
 * with some passes and a few votes the other way. Then the analysis is brought up to date.
 */
async function voteOnEverything() {
  await w.db.execute(sql`insert into votes (participant_id, statement_id, conversation_id, value)
    select p.id, s.id, p.conversation_id,
      case when s.number = 0 then 1
           when (hashint4(p.number * 7919 + s.number) & 7) = 1 then 0
           when ((p.number < 20) = (s.number % 2 = 0)) <> ((hashint4(p.number * 7919 + s.number) & 15) = 0)
             then 1
           else -1 end
    from participants p join statements s on s.conversation_id = p.conversation_id and s.status = 'accepted'
    where p.conversation_id = ${conversationId} and p.number < 40
    on conflict do nothing`);
  await w.db.execute(sql`insert into vote_events (conversation_id, participant_id, statement_id, value)
    select v.conversation_id, v.participant_id, v.statement_id, v.value from votes v
    where v.conversation_id = ${conversationId} and not exists (select 1 from vote_events e
      where e.participant_id = v.participant_id and e.statement_id = v.statement_id)`);
  await w.db.execute(
    sql`insert into analysis_jobs (conversation_id) values (${conversationId}) on conflict do nothing`,
  );
  await runner.drain({ all: true });
}

const newDraft = async (title: string, sections: string[]) =>
  createManifesto(
    w.ctx,
    as('drafter'),
    createManifestoBody.parse({ branchId: tree.constituencyA.id, title, sections }),
  );
const statementNumbered = async (n: number) =>
  (await w.db.select().from(statements).where(eq(statements.conversationId, conversationId))).find(
    (s) => s.number === n,
  );

beforeAll(async () => {
  w = await openServiceWorld();
  runner = new AnalysisRunner(w.db, 250, { memory: w.ctx.state.deliberation });
  tree = await makeTree(w.db);
  actors.drafter = (await makeActor(w.db, tree.wardA, { roles: [['drafter', tree.constituencyA]] })).actor;
  actors.organiser = (
    await makeActor(w.db, tree.wardA, { roles: [['organiser', tree.constituencyA]] })
  ).actor;
  actors.member = (await makeActor(w.db, tree.wardA2)).actor;
  const c = await createConversation(
    w.ctx,
    as('organiser'),
    createConversationBody.parse({
      branchId: tree.constituencyA.id,
      title: 'What should our manifesto put first?',
      question: 'What matters most to you?',
      seedStatements: SEEDS,
    }),
  );
  conversationId = c.id;
  await w.db.execute(sql`insert into participants (id, conversation_id, number)
        select gen_random_uuid(), ${conversationId}, g from generate_series(0, 39) g`);
  await w.db.execute(sql`update conversations set next_participant = 40 where id = ${conversationId}`);
  await voteOnEverything();
}, 60_000);
afterAll(async () => {
  await runner.stop();
  await w.close();
});

describe('evidence', () => {
  it("a clause from a statement carries the engine's numbers as its evidence, each group's own, live", async () => {
    const draft = await newDraft('Evidence', ['Transport']);
    const section = draft.sections[0]?.id ?? '';
    const bridging = await statementNumbered(0);
    const divisive = await statementNumbered(1);
    for (const st of [bridging, divisive])
      await addClause(
        w.ctx,
        as('drafter'),
        draft.id,
        addClauseBody.parse({ sectionId: section, statementId: st?.id }),
      );
    const got = await getManifesto(w.ctx, as('member'), draft.id);
    const [analysis] = await w.db.select().from(analyses).where(eq(analyses.conversationId, conversationId));
    const report = analysis?.report as unknown as AnalysisReport;
    expect(report.groups.length).toBeGreaterThanOrEqual(2);
    const shown = got.sections[0]?.clauses ?? [];
    expect(shown.map((c) => c.text)).toEqual([SEEDS[0], SEEDS[1]]);
    for (const clause of shown) {
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
    expect(shown[0]?.evidence?.support?.byGroup.every((g) => g.disagree === 0 && g.agree > 0)).toBe(true);
    // Live: a changed vote moves the evidence at the next full analysis.
    const [p] = await queryRows<{ id: string }>(
      w.db,
      sql`select id from participants where conversation_id = ${conversationId} and number = 0`,
    );
    await w.db.execute(
      sql`update votes set value = -1 where participant_id = ${p?.id} and statement_id = ${bridging?.id}`,
    );
    await w.db.execute(sql`insert into vote_events (conversation_id, participant_id, statement_id, value)
          values (${conversationId}, ${p?.id}, ${bridging?.id}, -1)`);
    // A new statement makes the next analysis a full refit, which recounts every statement.
    await postStatement(
      w.ctx,
      { actor: as('organiser'), linkToken: null, visitorKey: null },
      conversationId,
      'Libraries should open on Sundays.',
    );
    await voteOnEverything();
    const moved = (await getManifesto(w.ctx, as('member'), draft.id)).sections[0]?.clauses[0]?.evidence
      ?.support;
    expect(moved?.disagree).toBe(1);
    expect(moved?.agree).toBe((shown[0]?.evidence?.support?.agree ?? 0) - 1);
  });
});

describe('priorities: which matters more?', () => {
  it('scores overall and per opinion group show whether the priorities bridge; nobody’s answers are shown', async () => {
    const draft = await newDraft('Priorities', ['All']);
    const section = draft.sections[0]?.id ?? '';
    for (const n of [0, 1, 2, 3])
      await addClause(
        w.ctx,
        as('drafter'),
        draft.id,
        addClauseBody.parse({ sectionId: section, statementId: (await statementNumbered(n))?.id }),
      );
    const ids =
      (await getManifesto(w.ctx, as('drafter'), draft.id)).sections[0]?.clauses.map((c) => c.id) ?? [];
    // Ten members, five in each faction of the conversation (linked to its participants 0–4 and 20–24).
    const voters: Actor[] = [];
    for (let k = 0; k < 10; k++) {
      const { member, actor } = await makeActor(w.db, tree.wardA);
      await w.db.execute(
        sql`update participants set member_id = ${member.id} where conversation_id = ${conversationId} and number = ${k < 5 ? k : 15 + k}`,
      );
      voters.push(actor);
    }
    // Faction A puts clause 2 first; faction B puts clause 3 first; both put clause 0 second.
    const rank = (k: number) => (k < 5 ? [2, 0, 1, 3] : [3, 0, 1, 2]);
    for (const [k, voter] of voters.entries()) {
      let next = await prio.nextComparison(w.ctx, voter, draft.id);
      expect(next.clauses).toBe(4);
      if (k === 0) {
        // "Can't decide": the pair is skipped, nothing is recorded, and another pair comes.
        const [a, b] = next.pair ?? [];
        const other = await prio.nextComparison(w.ctx, voter, draft.id, [a?.id ?? '', b?.id ?? '']);
        expect(new Set(other.pair?.map((c) => c.id))).not.toEqual(new Set([a?.id, b?.id]));
        expect(other.compared).toBe(0);
      }
      if (k === 3) {
        // Three of faction A have answered: too few for a column of their own (it would show whose answers
        // they were), and too few together as "others".
        const early = await prio.priorities(w.ctx, as('member'), draft.id);
        expect(early.voters).toBe(3);
        expect(early.groups).toEqual([]);
      }
      for (let round = 0; round < 6; round++) {
        const [a, b] = next.pair ?? [];
        expect(a && b && a.id !== b.id).toBe(true);
        const order = rank(k).map((i) => ids[i]);
        const aFirst = order.indexOf(a?.id) < order.indexOf(b?.id);
        next = await prio.compare(w.ctx, voter, draft.id, {
          winnerId: (aFirst ? a?.id : b?.id) ?? '',
          loserId: (aFirst ? b?.id : a?.id) ?? '',
        });
        expect(next.compared).toBe(round + 1);
      }
    }
    const p = await prio.priorities(w.ctx, as('member'), draft.id);
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
    expect(JSON.stringify(p)).not.toMatch(/member/i);
  });
});
