/**
 * The attack of a back-dated import: an organiser imports members with a joining date long past just
 * before a ballot opens, hoping they pass its "joined by" cut-off. The electorate reads the platform's own
 * record of when each membership was recorded here: the imported members are kept, but are not on a roll
 * whose cut-off was before they arrived; members who were here by the cut-off are.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callAs, startTestApp, type TestApp } from '../../test/helpers/app.ts';
import { makeMember, makeTree, type Tree } from '../../test/helpers/factories.ts';

let t: TestApp;
let tree: Tree;
const cookies: Record<string, string> = {};
const call = callAs(() => t, cookies);

beforeAll(async () => {
  t = await startTestApp();
  tree = await makeTree(t.database.db);
  const db = t.database.db;
  const drafter = await makeMember(db, tree.wardA, { roles: [['drafter', tree.constituencyA]] });
  const organiser = await makeMember(db, tree.wardA, { roles: [['organiser', tree.constituencyA]] });
  // A member here since January (the factories record members as arriving when they joined).
  const longStanding = await makeMember(db, tree.wardA);
  cookies.drafter = await t.signIn(drafter.email);
  cookies.organiser = await t.signIn(organiser.email);
  cookies.longStanding = await t.signIn(longStanding.email);
});
afterAll(() => t.close());

describe('a ballot’s electorate against a back-dated import', () => {
  it('members imported before the ballot opens, dated before its cut-off, are kept but cannot vote', async () => {
    const suffix = Math.random().toString(36).slice(2, 8);
    const emails = [1, 2, 3, 4].map((i) => `backdated${i}.${suffix}@example.org`);
    const csv = [
      'name,email,ward,joined_on',
      ...emails.map((e, i) => `Backdated ${i},${e},${tree.wardA.code},2020-01-01`),
    ].join('\n');
    const imported = await t.call(
      cookies.organiser,
      'POST',
      `/api/members/import?branch=${tree.constituencyA.id}`,
      csv,
      { 'content-type': 'text/csv' },
    );
    expect(imported.status).toBe(200);
    expect(imported.body).toMatchObject({ imported: 4, backdated: 4 });

    // Now, just after the import, a ballot whose cut-off is months ago.
    const draft = await call('drafter', 'POST', '/api/manifestos', {
      branchId: tree.constituencyA.id,
      title: 'Back-dated roll',
      sections: ['Housing'],
    });
    const draftId = String(draft.body.id);
    const sectionId = (draft.body.sections as { id: string }[])[0]?.id;
    await call('drafter', 'POST', `/api/manifestos/${draftId}/clauses`, { sectionId, text: 'Build homes.' });
    const opened = await call('drafter', 'POST', `/api/manifestos/${draftId}/ballots`, {
      mode: 'document',
      cutoff: '2026-06-01',
    });
    expect(opened.status).toBe(201);
    const id = String(opened.body.id);

    // The roll as anyone reading the ballot sees it: its size by branch, and whether they are on it.
    const seen = await call('longStanding', 'GET', `/api/ballots/${id}`);
    expect(seen.body.roll).toEqual({
      size: 3,
      byBranch: [{ branch: tree.wardA.name, members: 3 }],
      onRoll: true,
    });
    for (const email of emails) {
      const cookie = await t.signIn(email);
      const view = await t.call(cookie, 'GET', `/api/ballots/${id}`);
      expect(view.body.refusal).toMatch(/on the roll by 2026-06-01/);
      expect((view.body.roll as { onRoll: boolean }).onRoll).toBe(false);
      const vote = await t.call(cookie, 'POST', `/api/ballots/${id}/votes`, { document: 'approve' });
      expect(vote.status).toBe(403);
      expect(vote.body.error?.message).toMatch(
        /recorded here on \d{4}-\d\d-\d\d, whatever joining date an import gave/,
      );
    }
    // The member who was here by the cut-off votes.
    const vote = await call('longStanding', 'POST', `/api/ballots/${id}/votes`, { document: 'approve' });
    expect(vote.status).toBe(200);
    // The roll counts the drafter, the organiser and the long-standing member: not the four imported.
    const closed = await call('drafter', 'POST', `/api/ballots/${id}/close`);
    expect((closed.body.results as { eligible: number; voted: number }).eligible).toBe(3);
    expect((closed.body.results as { eligible: number; voted: number }).voted).toBe(1);
  });
});
