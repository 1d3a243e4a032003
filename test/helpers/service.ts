/**
 * A medium test's world: a migrated database (the run's PGlite snapshot or PostgreSQL template) and a
 * service context on it, as the server makes one (mail to the outbox, the test configuration), with no
 * HTTP in between; and the actors services take, made from members.
 */
import { desc, eq, sql } from 'drizzle-orm';
import type { Config } from '../../src/config.ts';
import type { Actor, Assignment } from '../../src/core/permissions.ts';
import { queryRows, type Database, type Db } from '../../src/db/client.ts';
import { mailOutbox } from '../../src/db/schema/index.ts';
import type { ServiceContext } from '../../src/lib/context.ts';
import type { Mailer } from '../../src/lib/mailer.ts';
import type { BranchRow } from '../../src/members/branch.repo.ts';
import { serviceContext } from '../../src/server/context.ts';
import { testConfig } from './config.ts';
import { openTestDatabase } from './db.ts';
import { makeMember, type TestMember } from './factories.ts';
import type { Role } from '../../src/db/schema/index.ts';

export interface ServiceWorld {
  ctx: ServiceContext;
  db: Db;
  config: Config;
  database: Database;
  /** The newest mail to an address, if any. */
  lastMail(to: string): Promise<{ subject: string; text: string } | undefined>;
  close(): Promise<void>;
}

export async function openServiceWorld(
  overrides: Record<string, string> = {},
  opts: { mailer?: (outbox: Mailer) => Mailer } = {},
): Promise<ServiceWorld> {
  const config = testConfig(overrides);
  const database = await openTestDatabase();
  const ctx = serviceContext({ config, db: database.db });
  if (opts.mailer) ctx.mailer = opts.mailer(ctx.mailer);
  return {
    ctx,
    db: database.db,
    config,
    database,
    async lastMail(to) {
      const [row] = await database.db
        .select()
        .from(mailOutbox)
        .where(eq(mailOutbox.to, to))
        .orderBy(desc(mailOutbox.createdAt), desc(mailOutbox.id))
        .limit(1);
      return row;
    },
    close: () => database.close(),
  };
}

/** The actor a member is when signed in: their home ward and every role they hold, as the server finds them. */
export async function actorOf(db: Db, member: { id: string }): Promise<Actor> {
  const [row] = await queryRows<{ home_ward_id: string; ward_path: string; assignments: Assignment[] }>(
    db,
    sql`select m.home_ward_id, w.path as ward_path,
          coalesce((select json_agg(json_build_object('role', ra.role, 'branchId', ra.branch_id,
                                                      'branchPath', b.path) order by b.path, ra.role)
                    from role_assignments ra join branches b on b.id = ra.branch_id
                    where ra.member_id = m.id), '[]'::json) as assignments
        from members m join branches w on w.id = m.home_ward_id where m.id = ${member.id}`,
  );
  if (!row) throw new Error(`no member ${member.id}`);
  return {
    memberId: member.id,
    userId: '',
    homeWardId: row.home_ward_id,
    homeWardPath: row.ward_path,
    assignments: row.assignments,
  };
}

/** A new member of `ward` with these roles, and the actor they are. */
export async function makeActor(
  db: Db,
  ward: BranchRow,
  opts: Parameters<typeof makeMember>[2] = {},
): Promise<{ member: TestMember; actor: Actor }> {
  const member = await makeMember(db, ward, opts);
  return { member, actor: await actorOf(db, member) };
}

export type { Role };
