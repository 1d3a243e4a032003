/**
 * A ward of many synthetic members, each with a choice for ballots (every tenth off, every tenth but one
 * in-app only, the rest by mail), a drafter, and a draft ready for a ballot: the fan-out test and benchmark
 * open a ballot to all of them.
 */
import { insertMembers, type NewMember } from '../../src/members/index.ts';
import { notificationPreferences } from '../../src/db/schema/index.ts';
import { newId } from '../../src/lib/ids.ts';
import type { TestApp } from './app.ts';
import { makeMember, makeTree } from './factories.ts';

export interface BigBranch {
  /** Addresses by the member's choice for ballots. */
  byChoice: { mail: string[]; app: string[]; off: string[] };
  /** Opens the ballot (as the drafter) and answers with the response's status. */
  open(): Promise<{ status: number; id: string }>;
}

export async function bigBranch(t: TestApp, size: number): Promise<BigBranch> {
  const db = t.database.db;
  const tree = await makeTree(db);
  const drafter = await makeMember(db, tree.wardA, { roles: [['drafter', tree.wardA]] });
  const cookie = await t.signIn(drafter.email);
  const byChoice: BigBranch['byChoice'] = { mail: [drafter.email], app: [], off: [] };
  const stamp = newId().slice(-8);
  for (let from = 0; from < size; from += 1000) {
    const rows: NewMember[] = [];
    const prefs: (typeof notificationPreferences.$inferInsert)[] = [];
    for (let i = from; i < Math.min(size, from + 1000); i++) {
      const id = newId();
      const email = `big${i}-${stamp}@test.broadchurch.org`;
      rows.push({
        id,
        name: `Member ${i}`,
        email,
        phone: null,
        homeWardId: tree.wardA.id,
        joinedOn: '2026-01-15',
        // On the platform since they joined (a ballot's electorate reads when a member was recorded here).
        createdAt: new Date('2026-01-15T09:00:00Z'),
        status: 'active',
        invitedBy: null,
      });
      const channel = i % 10 === 0 ? 'off' : i % 10 === 1 ? 'app' : 'mail';
      byChoice[channel].push(email);
      if (channel !== 'mail') prefs.push({ memberId: id, topic: 'ballots', channel });
    }
    await insertMembers(db, rows);
    if (prefs.length > 0) await db.insert(notificationPreferences).values(prefs);
  }
  const draft = await t.call(cookie, 'POST', '/api/manifestos', {
    branchId: tree.wardA.id,
    title: 'The big ballot',
    sections: ['Housing'],
  });
  const manifestoId = String(draft.body.id);
  const sectionId = (draft.body.sections as { id: string }[])[0]?.id;
  await t.call(cookie, 'POST', `/api/manifestos/${manifestoId}/clauses`, { sectionId, text: 'Build homes.' });
  return {
    byChoice,
    async open() {
      const r = await t.call(cookie, 'POST', `/api/manifestos/${manifestoId}/ballots`, {
        mode: 'document',
        cutoff: '2026-06-01',
      });
      return { status: r.status, id: String(r.body.id) };
    },
  };
}
