import { asc, count, eq, sql } from 'drizzle-orm';
import type { Executor } from '../db/client.ts';
import { branches, members, type BranchKind } from '../db/schema/index.ts';
import { pathWithinColumn } from '../core/branch-tree.repo.ts';

export type BranchRow = typeof branches.$inferSelect;

export async function allBranches(db: Executor): Promise<BranchRow[]> {
  return db.select().from(branches).orderBy(asc(branches.path));
}

export async function branchById(db: Executor, id: string): Promise<BranchRow | undefined> {
  const rows = await db.select().from(branches).where(eq(branches.id, id)).limit(1);
  return rows[0];
}

export async function branchByCode(db: Executor, code: string): Promise<BranchRow | undefined> {
  const rows = await db.select().from(branches).where(eq(branches.code, code)).limit(1);
  return rows[0];
}

export async function insertBranch(
  db: Executor,
  b: { id: string; parent: BranchRow | null; kind: BranchKind; name: string; code: string },
): Promise<BranchRow> {
  const path = `${b.parent?.path ?? '/'}${b.id}/`;
  const rows = await db
    .insert(branches)
    .values({ id: b.id, parentId: b.parent?.id ?? null, kind: b.kind, name: b.name, code: b.code, path })
    .returning();
  const row = rows[0];
  if (!row) throw new Error('insert returned no row');
  return row;
}

/** Active members whose home ward lies under each branch, keyed by branch id. */
export async function memberCountsByBranch(db: Executor): Promise<Map<string, number>> {
  const rows = await db
    .select({ id: branches.id, n: count(members.id) })
    .from(branches)
    .leftJoin(
      members,
      sql`${members.homeWardId} in (select w.id from branches w where ${pathWithinColumn(sql`w.path`, branches.path)}) and ${members.status} <> 'erased'`,
    )
    .groupBy(branches.id);
  return new Map(rows.map((r) => [r.id, r.n]));
}
