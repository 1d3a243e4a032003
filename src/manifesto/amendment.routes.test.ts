import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyses, auditLog } from '../db/schema/index.ts';
import type { AnalysisReport } from '../math/analyze.ts';
import { callAs, startTestApp, type TestApp } from '../../test/helpers/app.ts';
import { makeMember, makeTree, type Tree } from '../../test/helpers/factories.ts';

let t: TestApp;
let tree: Tree;
const cookies: Record<string, string> = {};
const call = callAs(() => t, cookies);

interface DraftBody {
  id: string;
  sections: { id: string; title: string; clauses: { id: string; text: string; source: string }[] }[];
}
interface Amendments {
  window: { conversationId: string; open: boolean } | null;
  canDecide: boolean;
  amendments: {
    id: string;
    kind: string;
    text: string | null;
    statementId: string;
    status: string;
    reason: string | null;
    bridging: number | null;
    support: { agree: number; disagree: number } | null;
  }[];
}

beforeAll(async () => {
  t = await startTestApp();
  tree = await makeTree(t.database.db);
  const db = t.database.db;
  cookies.drafter = await t.signIn(
    (await makeMember(db, tree.wardA, { roles: [['drafter', tree.constituencyA]] })).email,
  );
  for (let i = 0; i < 8; i++) cookies[`m${i}`] = await t.signIn((await makeMember(db, tree.wardA2)).email);
  cookies.outsider = await t.signIn((await makeMember(db, tree.wardB)).email);
});
afterAll(() => t.close());

