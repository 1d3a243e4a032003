/** Polling day's tools in SQL: station turnout, the numbers per hour, drivers and lift requests. */
import { sql } from 'drizzle-orm';
import { queryRows, type Executor } from '../db/client.ts';
import { branchIdWithin } from '../core/branch-tree.repo.ts';

/** The latest presiding officer's figure of each station of an election. */
export async function latestTurnout(db: Executor, electionId: string) {
  return queryRows<{ stationId: string; voted: number; at: Date | string }>(
    db,
    sql`select distinct on (t.station_id) t.station_id as "stationId", t.voted, t.at
        from station_turnout t join polling_stations s on s.id = t.station_id
        where s.election_id = ${electionId}
        order by t.station_id, t.at desc, t.created_at desc`,
  );
}

export async function insertTurnout(
  db: Executor,
  row: { id: string; stationId: string; at: Date; voted: number; enteredBy: string },
): Promise<void> {
  await db.execute(
    sql`insert into station_turnout (id, station_id, at, voted, entered_by)
        values (${row.id}, ${row.stationId}, ${row.at.toISOString()}, ${row.voted}, ${row.enteredBy})`,
  );
}

/** Numbers (not undone) taken at a station by every teller: since `hourStart`, and in all. */
export async function stationNumbers(db: Executor, stationId: string, hourStart: Date) {
  const [row] = await queryRows<{ thisHour: number; today: number }>(
    db,
    sql`select count(*) filter (where taken_at >= ${hourStart.toISOString()})::int as "thisHour",
          count(*)::int as today
        from telling_entries where station_id = ${stationId} and not undone`,
  );
  return row ?? { thisHour: 0, today: 0 };
}

/** Numbers (not undone) per station, hour (UK clock, "HH") and source. */
export async function numbersByHour(db: Executor, electionId: string) {
  return queryRows<{ stationId: string; hour: string; source: 'phone' | 'slip'; n: number }>(
    db,
    sql`select station_id as "stationId",
          to_char(taken_at at time zone 'Europe/London', 'HH24') as hour, source, count(*)::int as n
        from telling_entries where election_id = ${electionId} and not undone
        group by 1, 2, 3`,
  );
}

export async function driversOf(db: Executor, electionId: string) {
  return queryRows<{ id: string; name: string }>(
    db,
    sql`select m.id, m.name from polling_drivers d join members m on m.id = d.member_id
        where d.election_id = ${electionId} order by m.name`,
  );
}

export async function setDriver(
  db: Executor,
  electionId: string,
  memberId: string,
  assignedBy: string,
  on: boolean,
): Promise<void> {
  if (on)
    await db.execute(
      sql`insert into polling_drivers (election_id, member_id, assigned_by)
          values (${electionId}, ${memberId}, ${assignedBy}) on conflict do nothing`,
    );
  else
    await db.execute(
      sql`delete from polling_drivers where election_id = ${electionId} and member_id = ${memberId}`,
    );
}

export async function isDriver(db: Executor, electionId: string, memberId: string): Promise<boolean> {
  const [row] = await queryRows<{ yes: boolean }>(
    db,
    sql`select exists (select 1 from polling_drivers where election_id = ${electionId}
          and member_id = ${memberId}) as yes`,
  );
  return row?.yes ?? false;
}

/** The polling days (today's and later) a member drives on, with how many lifts are not yet done. */
export async function drivingDaysOf(db: Executor, memberId: string) {
  return queryRows<{ id: string; name: string; heldOn: string; lifts: number }>(
    db,
    sql`select el.id, el.name, el.held_on::text as "heldOn",
          (select count(*)::int from lift_requests l where l.election_id = el.id and l.done_at is null) as lifts
        from polling_drivers d join elections el on el.id = d.election_id
        where d.member_id = ${memberId} and el.held_on >= current_date - 1
        order by el.held_on, el.name`,
  );
}

