/**
 * A ward ready for polling day, made through the services (no HTTP): a register of 400 electors in two
 * districts, six weeks of doorstep records (up to three per elector, stored in shuffled order), the whole
 * register cut into walks with the first out to a knocker, and the people of the day. Beside it, the truth
 * each test checks against, computed here from what was stored, apart from the server's queries.
 */
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { sql } from 'drizzle-orm';
import { registerCsv, syntheticRegister } from '../../src/canvass/index.ts';
import { importRegister } from '../../src/canvass/register.service.ts';
import { assignWalk, cutSegment, saveSegment } from '../../src/canvass/walk.service.ts';
import type { Actor } from '../../src/core/permissions.ts';
import { queryRows } from '../../src/db/client.ts';
import { canvassRecords } from '../../src/db/schema/index.ts';
import type { ServiceContext } from '../../src/lib/context.ts';
import { rng } from '../../src/math/random.ts';
import { ukNow } from '../../src/polling-day/index.ts';
import { makeTree, type TestMember, type Tree } from './factories.ts';
import { makeActor } from './service.ts';

export type Person = 'organiser' | 'tom' | 'ann' | 'outsider' | 'elsewhere';

export interface PollingWard {
  tree: Tree;
  people: Record<Person, { member: TestMember; actor: Actor }>;
  register: ReturnType<typeof syntheticRegister>;
  /** Elector id by "BW1-12". */
  idOf: Map<string, string>;
  districtOf: Map<string, string>;
  /** Each elector's latest intention and strength, as the records make it. */
  latest: Map<string, { intention: string; strength: number | null }>;
  isPledge(id: string, codes?: string[], min?: number): boolean;
  pledgeIds(): string[];
  walks: { id: string; name: string }[];
}

export async function makePollingWard(ctx: ServiceContext): Promise<PollingWard> {
  const { db } = ctx;
  const tree = await makeTree(db);
  const people = {
    organiser: await makeActor(db, tree.wardA, { roles: [['organiser', tree.wardA]] }),
    tom: await makeActor(db, tree.wardA, { name: 'Tom Teller' }),
    ann: await makeActor(db, tree.wardA, { name: 'Ann Knocker' }),
    outsider: await makeActor(db, tree.wardB),
    elsewhere: await makeActor(db, tree.wardB, { roles: [['organiser', tree.wardB]] }),
  };
  const organiser = people.organiser.actor;
  const register = syntheticRegister({ electors: 400, districts: ['BW1', 'BW2'], seed: 5 });
  await importRegister(ctx, organiser, {
    branchId: tree.wardA.id,
    kind: 'full',
    input: Readable.from([registerCsv(register)]),
    dryRun: false,
  });
  const idOf = new Map<string, string>();
  const districtOf = new Map<string, string>();
  for (const row of await queryRows<{ id: string; district: string; number: number }>(
    db,
    sql`select id, district, number from electors where branch_id = ${tree.wardA.id}`,
  )) {
    idOf.set(`${row.district}-${row.number}`, row.id);
    districtOf.set(row.id, row.district);
  }
  // Up to three records per elector at different times: the latest with an intention stands, and a later
  // "not in" does not change it.
  const rand = rng(11);
  const codes = ['US', 'US', 'LAB', 'CON', 'UND'];
  const rows: (typeof canvassRecords.$inferInsert)[] = [];
  const base = Date.now() - 30 * 86_400_000;
  for (const id of idOf.values()) {
    const n = Math.floor(rand() * 4);
    const times = Array.from({ length: n }, () => base + Math.floor(rand() * 20 * 86_400_000)).sort(
      (a, b) => a - b,
    );
    // Stored in shuffled order: arrival order must not matter.
    for (const at of [...times].reverse()) {
      const spoke = rand() < 0.8;
      const intention = spoke ? (codes[Math.floor(rand() * codes.length)] ?? 'US') : null;
      const strength = spoke ? (rand() < 0.15 ? null : 1 + Math.floor(rand() * 3)) : null;
      rows.push({
        id: randomUUID(),
        electorId: id,
        branchId: tree.wardA.id,
        canvasserId: people.organiser.member.id,
        madeAt: new Date(at),
        outcome: spoke ? 'spoke' : 'not_in',
        intention,
        strength,
      });
    }
  }
  await db.insert(canvassRecords).values(rows);
  const latest = new Map<string, { intention: string; strength: number | null }>();
  for (const id of idOf.values()) {
    const last = rows
      .filter((r) => r.electorId === id && r.intention)
      .sort((a, b) => a.madeAt.getTime() - b.madeAt.getTime())
      .at(-1);
    if (last?.intention) latest.set(id, { intention: last.intention, strength: last.strength ?? null });
  }
  const isPledge = (id: string, wanted = ['US'], min = 2) => {
    const l = latest.get(id);
    return l !== undefined && wanted.includes(l.intention) && (l.strength ?? 1) >= min;
  };
  // Walks of the whole register, the first given to Ann for the day.
  const segment = await saveSegment(ctx, organiser, tree.wardA.id, { name: 'Everyone', filter: {} });
  const cut = await cutSegment(ctx, organiser, segment.id, 40);
  await assignWalk(ctx, organiser, cut.walks[0]?.id ?? '', { memberId: people.ann.member.id, hours: 12 });
  return {
    tree,
    people,
    register,
    idOf,
    districtOf,
    latest,
    isPledge,
    pledgeIds: () => [...idOf.values()].filter((id) => isPledge(id)),
    walks: cut.walks,
  };
}

/** A polling day's set-up as an organiser fills the form in. */
export const dayForm = (over: Record<string, unknown> = {}) => ({
  name: 'By-election',
  // Today in the UK: numbers and knock-ups can only be taken on polling day.
  heldOn: ukNow(new Date()).day,
  rule: { codes: ['US'], minStrength: 2 },
  target: 50,
  stations: [
    { name: 'St Mary’s Hall', address: '1 Church Lane', districts: ['BW1'] },
    { name: 'Abbey School', address: '2 School Road', districts: ['BW2'] },
  ],
  ...over,
});

/** A teller's number as the phone sends it. */
export const tellingEntry = (stationId: string, entered: string, over: Record<string, unknown> = {}) => ({
  id: randomUUID(),
  stationId,
  entered,
  takenAt: new Date().toISOString(),
  undone: false,
  otherDistrict: false,
  ...over,
});
