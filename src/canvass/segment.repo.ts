/**
 * Queries of segments: the SQL of a segment's filter over the register, counts by polling district, the
 * saved segments, and a segment's electors as walks are cut from them.
 */
import { eq, sql, type SQL } from 'drizzle-orm';
import { queryRows, type Executor } from '../db/client.ts';
import { segments } from '../db/schema/index.ts';
import { branchIdWithin } from '../core/branch-tree.repo.ts';
import type { SegmentFilter } from '../contract/canvass.ts';
import { parseAddress, type Walkable } from './walk-order.ts';

/** The SQL condition for a segment's electors (alias `e`) within a branch and everything below it. */
export function segmentWhere(branchPath: string, f: SegmentFilter): SQL {
  const parts: SQL[] = [sql`e.removed_at is null`, branchIdWithin(sql`e.branch_id`, branchPath)];
  if (f.districts?.length)
    parts.push(
      sql`e.district in (${sql.join(
        f.districts.map((d) => sql`${d}`),
        sql`, `,
      )})`,
    );
  if (f.turnout?.length) {
    // The last election whose marked register is in: a polling day ahead (or one whose marked register
    // has not come) is an election too, but says nothing yet about who votes.
    const last = sql`(select el.id from elections el where el.branch_id = e.branch_id
      and exists (select 1 from elector_turnout t where t.election_id = el.id)
      order by el.held_on desc limit 1)`;
    const votedLast = sql`exists (select 1 from elector_turnout t where t.elector_id = e.id and t.election_id = ${last})`;
    const votedEver = sql`exists (select 1 from elector_turnout t where t.elector_id = e.id)`;
    const options: SQL[] = f.turnout.map((t) =>
      t === 'never_voted'
        ? sql`not ${votedEver}`
        : t === 'voted_last'
          ? votedLast
          : sql`(${votedEver} and not ${votedLast})`,
    );
    parts.push(sql`(${sql.join(options, sql` or `)})`);
  }
  if (f.newAttainers !== undefined)
    parts.push(
      f.newAttainers
        ? sql`(e.dob is not null and e.dob > current_date - interval '20 years')`
        : sql`(e.dob is null or e.dob <= current_date - interval '20 years')`,
    );
  if (f.postal !== undefined) parts.push(sql`e.postal = ${f.postal}`);
  if (f.lastOutcome?.length) {
    const latest = sql`(select r.outcome from canvass_records r where r.elector_id = e.id order by r.made_at desc, r.id desc limit 1)`;
    const outcomes = f.lastOutcome.filter((o) => o !== 'not_canvassed');
    const options: SQL[] = [];
    if (outcomes.length)
      options.push(
        sql`${latest} in (${sql.join(
          outcomes.map((o) => sql`${o}`),
          sql`, `,
        )})`,
      );
    if (f.lastOutcome.includes('not_canvassed'))
      options.push(sql`not exists (select 1 from canvass_records r where r.elector_id = e.id)`);
    parts.push(sql`(${sql.join(options, sql` or `)})`);
  }
  if (f.intention?.length) {
    const latest = sql`(select r.intention from canvass_records r where r.elector_id = e.id and r.intention is not null order by r.made_at desc, r.id desc limit 1)`;
    parts.push(
      sql`${latest} in (${sql.join(
        f.intention.map((i) => sql`${i}`),
        sql`, `,
      )})`,
    );
  }
  return sql.join(parts, sql` and `);
}

/** Electors and doors a filter finds, by polling district. */
export async function countByDistrict(db: Executor, branchPath: string, filter: SegmentFilter) {
  return queryRows<{ district: string; electors: number; doors: number }>(
    db,
    sql`select e.district, count(*)::int as electors, count(distinct e.door)::int as doors
        from electors e where ${segmentWhere(branchPath, filter)} group by e.district order by e.district`,
  );
}

export async function insertSegment(db: Executor, row: typeof segments.$inferInsert): Promise<void> {
  await db.insert(segments).values(row);
}

/** The segments of a branch and those below it, newest first, with how many walks each has. */
export async function segmentsWithin(db: Executor, branchPath: string) {
  return queryRows<{
    id: string;
    name: string;
    filter: SegmentFilter;
    script: string | null;
    electors: number;
    walks: number;
    createdAt: string;
  }>(
    db,
    sql`select s.id, s.name, s.filter, s.script, s.electors, s.created_at as "createdAt",
          (select count(*)::int from walks w where w.segment_id = s.id) as walks
        from segments s
        where ${branchIdWithin(sql`s.branch_id`, branchPath)} order by s.created_at desc`,
  );
}

export async function setSegmentScript(db: Executor, id: string, script: string | null): Promise<void> {
  await db.update(segments).set({ script }).where(eq(segments.id, id));
}

/** The script of the segment a walk was cut from (null when none was written, or the walk has no segment). */
export async function scriptOfWalk(db: Executor, segmentId: string | null): Promise<string | null> {
  if (!segmentId) return null;
  const [row] = await db.select({ script: segments.script }).from(segments).where(eq(segments.id, segmentId));
  return row?.script ?? null;
}

export async function segmentById(db: Executor, id: string) {
  const [segment] = await db.select().from(segments).where(eq(segments.id, id));
  return segment ?? null;
}

/** A segment's electors as they are now, with their addresses parsed for walking order. */
export async function walkablesOf(
  db: Executor,
  branchPath: string,
  filter: SegmentFilter,
): Promise<Walkable[]> {
  const rows = await queryRows<{
    id: string;
    district: string;
    number: number;
    address: string[];
    postcode: string;
  }>(
    db,
    sql`select e.id, e.district, e.number, e.address, e.postcode from electors e
        where ${segmentWhere(branchPath, filter)}`,
  );
  return rows.map((r) => ({
    id: r.id,
    district: r.district,
    number: r.number,
    ...parseAddress(r.address, r.postcode),
  }));
}