/** Polling days held today (UK) or later in the branches within any of `paths`. */
export async function upcomingDaysWithin(db: Executor, paths: string[], today: string) {
  if (paths.length === 0) return [];
  return queryRows<{ id: string; name: string; heldOn: string; branchId: string; branch: string }>(
    db,
    sql`select el.id, el.name, el.held_on::text as "heldOn", b.id as "branchId", b.name as branch
        from polling_days d join elections el on el.id = d.election_id join branches b on b.id = d.branch_id
        where el.held_on >= ${today}::date
          and (${sql.join(
            paths.map((p) => branchIdWithin(sql`b.id`, p)),
            sql` or `,
          )})
        order by el.held_on, el.name limit 20`,
  );
}

/** Lift requests from knock-up records: one per elector and election; a second ask changes nothing. */
export async function insertLifts(
  db: Executor,
  electionId: string,
  requestedBy: string,
  rows: { electorId: string; requestedAt: string; wantedAt: string | null }[],
): Promise<void> {
  if (rows.length === 0) return;
  await db.execute(
    sql`insert into lift_requests (election_id, elector_id, requested_by, requested_at, wanted_at)
        select ${electionId}::uuid, x.e, ${requestedBy}::uuid, x.r, x.w
        from json_to_recordset(${JSON.stringify(
          rows.map((r) => ({ e: r.electorId, r: r.requestedAt, w: r.wantedAt })),
        )}::json) as x(e uuid, r timestamptz, w text)
        on conflict do nothing`,
  );
}

interface LiftRow {
  electorId: string;
  name: string;
  address: string;
  district: string;
  number: number;
  suffix: number;
  wantedAt: string | null;
  requestedAt: Date | string;
  driverId: string | null;
  driverName: string | null;
  takenAt: Date | string | null;
  doneAt: Date | string | null;
}

const liftSelect = (electionId: string) =>
  sql`select l.elector_id as "electorId", trim(e.forename || ' ' || e.surname) as name, array_to_string(e.address, ', ') as address,
        e.district, e.number, e.suffix, l.wanted_at as "wantedAt", l.requested_at as "requestedAt",
        l.driver_id as "driverId", m.name as "driverName", l.taken_at as "takenAt", l.done_at as "doneAt"
      from lift_requests l join electors e on e.id = l.elector_id
      left join members m on m.id = l.driver_id
      where l.election_id = ${electionId}`;

/** The day's lifts: those not done first, by the time wanted (as soon as can be first), then the done. */
export async function liftsOf(db: Executor, electionId: string) {
  return queryRows<LiftRow>(
    db,
    sql`${liftSelect(electionId)}
        order by l.done_at is not null, l.wanted_at nulls first, l.requested_at`,
  );
}

export async function liftOf(db: Executor, electionId: string, electorId: string) {
  const [row] = await queryRows<LiftRow>(db, sql`${liftSelect(electionId)} and l.elector_id = ${electorId}`);
  return row ?? null;
}

/** A driver takes a lift nobody has: true when this driver has it now (taken just now, or before). */
export async function takeLift(db: Executor, electionId: string, electorId: string, driverId: string) {
  const [row] = await queryRows<{ driverId: string | null }>(
    db,
    sql`update lift_requests set driver_id = ${driverId}, taken_at = coalesce(taken_at, now())
        where election_id = ${electionId} and elector_id = ${electorId}
          and (driver_id is null or driver_id = ${driverId})
        returning driver_id as "driverId"`,
  );
  return row !== undefined;
}

/** The lift's driver marks it done: true when it was theirs. */
export async function finishLift(db: Executor, electionId: string, electorId: string, driverId: string) {
  const [row] = await queryRows<{ electorId: string }>(
    db,
    sql`update lift_requests set done_at = coalesce(done_at, now())
        where election_id = ${electionId} and elector_id = ${electorId} and driver_id = ${driverId}
        returning elector_id as "electorId"`,
  );
  return row !== undefined;
}
