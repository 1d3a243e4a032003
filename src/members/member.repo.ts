import { and, asc, count, eq, ilike, inArray, or, sql, type SQL } from 'drizzle-orm';
import { queryRows, type Executor } from '../db/client.ts';
import {
  branches,
  members,
  roleAssignments,
  user,
  type MemberStatus,
  type Role,
  session,
  SIGN_IN_STATUSES,
} from '../db/schema/index.ts';
import type { Assignment } from '../core/permissions.ts';
import { pathWithin, pathWithinAny } from '../core/branch-tree.repo.ts';
import type { Audited } from '../core/audited.ts';
import type { SessionActor } from './actor-cache.ts';

export type MemberRow = typeof members.$inferSelect;
export type MemberWithWard = MemberRow & { wardName: string; wardPath: string };

const withWard = {
  id: members.id,
  userId: members.userId,
  name: members.name,
  email: members.email,
  phone: members.phone,
  homeWardId: members.homeWardId,
  joinedOn: members.joinedOn,
  status: members.status,
  invitedBy: members.invitedBy,
  createdAt: members.createdAt,
  updatedAt: members.updatedAt,
  erasedAt: members.erasedAt,
  language: members.language,
  wardName: branches.name,
  wardPath: branches.path,
};

async function memberWhere(db: Executor, where: SQL): Promise<MemberWithWard | undefined> {
  const rows = await db
    .select(withWard)
    .from(members)
    .innerJoin(branches, eq(branches.id, members.homeWardId))
    .where(where)
    .limit(1);
  return rows[0];
}

export const memberById = async (db: Executor, id: string): Promise<MemberWithWard | undefined> =>
  memberWhere(db, eq(members.id, id));

export const memberByUserId = async (db: Executor, userId: string): Promise<MemberWithWard | undefined> =>
  memberWhere(db, eq(members.userId, userId));

export async function memberIdsByEmail(db: Executor, emails: string[]): Promise<Set<string>> {
  if (emails.length === 0) return new Set();
  const rows = await db.select({ email: members.email }).from(members).where(inArray(members.email, emails));
  return new Set(rows.map((r) => r.email ?? ''));
}

export async function assignmentsOf(
  db: Executor,
  memberId: string,
): Promise<(Assignment & { branchName: string })[]> {
  return db
    .select({
      role: roleAssignments.role,
      branchId: roleAssignments.branchId,
      branchPath: branches.path,
      branchName: branches.name,
    })
    .from(roleAssignments)
    .innerJoin(branches, eq(branches.id, roleAssignments.branchId))
    .where(eq(roleAssignments.memberId, memberId))
    .orderBy(asc(branches.path), asc(roleAssignments.role));
}

export interface NewMember {
  id: string;
  name: string;
  email: string;
  phone: string | null;
  homeWardId: string;
  joinedOn: string;
  status: MemberStatus;
  invitedBy: string | null;
  /**
   * When the membership was recorded on the platform: now, always, for members added through the app or an
   * import (a file's joining date never sets it); given only where members are made for tests.
   */
  createdAt?: Date;
}

/** Inserts members with their sign-in identity and the member role at their home ward. */
export async function insertMembers(db: Executor, rows: NewMember[]): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insert(user)
    .values(rows.map((m) => ({ id: m.id, name: m.name, email: m.email, emailVerified: false })));
  await db.insert(members).values(rows.map((m) => ({ ...m, userId: m.id })));
  await db
    .insert(roleAssignments)
    .values(rows.map((m) => ({ id: m.id, memberId: m.id, role: 'member' as const, branchId: m.homeWardId })));
}

export async function addAssignment(
  db: Audited,
  a: { id: string; memberId: string; role: Role; branchId: string; grantedBy: string | null },
): Promise<boolean> {
  const rows = await db
    .insert(roleAssignments)
    .values(a)
    .onConflictDoNothing()
    .returning({ id: roleAssignments.id });
  return rows.length > 0;
}

export async function removeAssignment(
  db: Audited,
  memberId: string,
  role: Role,
  branchId: string,
): Promise<boolean> {
  const rows = await db
    .delete(roleAssignments)
    .where(
      and(
        eq(roleAssignments.memberId, memberId),
        eq(roleAssignments.role, role),
        eq(roleAssignments.branchId, branchId),
      ),
    )
    .returning({ id: roleAssignments.id });
  return rows.length > 0;
}

