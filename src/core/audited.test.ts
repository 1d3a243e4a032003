import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows, type Database } from '../db/client.ts';
import { auditLog, branches } from '../db/schema/index.ts';
import { newId } from '../lib/ids.ts';
import { openTestDatabase } from '../../test/helpers/db.ts';
import { makeTree, type Tree } from '../../test/helpers/factories.ts';
import { audited } from './audited.ts';

let database: Database;
let tree: Tree;
beforeAll(async () => {
  database = await openTestDatabase();
  tree = await makeTree(database.db);
});
afterAll(() => database.close());

const entriesAbout = async (subjectId: string) =>
  (await database.db.select().from(auditLog).where(eq(auditLog.subjectId, subjectId))).map((e) => e.action);

describe('audited', () => {
  it('writes the work and its entries together', async () => {
    const id = newId();
    const name = await audited(database.db, async (tx, record) => {
      await tx.update(branches).set({ name: 'Renamed' }).where(eq(branches.id, tree.wardB.id));
      record({
        actorId: null,
        action: 'change',
        subjectType: 'branch',
        subjectId: id,
        branchId: tree.wardB.id,
      });
      return 'Renamed';
    });
    expect(name).toBe('Renamed');
    expect(await entriesAbout(id)).toEqual(['change']);
  });

  it('refuses work that recorded nothing, and keeps nothing of it', async () => {
    await expect(
      audited(database.db, async (tx) => {
        await tx.update(branches).set({ name: 'Unrecorded' }).where(eq(branches.id, tree.wardA2.id));
      }),
    ).rejects.toThrow('audited work recorded nothing');
    const [row] = await queryRows<{ name: string }>(
      database.db,
      sql`select name from branches where id = ${tree.wardA2.id}`,
    );
    expect(row?.name).not.toBe('Unrecorded');
    // Unless it says why there was nothing to record.
    await expect(
      audited(database.db, (_tx, record) => {
        record.nothing('nothing changed');
        return Promise.resolve(1);
      }),
    ).resolves.toBe(1);
  });

  it('keeps no entry for work that failed: the entry and the change go together or not at all', async () => {
    const id = newId();
    await expect(
      audited(database.db, (_tx, record) => {
        record({ actorId: null, action: 'erase', subjectType: 'member', subjectId: id });
        return Promise.reject(new Error('the erasure failed'));
      }),
    ).rejects.toThrow('the erasure failed');
    expect(await entriesAbout(id)).toEqual([]);
  });
});
