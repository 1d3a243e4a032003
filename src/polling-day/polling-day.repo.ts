/**
 * Queries of polling day: the set-up, pledges (from the doorstep's latest intentions), who has voted (from
 * tellers' numbers and knockers-up), the committee room's figures and knock-up lists.
 */
import { and, eq, sql, type SQL } from 'drizzle-orm';
import { jsonBatches, queryRows, type Executor } from '../db/client.ts';
import { elections, members, pollingDays, pollingStations, pollingTellers } from '../db/schema/index.ts';
import { branchIdWithin } from '../core/branch-tree.repo.ts';
import type { SegmentFilter } from '../contract/canvass.ts';
import type { TellerStations } from '../contract/polling-day.ts';
import { segmentWhere } from '../canvass/index.ts';

export interface PledgeRule {
  codes: string[];
  minStrength: number;
  /** When pledges are a saved segment's electors: its filter (codes and strength then do not apply). */
  segment?: SegmentFilter | null;
}

/**
 * SQL of a branch's pledges (columns id, district): electors on its register whose latest intention is one
 * of the rule's codes at its strength or firmer (a record without a strength counts as soft). `among`, a
 * condition on the elector (alias `e`), narrows the electors looked at.
 */
export function pledgesSql(branchPath: string, rule: PledgeRule, among?: SQL): SQL {
  if (rule.segment)
    return sql`select e.id, e.district from electors e
      where ${segmentWhere(branchPath, rule.segment)} ${among ? sql`and ${among}` : sql``}`;
  const codes = sql.join(
    rule.codes.map((c) => sql`${c}`),
    sql`, `,
  );
  return sql`select l.id, l.district from (
      select distinct on (r.elector_id) r.elector_id as id, e.district, r.intention, r.strength
      from canvass_records r join electors e on e.id = r.elector_id
      where r.intention is not null and e.removed_at is null and ${branchIdWithin(sql`e.branch_id`, branchPath)}
        ${among ? sql`and ${among}` : sql``}
      order by r.elector_id, r.made_at desc, r.id desc) l
    where l.intention in (${codes}) and coalesce(l.strength, 1) >= ${rule.minStrength}`;
}

/**
 * SQL: the elector in `electorId` is known to have voted in an election (a teller's number not undone, or a
 * knocker told so). Two index probes per elector: whatever the planner believes of the tables' sizes (a
 * join against the set of voters, planned on stale statistics, became a nested loop of 10⁸ comparisons).
 */
export function votedWhere(electionId: string, electorId: SQL): SQL {
  return sql`(exists (select 1 from telling_entries t
      where t.election_id = ${electionId} and t.elector_id = ${electorId} and not t.undone)
    or exists (select 1 from knockup_records k
      where k.election_id = ${electionId} and k.elector_id = ${electorId} and k.result = 'voted'))`;
}

export async function countPledges(db: Executor, branchPath: string, rule: PledgeRule) {
  return queryRows<{ district: string; pledges: number }>(
    db,
    sql`select p.district, count(*)::int as pledges from (${pledgesSql(branchPath, rule)}) p
        group by p.district order by p.district`,
  );
}

export async function insertPollingDay(
  tx: Executor,
  day: {
    branchId: string;
    name: string;
    heldOn: string;
    opens: string;
    closes: string;
    rule: PledgeRule;
    target: number | null;
    rounds?: string[];
    segmentId?: string | null;
    retentionDays: number;
    createdBy: string;
  },
  stations: { id: string; name: string; address: string; districts: string[] }[],
  newElectionId: string,
): Promise<string> {
  const [election] = await tx
    .insert(elections)
    .values({ id: newElectionId, branchId: day.branchId, name: day.name, heldOn: day.heldOn })
    .onConflictDoUpdate({ target: [elections.branchId, elections.name], set: { heldOn: day.heldOn } })
    .returning({ id: elections.id });
  if (!election) throw new Error('the election was not stored');
  const inserted = await tx
    .insert(pollingDays)
    .values({
      electionId: election.id,
      branchId: day.branchId,
      opens: day.opens,
      closes: day.closes,
      pledgeCodes: day.rule.codes,
      minStrength: day.rule.minStrength,
      pledgeSegmentId: day.segmentId ?? null,
      target: day.target,
      ...(day.rounds ? { rounds: [...day.rounds].sort() } : {}),
      retentionDays: day.retentionDays,
      createdBy: day.createdBy,
    })
    .onConflictDoNothing()
    .returning({ id: pollingDays.electionId });
  if (inserted.length === 0) return '';
  await tx.insert(pollingStations).values(stations.map((s) => ({ ...s, electionId: election.id })));
  return election.id;
}

