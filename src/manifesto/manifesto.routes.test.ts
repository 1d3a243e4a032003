/**
 * Manifesto drafts over HTTP: status codes, validation, who may read and change a draft, the priorities'
 * refusals. The evidence a clause carries and the priorities' scores are in manifesto.service.test.ts.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, statements } from '../db/schema/index.ts';
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
});
afterAll(() => t.close());

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
    const next = `/api/manifestos/${one.id}/priorities/next`;
    expect((await call('member', 'GET', next)).status).toBe(200);
    expect((await call('member', 'GET', `${next}?skip=x`)).status).toBe(400);
    expect((await call('member', 'GET', `${next}?skip=${a},${b}`)).status).toBe(200);
  });
});
