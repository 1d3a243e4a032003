/**
 * The register's rules, called directly against a real database: segments counted exactly as an
 * independent count of the data, re-imports that keep each elector (renumbered, or matched by UPRN where
 * the address is written differently), and monthly updates. HTTP's part (files refused with their lines,
 * who may import, mappings in the query) is in register.routes.test.ts.
 */
import { and, eq, isNull, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../core/permissions.ts';
import { queryRows } from '../db/client.ts';
import { electors } from '../db/schema/index.ts';
import { makeTree, type Tree } from '../../test/helpers/factories.ts';
import { makeActor, openServiceWorld, type ServiceWorld } from '../../test/helpers/service.ts';
import { importMarkedRegister } from './marked-register.service.ts';
import { importRegister } from './register.service.ts';
import {
  markedRegisterCsv,
  REGISTER_HEADER,
  registerCsv,
  syntheticRegister,
  type SyntheticElector,
} from './synthetic-register.ts';
import { countSegment } from './walk.service.ts';

let w: ServiceWorld;
let tree: Tree;
let organiser: Actor;
let otherOrganiser: Actor;
const register = syntheticRegister({
  electors: 600,
  districts: ['BW1', 'BW2', 'BW3'],
  seed: 7,
  withUprn: false,
});
const may2024 = markedRegisterCsv(register, 11);
const may2026 = markedRegisterCsv(register, 12);
const key = (e: SyntheticElector) => `${e.district}-${e.number}`;
const markedVoters = (text: string) =>
  new Set(
    text
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(',').slice(0, 2).join('-')),
  );
const load = (actor: Actor, branchId: string, input: string, kind: 'full' | 'update' = 'full') =>
  importRegister(w.ctx, actor, { branchId, kind, input, dryRun: false });

beforeAll(async () => {
  w = await openServiceWorld();
  tree = await makeTree(w.db);
  organiser = (await makeActor(w.db, tree.wardA, { roles: [['organiser', tree.wardA]] })).actor;
  otherOrganiser = (await makeActor(w.db, tree.wardB, { roles: [['organiser', tree.wardB]] })).actor;
  await load(organiser, tree.wardA.id, registerCsv(register));
  for (const [election, heldOn, input] of [
    ['Local 2024', '2024-05-02', may2024],
    ['Local 2026', '2026-05-07', may2026],
  ] as const)
    await importMarkedRegister(w.ctx, organiser, {
      branchId: tree.wardA.id,
      election,
      heldOn,
      input,
      dryRun: false,
    });
});
afterAll(() => w.close());

describe('targeting', () => {
  it('counts each segment exactly as an independent count of the data, doors as households', async () => {
    const voted24 = markedVoters(may2024);
    const voted26 = markedVoters(may2026);
    const expectCount = async (filter: object, want: (e: SyntheticElector) => boolean) =>
      expect((await countSegment(w.ctx, organiser, tree.wardA.id, filter)).electors).toBe(
        register.filter(want).length,
      );
    await expectCount({ turnout: ['never_voted'] }, (e) => !voted24.has(key(e)) && !voted26.has(key(e)));
    await expectCount({ turnout: ['voted_last'] }, (e) => voted26.has(key(e)));
    await expectCount({ turnout: ['lapsed'] }, (e) => voted24.has(key(e)) && !voted26.has(key(e)));
    await expectCount({ turnout: ['never_voted', 'lapsed'] }, (e) => !voted26.has(key(e)));
    await expectCount({ newAttainers: true }, (e) => e.dob !== '');
    await expectCount(
      { districts: ['BW1', 'BW3'], turnout: ['never_voted'] },
      (e) => ['BW1', 'BW3'].includes(e.district) && !voted24.has(key(e)) && !voted26.has(key(e)),
    );
    await expectCount({ lastOutcome: ['not_canvassed'] }, () => true);
    await expectCount({ lastOutcome: ['spoke'] }, () => false);
    expect((await countSegment(w.ctx, organiser, tree.wardA.id, {})).doors).toBe(
      new Set(register.map((e) => `${e.address.join('|')}|${e.postcode}`)).size,
    );
    await expect(countSegment(w.ctx, otherOrganiser, tree.wardA.id, {})).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
  });
});