export async function pollingDayRow(db: Executor, electionId: string) {
  const [row] = await db
    .select({ day: pollingDays, name: elections.name, heldOn: elections.heldOn })
    .from(pollingDays)
    .innerJoin(elections, eq(elections.id, pollingDays.electionId))
    .where(eq(pollingDays.electionId, electionId));
  return row ?? null;
}

export async function pollingDaysWithin(db: Executor, branchPath: string) {
  return queryRows<{ id: string; name: string; heldOn: string; stations: number }>(
    db,
    sql`select d.election_id as id, el.name, el.held_on::text as "heldOn",
          (select count(*)::int from polling_stations s where s.election_id = d.election_id) as stations
        from polling_days d join elections el on el.id = d.election_id
        where ${branchIdWithin(sql`d.branch_id`, branchPath)} order by el.held_on desc, el.name`,
  );
}

export async function stationsOf(db: Executor, electionId: string) {
  return db
    .select()
    .from(pollingStations)
    .where(eq(pollingStations.electionId, electionId))
    .orderBy(pollingStations.name);
}

export async function tellersOf(db: Executor, electionId: string) {
  return db
    .select({ stationId: pollingTellers.stationId, id: members.id, name: members.name })
    .from(pollingTellers)
    .innerJoin(pollingStations, eq(pollingStations.id, pollingTellers.stationId))
    .innerJoin(members, eq(members.id, pollingTellers.memberId))
    .where(eq(pollingStations.electionId, electionId))
    .orderBy(members.name);
}

export async function insertTeller(db: Executor, stationId: string, memberId: string, assignedBy: string) {
  await db.insert(pollingTellers).values({ stationId, memberId, assignedBy }).onConflictDoNothing();
}

export async function deleteTeller(db: Executor, stationId: string, memberId: string) {
  await db
    .delete(pollingTellers)
    .where(and(eq(pollingTellers.stationId, stationId), eq(pollingTellers.memberId, memberId)));
}

/** The stations a member tells at, of polling days not yet past their retention. */
export async function stationsOfTeller(db: Executor, memberId: string) {
  return queryRows<TellerStations['stations'][number] & { branchId: string; branchPath: string }>(
    db,
    sql`select s.id, s.election_id as "electionId", el.name as election, el.held_on::text as "heldOn",
          d.opens, d.closes, s.name, s.address, s.districts, b.id as "branchId", b.path as "branchPath"
        from polling_tellers t
        join polling_stations s on s.id = t.station_id
        join polling_days d on d.election_id = s.election_id
        join elections el on el.id = d.election_id
        join branches b on b.id = d.branch_id
        where t.member_id = ${memberId} and el.held_on >= current_date - 1
        order by el.held_on, s.name`,
  );
}

/** Electors on a branch's register by their number keys ("AB1|888|0"), for reading tellers' numbers. */
export async function electorsByKeys(db: Executor, branchPath: string, keys: readonly string[]) {
  if (keys.length === 0) return new Map<string, string>();
  const wanted = keys.map((k) => {
    const [d, n, s] = k.split('|');
    return { d, n: Number(n), s: Number(s) };
  });
  const rows = await queryRows<{ key: string; id: string }>(
    db,
    sql`select e.district || '|' || e.number || '|' || e.suffix as key, e.id
        from json_to_recordset(${JSON.stringify(wanted)}::json) as x(d text, n int, s int)
        join electors e on e.district = x.d and e.number = x.n and e.suffix = x.s
        where e.removed_at is null and ${branchIdWithin(sql`e.branch_id`, branchPath)}`,
  );
  return new Map(rows.map((r) => [r.key, r.id]));
}

/**
 * Stores tellers' entries: a new id is inserted; one stored before is only ever marked undone (by the same
 * teller), so repeats and late arrivals change nothing else. Answers the ids now stored.
 */
