/**
 * Targeting and walks, for organisers: segments over the register (counted before they are saved), walks cut
 * from a segment in walking order, assignments of walks to canvassers that expire, and the paper walk sheet.
 */
import { and, desc, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import PDFDocument from 'pdfkit';
import { jsonBatches, queryRows, type Executor } from '../db/client.ts';
import { members, segments, walkAssignments, walks } from '../db/schema/index.ts';
import type { ServiceContext } from '../lib/context.ts';
import { newId } from '../lib/ids.ts';
import { branchIdWithin } from '../core/branch-tree.repo.ts';
import { audit } from '../core/audit.repo.ts';
import { memberById } from '../members/index.ts';
import type { Actor } from '../core/permissions.ts';
import { AppError, notFound } from '../core/errors.ts';
import { branchFor } from './access.ts';
import type { SegmentFilter } from './canvass.schema.ts';
import { type ElectorNameRow } from './register-format.ts';
import { presentElector } from './register.presenter.ts';
import { cutWalks, parseAddress, type CutWalk, type Walkable } from './walk-order.ts';
import { isWithin } from '../core/branch-tree.ts';

/** SQL: how many doors of walk `w` have a record made on that walk. */
export const VISITED_DOORS = sql`(select count(distinct we.door)::int from walk_electors we
  where we.walk_id = w.id
    and exists (select 1 from canvass_records r where r.elector_id = we.elector_id and r.walk_id = w.id))`;

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
    const last = sql`(select el.id from elections el where el.branch_id = e.branch_id order by el.held_on desc limit 1)`;
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

/** How many electors and doors a filter finds, overall and by polling district: shown before saving. */
export async function countSegment(
  ctx: ServiceContext,
  actor: Actor,
  branchId: string,
  filter: SegmentFilter,
) {
  const branch = await branchFor(ctx.db, actor, branchId, 'canvass.organise');
  const byDistrict = await queryRows<{ district: string; electors: number; doors: number }>(
    ctx.db,
    sql`select e.district, count(*)::int as electors, count(distinct e.door)::int as doors
        from electors e where ${segmentWhere(branch.path, filter)} group by e.district order by e.district`,
  );
  return {
    electors: byDistrict.reduce((s, d) => s + d.electors, 0),
    doors: byDistrict.reduce((s, d) => s + d.doors, 0),
    byDistrict,
  };
}

export async function saveSegment(
  ctx: ServiceContext,
  actor: Actor,
  branchId: string,
  body: { name: string; filter: SegmentFilter },
) {
  const counted = await countSegment(ctx, actor, branchId, body.filter);
  const id = newId();
  await ctx.db.insert(segments).values({
    id,
    branchId,
    name: body.name,
    filter: body.filter,
    electors: counted.electors,
    createdBy: actor.memberId,
  });
  return { id, name: body.name, filter: body.filter, ...counted };
}

export async function listSegments(ctx: ServiceContext, actor: Actor, branchId: string) {
  const branch = await branchFor(ctx.db, actor, branchId, 'canvass.organise');
  const rows = await queryRows<{
    id: string;
    name: string;
    filter: SegmentFilter;
    electors: number;
    walks: number;
    createdAt: string;
  }>(
    ctx.db,
    sql`select s.id, s.name, s.filter, s.electors, s.created_at as "createdAt",
          (select count(*)::int from walks w where w.segment_id = s.id) as walks
        from segments s
        where ${branchIdWithin(sql`s.branch_id`, branch.path)} order by s.created_at desc`,
  );
  return { segments: rows };
}

async function segmentFor(ctx: ServiceContext, actor: Actor, id: string) {
  const [segment] = await ctx.db.select().from(segments).where(eq(segments.id, id));
  if (!segment) throw notFound('Segment');
  const branch = await branchFor(ctx.db, actor, segment.branchId, 'canvass.organise');
  return { segment, branch };
}

/** Stores cut walks (named "1. BW1 · Mill Lane, …") with their electors in walking order. */
export async function storeWalks(
  tx: Executor,
  branchId: string,
  segmentId: string | null,
  cut: CutWalk<Walkable>[],
) {
  const created = cut.map((w, i) => ({ id: newId(), name: `${i + 1}. ${w.name}`.slice(0, 200), walk: w }));
  if (created.length === 0) return created;
  await tx.insert(walks).values(
    created.map((c) => ({
      id: c.id,
      branchId,
      segmentId,
      name: c.name,
      doors: c.walk.doors,
      electors: c.walk.electors.length,
    })),
  );
  const links = created.flatMap((c) =>
    c.walk.electors.map((e, position) => ({ w: c.id, e: e.elector.id, p: position, d: e.door })),
  );
  for (const json of jsonBatches(links)) {
    await tx.execute(sql`insert into walk_electors (walk_id, elector_id, position, door)
      select x.w, x.e, x.p, x.d from json_to_recordset(${json}::json) as x(w uuid, e uuid, p int, d int)`);
  }
  return created;
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

/**
 * Cuts the segment's electors (as they are now) into walks of about `doorsPerWalk` doors. Walks of the
 * segment cut before, never assigned and with no records, are replaced.
 */
export async function cutSegment(ctx: ServiceContext, actor: Actor, segmentId: string, doorsPerWalk: number) {
  const { segment, branch } = await segmentFor(ctx, actor, segmentId);
  const walkables = await walkablesOf(ctx.db, branch.path, segment.filter);
  const cut = cutWalks(walkables, doorsPerWalk);
  const created = await ctx.db.transaction(async (tx) => {
    await tx.execute(sql`delete from walks w where w.segment_id = ${segment.id}
      and not exists (select 1 from walk_assignments a where a.walk_id = w.id)
      and not exists (select 1 from canvass_records r where r.walk_id = w.id)`);
    return storeWalks(tx, segment.branchId, segment.id, cut);
  });
  return {
    walks: created.map((c) => ({
      id: c.id,
      name: c.name,
      doors: c.walk.doors,
      electors: c.walk.electors.length,
    })),
    electors: walkables.length,
  };
}

/** The walks of a branch with their progress and assignments. */
export async function listWalks(ctx: ServiceContext, actor: Actor, branchId: string) {
  const branch = await branchFor(ctx.db, actor, branchId, 'canvass.organise');
  const rows = await queryRows<{
    id: string;
    name: string;
    doors: number;
    electors: number;
    segment: string | null;
    visited: number;
  }>(
    ctx.db,
    sql`select w.id, w.name, w.doors, w.electors, s.name as segment,
          ${VISITED_DOORS} as visited
        from walks w left join segments s on s.id = w.segment_id
        where ${branchIdWithin(sql`w.branch_id`, branch.path)} order by w.created_at desc, w.name`,
  );
  const assignments = rows.length
    ? await ctx.db
        .select({
          id: walkAssignments.id,
          walkId: walkAssignments.walkId,
          memberId: walkAssignments.memberId,
          name: members.name,
          expiresAt: walkAssignments.expiresAt,
          revokedAt: walkAssignments.revokedAt,
        })
        .from(walkAssignments)
        .innerJoin(members, eq(members.id, walkAssignments.memberId))
        .where(
          inArray(
            walkAssignments.walkId,
            rows.map((r) => r.id),
          ),
        )
        .orderBy(desc(walkAssignments.createdAt))
    : [];
  const now = Date.now();
  return {
    walks: rows.map((w) => ({
      ...w,
      assignments: assignments
        .filter((a) => a.walkId === w.id)
        .map((a) => ({
          id: a.id,
          memberId: a.memberId,
          name: a.name,
          expiresAt: a.expiresAt.toISOString(),
          live: !a.revokedAt && a.expiresAt.getTime() > now,
        })),
    })),
  };
}

async function walkFor(ctx: ServiceContext, actor: Actor, walkId: string) {
  const [walk] = await ctx.db.select().from(walks).where(eq(walks.id, walkId));
  if (!walk) throw notFound('Walk');
  const branch = await branchFor(ctx.db, actor, walk.branchId, 'canvass.organise');
  return { walk, branch };
}

/** Assigns a walk to a member of the branch for `hours`; the assignment is their only way to its electors. */
export async function assignWalk(
  ctx: ServiceContext,
  actor: Actor,
  walkId: string,
  body: { memberId: string; hours: number },
) {
  const { walk, branch } = await walkFor(ctx, actor, walkId);
  const member = await memberById(ctx.db, body.memberId);
  if (!member || member.status !== 'active') throw notFound('Member');
  if (!isWithin(member.wardPath, branch.path))
    throw new AppError('VALIDATION_FAILED', 'Walks go to members of the branch', [
      { field: 'memberId', message: `is not a member of ${branch.name}` },
    ]);
  const id = newId();
  const expiresAt = new Date(Date.now() + body.hours * 3_600_000);
  await ctx.db.transaction(async (tx) => {
    await tx
      .insert(walkAssignments)
      .values({ id, walkId: walk.id, memberId: member.id, assignedBy: actor.memberId, expiresAt });
    await audit(tx, [
      {
        actorId: actor.memberId,
        action: 'create',
        subjectType: 'walk_assignment',
        subjectId: id,
        branchId: walk.branchId,
        detail: { walk: walk.id, member: member.id, hours: body.hours },
      },
    ]);
  });
  return {
    id,
    walkId: walk.id,
    memberId: member.id,
    name: member.name,
    expiresAt: expiresAt.toISOString(),
    live: true,
  };
}

export async function revokeAssignment(ctx: ServiceContext, actor: Actor, assignmentId: string) {
  const [a] = await ctx.db.select().from(walkAssignments).where(eq(walkAssignments.id, assignmentId));
  if (!a) throw notFound('Assignment');
  const { walk } = await walkFor(ctx, actor, a.walkId);
  await ctx.db.transaction(async (tx) => {
    await tx
      .update(walkAssignments)
      .set({ revokedAt: new Date() })
      .where(and(eq(walkAssignments.id, a.id), isNull(walkAssignments.revokedAt)));
    await audit(tx, [
      {
        actorId: actor.memberId,
        action: 'change',
        subjectType: 'walk_assignment',
        subjectId: a.id,
        branchId: walk.branchId,
        detail: { revoked: true },
      },
    ]);
  });
  return { id: a.id, live: false };
}

export interface SheetElector {
  id: string;
  door: number;
  electorNumber: string;
  name: string;
  address: string;
  flat: string;
}

/** A walk's electors (or the one asked for) in walking order, with only what the doorstep needs. */
export async function walkElectorsOf(
  db: Executor,
  walkId: string,
  electorId?: string,
): Promise<SheetElector[]> {
  const only = electorId === undefined ? sql`` : sql` and we.elector_id = ${electorId}`;
  const rows = await queryRows<ElectorNameRow & { door: number; flat: string }>(
    db,
    sql`select e.id, we.door, e.district, e.number, e.suffix, e.forename, e.surname, e.address, e.postcode, e.flat
        from walk_electors we join electors e on e.id = we.elector_id
        where we.walk_id = ${walkId} and e.removed_at is null${only} order by we.position`,
  );
  return rows.map((r) => ({ ...presentElector(r), door: r.door, flat: r.flat }));
}

/**
 * The paper walk sheet: doors in order, a line per elector with boxes to mark by hand. An export, so for
 * organisers only (they print it and hand it over with the walk) and audited.
 */
export async function walkSheet(
  ctx: ServiceContext,
  actor: Actor,
  walkId: string,
): Promise<{ pdf: Buffer; name: string }> {
  const { walk } = await walkFor(ctx, actor, walkId);
  const electorsOfWalk = await walkElectorsOf(ctx.db, walk.id);
  await audit(ctx.db, [
    {
      actorId: actor.memberId,
      action: 'export',
      subjectType: 'walk_sheet',
      subjectId: walk.id,
      branchId: walk.branchId,
      detail: { electors: electorsOfWalk.length },
    },
  ]);
  const doc = new PDFDocument({ size: 'A4', margin: 40, info: { Title: walk.name } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  doc.font('Helvetica-Bold').fontSize(16).text(walk.name);
  doc
    .font('Helvetica')
    .fontSize(9)
    .fillColor('#444444')
    .text(
      `${walk.doors} doors · ${electorsOfWalk.length} electors · Outcome: NI not in, S spoke, R refused, M moved, D deceased, X inaccessible, DNK do not knock · Intention code and strength 1–3`,
    )
    .text('Confidential: special-category data. Return this sheet to your organiser; never leave it behind.')
    .moveDown(0.6);
  let lastDoor = 0;
  for (const e of electorsOfWalk) {
    if (doc.y > 770) doc.addPage();
    if (e.door !== lastDoor) {
      lastDoor = e.door;
      doc
        .moveDown(0.3)
        .fillColor('#000000')
        .font('Helvetica-Bold')
        .fontSize(10)
        .text(`${e.door}. ${e.address}`);
    }
    doc
      .font('Helvetica')
      .fontSize(10)
      .fillColor('#000000')
      .text(`      ${e.electorNumber}  ${e.name}`, { continued: true })
      .text('      Outcome ____  Intention ____  Flags ______  Issues ______________', { align: 'right' });
  }
  doc.end();
  return { pdf: await done, name: walk.name };
}
