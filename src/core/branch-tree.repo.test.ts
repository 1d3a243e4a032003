import { inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/client.ts';
import { branches } from '../db/schema/index.ts';
import { openTestDatabase } from '../../test/helpers/db.ts';
import { makeTree, type Tree } from '../../test/helpers/factories.ts';
import { branchIdWithin, pathWithin, pathWithinAny, pathWithinColumn } from './branch-tree.repo.ts';
import { isWithin, topmost } from './branch-tree.ts';

let database: Database;
let tree: Tree;
const named = (t: Tree): [string, { id: string; path: string }][] => [
  ['party', t.party],
  ['regionA', t.regionA],
  ['regionB', t.regionB],
  ['constituencyA', t.constituencyA],
  ['constituencyB', t.constituencyB],
  ['wardA', t.wardA],
  ['wardA2', t.wardA2],
  ['wardB', t.wardB],
];
const branchesOf = (t: Tree) => named(t).map(([, b]) => b);
beforeAll(async () => {
  database = await openTestDatabase();
  tree = await makeTree(database.db);
});
afterAll(async () => {
  await database.close();
});

const ours = () =>
  inArray(
    branches.id,
    branchesOf(tree).map((b) => b.id),
  );
/** The tree's names (regionA, wardA…) of the branches matched. */
const names = async (where: ReturnType<typeof sql>) => {
  const key = new Map(named(tree).map(([k, b]) => [b.id, k]));
  const rows = await database.db
    .select({ id: branches.id })
    .from(branches)
    .where(sql`${ours()} and ${where}`);
  return rows.map((r) => key.get(r.id)).sort();
};

describe('branch and below, in SQL and in code', () => {
  it('a branch and everything below it, and nothing beside it', async () => {
    const inA = ['constituencyA', 'regionA', 'wardA', 'wardA2'];
    expect(await names(pathWithin(branches.path, tree.regionA.path))).toEqual(inA);
    expect(await names(branchIdWithin(sql`${branches.id}`, tree.regionA.path))).toEqual(inA);
    expect(await names(pathWithinAny(branches.path, [tree.wardA.path, tree.wardB.path]))).toEqual([
      'wardA',
      'wardB',
    ]);
    expect(await names(pathWithinAny(branches.path, []))).toEqual([]);
    const underConA = sql`exists (select 1 from branches c where c.id = ${tree.constituencyA.id}
                              and ${pathWithinColumn(sql`${branches.path}`, sql`c.path`)})`;
    expect(await names(underConA)).toEqual(['constituencyA', 'wardA', 'wardA2']);
    // The code agrees with the SQL.
    expect(branchesOf(tree).filter((b) => isWithin(b.path, tree.regionA.path)).length).toBe(inA.length);
  });

  it('a LIKE wildcard in a path is matched literally', async () => {
    // "%" would match every path were it not escaped.
    expect(await names(pathWithin(branches.path, '%'))).toEqual([]);
    expect(await names(pathWithin(branches.path, tree.party.path.replace(/.$/, '_')))).toEqual([]);
  });

  it('topmost keeps the roots that cover the rest', () => {
    expect(topmost([tree.wardA.path, tree.regionA.path, tree.wardB.path])).toEqual([
      tree.regionA.path,
      tree.wardB.path,
    ]);
  });
});