describe('amendments', () => {
  it('the whole lifecycle: window, proposals deliberated and ranked by bridging, decisions with reasons', async () => {
    const draft = (
      await call('drafter', 'POST', '/api/manifestos', {
        branchId: tree.constituencyA.id,
        title: 'Amendable',
        sections: ['Housing'],
      })
    ).body as unknown as DraftBody;
    const section = draft.sections[0]?.id ?? '';
    const url = `/api/manifestos/${draft.id}/amendments`;
    for (const text of ['Build council homes.', 'Cap rents.'])
      await call('drafter', 'POST', `/api/manifestos/${draft.id}/clauses`, { sectionId: section, text });
    const clauseIds = (
      ((await call('m0', 'GET', `/api/manifestos/${draft.id}`)).body as unknown as DraftBody).sections[0]
        ?.clauses ?? []
    ).map((c) => c.id);

    // No window yet: no proposals.
    expect((await call('m0', 'POST', url, { kind: 'delete', clauseId: clauseIds[1] })).status).toBe(409);
    const closesAt = new Date(Date.now() + 86_400_000).toISOString();
    expect(
      (await call('m0', 'POST', `/api/manifestos/${draft.id}/amendment-window`, { closesAt })).status,
    ).toBe(403);
    const opened = await call('drafter', 'POST', `/api/manifestos/${draft.id}/amendment-window`, {
      closesAt,
    });
    expect(opened.status).toBe(201);
    const conversationId = String(opened.body.conversationId);

    // Three proposals, and bad ones refused.
    expect(
      (
        await call('m0', 'POST', url, {
          kind: 'replace',
          clauseId: clauseIds[0],
          text: 'Build 300,000 council homes a year.',
        })
      ).status,
    ).toBe(201);
    expect(
      (await call('m1', 'POST', url, { kind: 'add', sectionId: section, text: 'End no-fault evictions.' }))
        .status,
    ).toBe(201);
    expect((await call('m2', 'POST', url, { kind: 'delete', clauseId: clauseIds[1] })).status).toBe(201);
    expect((await call('m3', 'POST', url, { kind: 'delete', clauseId: clauseIds[1] })).status).toBe(409); // duplicate
    expect((await call('m3', 'POST', url, { kind: 'replace', clauseId: clauseIds[0] })).status).toBe(400);
    expect((await call('m3', 'POST', url, { kind: 'add', sectionId: draft.id, text: 'x' })).status).toBe(404);
    expect((await call('outsider', 'POST', url, { kind: 'delete', clauseId: clauseIds[0] })).status).toBe(
      403,
    );

    // Members deliberate on them in the amendment conversation, like any statements.
    for (let i = 0; i < 8; i++) {
      for (;;) {
        const next = await call(`m${i}`, 'GET', `/api/conversations/${conversationId}/next`);
        const st = (next.body.statement as { id: string; text: string } | null) ?? null;
        if (!st) break;
        const value = st.text.startsWith('Add')
          ? 1
          : st.text.startsWith('Delete')
            ? i < 4
              ? 1
              : -1
            : i % 3 === 0
              ? 0
              : 1;
        expect(
          (
            await call(`m${i}`, 'POST', `/api/conversations/${conversationId}/votes`, {
              statementId: st.id,
              value,
            })
          ).status,
        ).toBe(200);
      }
    }
    await t.analysis.drain({ all: true });
    const listed = (await call('m0', 'GET', url)).body as unknown as Amendments;
    expect(listed.window?.open).toBe(true);
    expect(listed.canDecide).toBe(false);
    expect(listed.amendments).toHaveLength(3);
    // Ranked by the engine's bridging score for each amendment's statement.
    const [analysis] = await t.database.db
      .select()
      .from(analyses)
      .where(eq(analyses.conversationId, conversationId));
    const report = analysis?.report as unknown as AnalysisReport;
    const bridging = listed.amendments.map((a) => a.bridging ?? -Infinity);
    expect(bridging).toEqual([...bridging].sort((x, y) => y - x));
    for (const a of listed.amendments) expect(a.support).not.toBeNull();
    expect(report.statements.map((s) => s.bridging).sort((x, y) => y - x)).toEqual(
      listed.amendments.map((a) => a.bridging),
    );
    const add = listed.amendments.find((a) => a.kind === 'add');
    expect(add?.support).toMatchObject({ agree: 8, disagree: 0 });

    // Decisions: only the committee, always with a reason; the draft changes when one is accepted.
    const byKind = (k: string) => listed.amendments.find((a) => a.kind === k)?.id;
    const decision = (id: string | undefined) => `${url}/${id}/decision`;
    expect(
      (await call('m0', 'POST', decision(byKind('add')), { decision: 'accept', reason: 'Popular.' })).status,
    ).toBe(403);
    expect((await call('drafter', 'POST', decision(byKind('add')), { decision: 'accept' })).status).toBe(400);
    expect(
      (await call('drafter', 'POST', decision(byKind('add')), { decision: 'accept', reason: '  ' })).status,
    ).toBe(400);
    expect(
      (
        await call('drafter', 'POST', decision(byKind('add')), {
          decision: 'accept',
          reason: 'Supported in every group.',
        })
      ).status,
    ).toBe(200);
    expect(
      (await call('drafter', 'POST', decision(byKind('replace')), { decision: 'accept', reason: 'Sharper.' }))
        .status,
    ).toBe(200);
    const declined = await call('drafter', 'POST', decision(byKind('delete')), {
      decision: 'decline',
      reason: 'Groups split on it.',
    });
    expect(declined.status).toBe(200);
    expect(
      (
        await call('drafter', 'POST', decision(byKind('delete')), {
          decision: 'accept',
          reason: 'Changed our mind.',
        })
      ).status,
    ).toBe(409);
    const after = (await call('m0', 'GET', url)).body as unknown as Amendments;
    expect(Object.fromEntries(after.amendments.map((a) => [a.kind, [a.status, a.reason]]))).toEqual({
      add: ['accepted', 'Supported in every group.'],
      replace: ['accepted', 'Sharper.'],
      delete: ['declined', 'Groups split on it.'],
    });
    const now = ((await call('m0', 'GET', `/api/manifestos/${draft.id}`)).body as unknown as DraftBody)
      .sections[0]?.clauses;
    expect(now?.map((c) => c.text)).toEqual([
      'Build 300,000 council homes a year.',
      'Cap rents.',
      'End no-fault evictions.',
    ]);
    const audit = await t.database.db.select().from(auditLog).where(eq(auditLog.subjectType, 'amendment'));
    expect(audit).toHaveLength(3);
  });
});