const escapeLike = (s: string): string => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Members whose home ward lies under one of `scopePaths`, optionally filtered, paged. */
export async function listMembers(
  db: Audited,
  opts: { scopePaths: string[]; branchPath?: string; q?: string; offset: number; limit: number },
): Promise<{ rows: MemberWithWard[]; total: number }> {
  const scope: SQL = pathWithinAny(branches.path, opts.scopePaths);
  const conditions: SQL[] = [scope, sql`${members.status} <> 'erased'`];
  if (opts.branchPath) conditions.push(pathWithin(branches.path, opts.branchPath));
  if (opts.q) {
    const pattern = `%${escapeLike(opts.q)}%`;
    const match = or(ilike(members.name, pattern), ilike(members.email, pattern));
    if (match) conditions.push(match);
  }
  const where = and(...conditions);
  const [rows, totals] = await Promise.all([
    db
      .select(withWard)
      .from(members)
      .innerJoin(branches, eq(branches.id, members.homeWardId))
      .where(where)
      .orderBy(asc(members.name), asc(members.id))
      .offset(opts.offset)
      .limit(opts.limit),
    db
      .select({ n: count() })
      .from(members)
      .innerJoin(branches, eq(branches.id, members.homeWardId))
      .where(where),
  ]);
  return { rows, total: totals[0]?.n ?? 0 };
}

export async function updateMember(
  db: Audited,
  id: string,
  patch: Partial<Pick<MemberRow, 'name' | 'phone' | 'status' | 'homeWardId' | 'language'>>,
): Promise<void> {
  await db
    .update(members)
    .set({ ...patch, updatedAt: new Date() })
    .where(eq(members.id, id));
  if (patch.name)
    await db.update(user).set({ name: patch.name, updatedAt: new Date() }).where(eq(user.id, id));
}

/**
 * Removes a member's personal data everywhere: the sign-in identity (with its sessions and passkeys goes),
 * contact details and name. The row stays, pseudonymous, so contributions keep a stable id with no person.
 */
export async function eraseMember(db: Audited, member: MemberRow): Promise<void> {
  await db
    .update(members)
    .set({
      name: 'Erased member',
      email: null,
      phone: null,
      status: 'erased',
      userId: null,
      language: null,
      erasedAt: new Date(),
      updatedAt: new Date(),
    })
    .where(eq(members.id, member.id));
  if (member.userId) await db.delete(user).where(eq(user.id, member.userId));
  await db.delete(roleAssignments).where(eq(roleAssignments.memberId, member.id));
}

/**
 * The actor behind a session token, in one query: the session must be unexpired and the member one who
 * may sign in. Only for a session whose signed cookie Better Auth has verified (now, or to re-check it).
 */
export async function actorBySessionToken(db: Executor, token: string): Promise<SessionActor | null> {
  const rows = await queryRows<{
    expires_ms: number;
    member_id: string;
    user_id: string;
    home_ward_id: string;
    ward_path: string;
    assignments: Assignment[];
  }>(
    db,
    sql`select m.id as member_id, m.user_id, m.home_ward_id, w.path as ward_path,
          (extract(epoch from s.expires_at) * 1000)::float8 as expires_ms,
          coalesce((select json_agg(json_build_object('role', ra.role, 'branchId', ra.branch_id,
                                                      'branchPath', b.path) order by b.path, ra.role)
                    from ${roleAssignments} ra join ${branches} b on b.id = ra.branch_id
                    where ra.member_id = m.id), '[]'::json) as assignments
        from ${session} s
        join ${members} m on m.user_id = s.user_id
        join ${branches} w on w.id = m.home_ward_id
        where s.token = ${token} and s.expires_at > now()
          and m.status in (${sql.join(
            SIGN_IN_STATUSES.map((st) => sql`${st}`),
            sql`, `,
          )})`,
  );
  const r = rows[0];
  if (!r) return null;
  return {
    actor: {
      memberId: r.member_id,
      userId: r.user_id,
      homeWardId: r.home_ward_id,
      homeWardPath: r.ward_path,
      assignments: r.assignments,
    },
    sessionExpiresAt: r.expires_ms,
  };
}
