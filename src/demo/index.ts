/**
 * Demo content, one seeder per domain (members here; deliberation.ts, manifesto.ts, canvass.ts): a party with two regions, three constituencies with wards, and fifty members with a
 * spread of roles. Deterministic, so every fresh machine shows the same demo.
 */
import type { Db } from '../db/client.ts';
import type { Role } from '../db/schema/index.ts';
import { newId } from '../lib/ids.ts';
import {
  addAssignment,
  insertBranch,
  insertMembers,
  type BranchRow,
  type NewMember,
} from '../members/index.ts';
import { seedDemoCanvass } from './canvass.ts';
import { hasBranches } from './demo.repo.ts';
import { seedDemoConversation } from './deliberation.ts';
import { seedDemoManifesto } from './manifesto.ts';
import { seedDemoPulse } from './pulse.ts';
import { unaudited } from '../core/audited.ts';

export const DEMO_ADMIN_EMAIL = 'admin@demo.broadchurch.org';

/** The demo's members are numbered; from 20 on they hold no role. */
export const demoMemberEmail = (i: number): string =>
  `${FIRST[i % FIRST.length] ?? 'Alex'}.${LAST[(i * 7) % LAST.length] ?? 'Smith'}.${i}@demo.broadchurch.org`.toLowerCase();

const TREE = {
  name: 'Broadchurch Party',
  code: 'PARTY',
  regions: [
    {
      name: 'North',
      code: 'N',
      constituencies: [
        { name: 'Millbrook', code: 'N-MIL', wards: ['Abbey', 'Canal Side', 'Hillcrest'] },
        { name: 'Ashford Vale', code: 'N-ASH', wards: ['Station', 'Riverside'] },
      ],
    },
    {
      name: 'South',
      code: 'S',
      constituencies: [{ name: 'Seaport', code: 'S-SEA', wards: ['Harbour', 'Old Town', 'Westcliff'] }],
    },
  ],
};

const FIRST = [
  'Priya',
  'Tom',
  'Aisha',
  'Dylan',
  'Grace',
  'Hamza',
  'Isla',
  'Jack',
  'Kemi',
  'Liam',
  'Mei',
  'Noah',
  'Olivia',
  'Rhys',
  'Sam',
  'Zara',
  'Owen',
  'Fatima',
  'Callum',
  'Niamh',
];
const LAST = [
  'Shah',
  'Evans',
  'Okafor',
  'Jones',
  'Murphy',
  'Khan',
  'Campbell',
  'Williams',
  'Adeyemi',
  'Taylor',
  'Chen',
  'Brown',
  'Hughes',
  'Patel',
  'Davies',
];

/** Has the database been seeded (does any branch exist)? */
export async function isSeeded(db: Db): Promise<boolean> {
  return hasBranches(db);
}

export interface SeedResult {
  branches: number;
  members: number;
  adminEmail: string;
  conversation: { participants: number; votes: number };
  manifesto: { sections: number; clauses: number };
  canvass: { electors: number; walks: number; records: number };
  pulse: { polls: number };
}

export async function seedDemo(db: Db): Promise<SeedResult> {
  return db.transaction(async (tx) => {
    const wards: BranchRow[] = [];
    const constituencies: BranchRow[] = [];
    const party = await insertBranch(tx, {
      id: newId(),
      parent: null,
      kind: 'party',
      name: TREE.name,
      code: TREE.code,
    });
    let branchCount = 1;
    for (const r of TREE.regions) {
      const region = await insertBranch(tx, {
        id: newId(),
        parent: party,
        kind: 'region',
        name: r.name,
        code: r.code,
      });
      branchCount++;
      for (const c of r.constituencies) {
        const con = await insertBranch(tx, {
          id: newId(),
          parent: region,
          kind: 'constituency',
          name: c.name,
          code: c.code,
        });
        constituencies.push(con);
        branchCount++;
        for (const [i, w] of c.wards.entries()) {
          wards.push(
            await insertBranch(tx, {
              id: newId(),
              parent: con,
              kind: 'ward',
              name: w,
              code: `${c.code}-${i + 1}`,
            }),
          );
          branchCount++;
        }
      }
    }
    const people: NewMember[] = [];
    for (let i = 0; i < 50; i++) {
      const first = FIRST[i % FIRST.length] ?? 'Alex';
      const last = LAST[(i * 7) % LAST.length] ?? 'Smith';
      const ward = wards[i % wards.length];
      if (!ward) throw new Error('no wards');
      people.push({
        id: newId(),
        name: i === 0 ? 'Ada Admin' : `${first} ${last}`,
        email: i === 0 ? DEMO_ADMIN_EMAIL : demoMemberEmail(i),
        phone: i % 3 === 0 ? `07700 900${String(100 + i).slice(-3)}` : null,
        homeWardId: ward.id,
        joinedOn: new Date(Date.UTC(2025, i % 12, 1 + (i % 27))).toISOString().slice(0, 10),
        status: i % 17 === 16 ? 'lapsed' : 'active',
        invitedBy: null,
      });
    }
    await insertMembers(tx, people);
    const grant = async (i: number, role: Role, branch: BranchRow | undefined) => {
      const m = people[i];
      if (!m || !branch) return;
      await addAssignment(unaudited(tx), {
        id: newId(),
        memberId: m.id,
        role,
        branchId: branch.id,
        grantedBy: null,
      });
    };
    await grant(0, 'admin', party);
    await grant(1, 'data_officer', party);
    await grant(2, 'organiser', constituencies[0]);
    await grant(3, 'organiser', constituencies[1]);
    await grant(4, 'organiser', constituencies[2]);
    await grant(5, 'organiser', wards[5]);
    await grant(6, 'moderator', party);
    await grant(7, 'moderator', constituencies[0]);
    for (let i = 8; i < 20; i++) await grant(i, 'canvasser', wards[i % wards.length]);
    await grant(7, 'drafter', party);
    await grant(22, 'returning_officer', party);
    const demo = await seedDemoConversation(tx, party.id, people[0]?.id ?? null);
    const manifesto = await seedDemoManifesto(tx, party.id, demo.id, people[0]?.id ?? null);
    const abbey = wards[0];
    const canvass =
      abbey && people[2] && people[8]
        ? await seedDemoCanvass(tx, {
            wardId: abbey.id,
            wardPath: abbey.path,
            organiserId: people[2].id,
            canvasserId: people[8].id,
            town: 'Millbrook',
          })
        : { electors: 0, walks: 0, records: 0, pledges: 0 };
    const pulse = await seedDemoPulse(tx, Math.floor(Date.now() / 86_400_000));
    return {
      branches: branchCount,
      members: people.length,
      adminEmail: DEMO_ADMIN_EMAIL,
      conversation: { participants: demo.participants, votes: demo.votes },
      manifesto,
      canvass,
      pulse,
    };
  });
}