export async function upsertTelling(
  tx: Executor,
  electionId: string,
  tellerId: string,
  rows: {
    id: string;
    stationId: string;
    entered: string;
    electorId: string | null;
    takenAt: string;
    undone: boolean;
  }[],
  source: 'phone' | 'slip' = 'phone',
): Promise<Set<string>> {
  const stored = new Set<string>();
  for (const json of jsonBatches(
    rows.map((r) => ({ i: r.id, s: r.stationId, n: r.entered, e: r.electorId, t: r.takenAt, u: r.undone })),
  )) {
    const out = await queryRows<{ id: string }>(
      tx,
      sql`insert into telling_entries (id, election_id, station_id, teller_id, entered, elector_id, taken_at, undone, source)
          select x.i, ${electionId}::uuid, x.s, ${tellerId}::uuid, x.n, x.e, x.t, x.u, ${source}
          from json_to_recordset(${json}::json) as x(i uuid, s uuid, n text, e uuid, t timestamptz, u boolean)
          on conflict (id) do update set undone = telling_entries.undone or excluded.undone
            where telling_entries.teller_id = excluded.teller_id
          returning id`,
    );
    for (const r of out) stored.add(r.id);
  }
  return stored;
}

/** Replaces an election's absent voters list. */
export async function storeAbsentVoters(
  tx: Executor,
  electionId: string,
  rows: readonly { electorId: string; kind: string }[],
): Promise<void> {
  await tx.execute(sql`delete from absent_voters where election_id = ${electionId}`);
  for (const json of jsonBatches(rows.map((r) => ({ e: r.electorId, k: r.kind }))))
    await tx.execute(sql`insert into absent_voters (election_id, elector_id, kind)
      select ${electionId}::uuid, x.e, x.k from json_to_recordset(${json}::json) as x(e uuid, k text)`);
}

/** Stores knockers-up's records; one sent again is stored once. Answers the ids stored, new or not. */
export async function insertKnockups(
  tx: Executor,
  electionId: string,
  knockerId: string,
  rows: readonly { id: string; walkId: string | null; electorId: string; result: string; madeAt: string }[],
  channel: 'door' | 'phone' = 'door',
): Promise<void> {
  for (const json of jsonBatches(
    rows.map((r) => ({ i: r.id, w: r.walkId, e: r.electorId, r: r.result, t: r.madeAt })),
  ))
    await tx.execute(sql`insert into knockup_records (id, election_id, walk_id, elector_id, knocker_id, result, made_at, channel)
      select x.i, ${electionId}::uuid, x.w, x.e, ${knockerId}::uuid, x.r, x.t, ${channel}
      from json_to_recordset(${json}::json) as x(i uuid, w uuid, e uuid, r text, t timestamptz)
      on conflict (id) do nothing`);
}

/** Deletes telling and knock-up records, lift requests and absent voters lists, of elections whose retention has run out. */
export async function deleteExpiredPolling(tx: Executor, today: string) {
  const telling = await queryRows<{ id: string }>(
    tx,
    sql`delete from telling_entries t using polling_days d, elections el
        where d.election_id = t.election_id and el.id = d.election_id
          and el.held_on + d.retention_days < ${today}::date returning t.id`,
  );
  const knockups = await queryRows<{ id: string }>(
    tx,
    sql`delete from knockup_records k using polling_days d, elections el
        where d.election_id = k.election_id and el.id = d.election_id
          and el.held_on + d.retention_days < ${today}::date returning k.id`,
  );
  // The absent voters list says how people vote (by post, by proxy): it goes with the rest.
  const absent = await queryRows<{ id: string }>(
    tx,
    sql`delete from absent_voters a using polling_days d, elections el
        where d.election_id = a.election_id and el.id = d.election_id
          and el.held_on + d.retention_days < ${today}::date returning a.elector_id as id`,
  );
  // Lift requests name a pledge (they say how someone will vote): they go too.
  const lifts = await queryRows<{ id: string }>(
    tx,
    sql`delete from lift_requests l using polling_days d, elections el
        where d.election_id = l.election_id and el.id = d.election_id
          and el.held_on + d.retention_days < ${today}::date returning l.elector_id as id`,
  );
  return {
    telling: telling.length,
    knockups: knockups.length,
    absentVoters: absent.length,
    lifts: lifts.length,
  };
}

/** A member's walks out now on the branch of a polling day not yet past: what they may knock up. */
export async function knockupWalksOf(db: Executor, memberId: string) {
  return queryRows<{ electionId: string; election: string; heldOn: string; walkId: string; walk: string }>(
    db,
    sql`select distinct d.election_id as "electionId", el.name as election, el.held_on::text as "heldOn",
          w.id as "walkId", w.name as walk
        from walk_assignments a join walks w on w.id = a.walk_id join branches wb on wb.id = w.branch_id
        join polling_days d on true join branches db on db.id = d.branch_id
        join elections el on el.id = d.election_id
        where a.member_id = ${memberId} and a.revoked_at is null and a.expires_at > now()
          and wb.path like db.path || '%' and el.held_on >= current_date - 1
        order by "heldOn", election, walk`,
  );
}