describe('re-imports', () => {
  it('a renumbered re-import keeps each elector, their turnout history and their records', async () => {
    const state = () =>
      queryRows<{ id: string; number: number; match_key: string; voted: number; removed: boolean }>(
        w.db,
        sql`select e.id, e.number, e.match_key, e.removed_at is not null as removed,
              (select count(*)::int from elector_turnout t where t.elector_id = e.id) as voted
            from electors e where e.branch_id = ${tree.wardA.id}`,
      );
    const before = await state();
    // Next year's register: everyone renumbered from 1001, the first ten gone, five newcomers.
    const newcomers = syntheticRegister({ electors: 5, districts: ['BW1'], seed: 99, town: 'Elsewhere' });
    const next = [...register.slice(10), ...newcomers].map((e, i) => ({ ...e, number: 1001 + i }));
    expect(await load(organiser, tree.wardA.id, registerCsv(next))).toMatchObject({
      rows: 595,
      matched: 590,
      added: 5,
      removed: 10,
    });
    const after = await state();
    const byId = new Map(after.map((a) => [a.id, a]));
    for (const b of before) {
      expect(byId.get(b.id)?.match_key).toBe(b.match_key);
      expect(byId.get(b.id)?.voted).toBe(b.voted);
    }
    expect(after.filter((a) => a.removed)).toHaveLength(10);
    expect(after.filter((a) => !a.removed).every((a) => a.number > 1000)).toBe(true);
  });

  it('a monthly update adds, modifies and deletes by elector number; an unknown number refuses the file whole', async () => {
    const header = [...REGISTER_HEADER, 'Change Type'].join(',');
    const [current] = await queryRows<{ district: string; number: number }>(
      w.db,
      sql`select district, number from electors where branch_id = ${tree.wardA.id} and removed_at is null order by number limit 1`,
    );
    const [gone] = await queryRows<{ district: string; number: number }>(
      w.db,
      sql`select district, number from electors where branch_id = ${tree.wardA.id} and removed_at is null order by number desc limit 1`,
    );
    if (!current || !gone) throw new Error('no electors');
    await expect(
      load(organiser, tree.wardA.id, `${header}\n${gone.district},999999,,,,,,,,,,,,,,D\n`, 'update'),
    ).rejects.toMatchObject({
      code: 'IMPORT_INVALID',
      issues: [
        expect.objectContaining({ line: 2, message: `${gone.district}-999999 is not on the register` }),
      ],
    });
    const text = [
      header,
      `${current.district},${current.number},,,,Newname,Renamed,HD1 1AA,1 New Street,Hadley,,,,,,M`,
      `${gone.district},${gone.number},,,,,,,,,,,,,,D`,
      `BW2,5000,,,01/01/2008,Young,Sam,HD1 2BB,9 New Street,Hadley,,,,,,A`,
    ].join('\n');
    expect(await load(organiser, tree.wardA.id, text, 'update')).toMatchObject({
      kind: 'update',
      added: 1,
      matched: 1,
      removed: 1,
    });
    const [renamed] = await w.db
      .select()
      .from(electors)
      .where(
        and(
          eq(electors.branchId, tree.wardA.id),
          eq(electors.number, current.number),
          isNull(electors.removedAt),
        ),
      );
    expect(renamed?.surname).toBe('Newname');
    expect(renamed?.street).toBe('NEW STREET|HD11');
  });

  it('matches by UPRN and name when the address is written differently; without the UPRN it is another elector', async () => {
    const few = syntheticRegister({ electors: 6, districts: ['ZB1'], seed: 31, withUprn: true });
    expect(await load(otherOrganiser, tree.wardB.id, registerCsv(few))).toMatchObject({ added: 6 });
    // Next year: renumbered, and the council now writes the town differently.
    const rewritten = few.map((e, i) => ({
      ...e,
      number: 100 + i,
      address: e.address.map((l) => (l === 'Hadley' ? 'Hadley Village' : l)),
    }));
    rewritten.forEach((e, i) => expect(e.address).not.toEqual(few[i]?.address));
    expect(await load(otherOrganiser, tree.wardB.id, registerCsv(rewritten))).toMatchObject({
      matched: 6,
      added: 0,
      removed: 0,
    });
    const noUprn = rewritten.map((e) => ({ ...e, uprn: '', address: [...e.address.slice(0, -1), 'Hadley'] }));
    expect(await load(otherOrganiser, tree.wardB.id, registerCsv(noUprn))).toMatchObject({
      matched: 0,
      added: 6,
      removed: 6,
    });
  });

  it('leaves no staged rows behind after all the imports above (good, refused, updates)', async () => {
    const [staged] = await queryRows<{ n: number }>(
      w.db,
      sql`select count(*)::int as n from register_staging`,
    );
    expect(staged?.n).toBe(0);
  });
});
