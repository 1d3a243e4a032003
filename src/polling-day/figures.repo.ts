/** Polling day's figures: the committee room, knock-up lists, and the comparison with the marked register. */
import { sql } from 'drizzle-orm';
import { queryRows, type Executor } from '../db/client.ts';
import { branchIdWithin } from '../core/branch-tree.repo.ts';
import { pledgesSql, votedWhere, type PledgeRule } from './polling-day.repo.ts';
import type { Audited } from '../core/audited.ts';

interface Day {
  electionId: string;
  branchPath: string;
  rule: PledgeRule;
}

/**
 * The pledges' figures in one pass: their turnout by district, and by walk (with who has the walk out now).
 * The pledges are found once (a materialised CTE) and joined by hashing: the planner's guess of how many
 * pledges there are is always far too low (a filter over a DISTINCT ON), and on that guess it chose a
 * nested loop of pledges × walk electors (10⁸ comparisons for 10,000 pledges). Reading figures, not rows,
 * the query is run with nested loops priced out. So each walk's doors and knockers are read by key (scalar
 * subqueries, which that setting leaves alone): as joins they became hashes of the whole register and of
 * every member of the party (200 ms at 500,000 members and 1,000,000 electors).
 */
export async function pledgeFigures(db: Executor, day: Day) {
  const [row] = await db.transaction(async (tx) => {
    await tx.execute(sql`set local enable_nestloop = off`);
    return queryRows<{
      districts: { district: string; pledges: number; voted: number; postal: number }[] | null;
      walks:
        | {
            id: string;
            name: string;
            pledges: number;
            voted: number;
            doors: number;
            out: { id: string; name: string }[];
          }[]
        | null;
    }>(
      tx,
      sql`with p as (${pledgesSql(day.branchPath, day.rule)}),
        pv as materialized (select p.id, p.district, ${votedWhere(day.electionId, sql`p.id`)} as voted,
             exists (select 1 from absent_voters a where a.election_id = ${day.electionId}
                       and a.elector_id = p.id and a.kind <> 'proxy') as postal
           from p),
        by_walk as (select we.walk_id, count(*)::int as pledges, count(*) filter (where pv.voted)::int as voted
           from pv join walk_electors we on we.elector_id = pv.id where not pv.postal group by we.walk_id)
      select
        (select json_agg(d order by d.district) from (
          select district, count(*)::int as pledges, count(*) filter (where voted)::int as voted,
            count(*) filter (where postal)::int as postal
          from pv group by district) d) as districts,
        (select json_agg(x order by x.name) from (
          select w.id, w.name, b.pledges, b.voted,
            (select count(distinct (select e.door from electors e where e.id = we.elector_id))::int
              from walk_electors we where we.walk_id = w.id) as doors,
            coalesce((select json_agg(json_build_object('id', o.id, 'name', o.name) order by o.name)
              from (select a.member_id as id, (select m.name from members m where m.id = a.member_id) as name
                from walk_assignments a
                where a.walk_id = w.id and a.revoked_at is null and a.expires_at > now()) o), '[]'::json) as out
          from by_walk b join walks w on w.id = b.walk_id
          where ${branchIdWithin(sql`w.branch_id`, day.branchPath)}) x) as walks`,
    );
  });
  return { districts: row?.districts ?? [], walks: row?.walks ?? [] };
}

/** Per station: numbers taken (not undone) in all and this hour, and each teller's last sync. */
export async function tellingByStation(db: Executor, electionId: string) {
  return queryRows<{ stationId: string; numbers: number; thisHour: number; unmatched: number }>(
    db,
    sql`select station_id as "stationId", count(*)::int as numbers,
          count(*) filter (where taken_at >= date_trunc('hour', now()))::int as "thisHour",
          count(*) filter (where elector_id is null)::int as unmatched
        from telling_entries where election_id = ${electionId} and not undone group by station_id`,
  );
}

export async function tellersLastSync(db: Executor, electionId: string) {
  return queryRows<{ stationId: string; id: string; name: string; lastSync: string | null }>(
    db,
    sql`select t.station_id as "stationId", m.id, m.name,
          (select max(te.received_at) from telling_entries te
            where te.station_id = t.station_id and te.teller_id = t.member_id) as "lastSync"
        from polling_tellers t join polling_stations s on s.id = t.station_id
        join members m on m.id = t.member_id
        where s.election_id = ${electionId} order by m.name`,
  );
}

/** A walk's pledges who have not voted (nor vote by post), in walking order, with proxies flagged. */
export async function knockupElectors(db: Audited, day: Day, walkId: string) {
  const onWalk = sql`e.id in (select elector_id from walk_electors where walk_id = ${walkId})`;
  return queryRows<{
    id: string;
    door: number;
    name: string;
    address: string[];
    street: string;
    district: string;
    number: number;
    suffix: number;
    voted: boolean;
    proxy: boolean;
    lastResult: 'promised' | 'voted' | 'lift' | 'not_in' | null;
  }>(
    db,
    sql`with p as (${pledgesSql(day.branchPath, day.rule, onWalk)})
        select e.id, we.door, e.forename || ' ' || e.surname as name, e.address, e.street, e.district, e.number,
          e.suffix, ${votedWhere(day.electionId, sql`e.id`)} as voted,
          coalesce(a.kind = 'proxy', false) as proxy,
          (select k.result from knockup_records k where k.election_id = ${day.electionId} and k.elector_id = e.id
            order by k.made_at desc, k.id desc limit 1) as "lastResult"
        from walk_electors we join p on p.id = we.elector_id join electors e on e.id = we.elector_id
        left join absent_voters a on a.election_id = ${day.electionId} and a.elector_id = e.id
        where we.walk_id = ${walkId} and (a.kind is null or a.kind = 'proxy')
        order by we.position`,
  );
}

/**
 * The phone bank's list: pledges who have not voted (nor vote by post) and gave a number to be called on
 * polling day (their latest given), with the phone bank's last outcome for each.
 */
export async function phoneBankElectors(db: Audited, day: Day) {
  return queryRows<{
    id: string;
    name: string;
    address: string[];
    district: string;
    number: number;
    suffix: number;
    phone: string;
    lastResult: 'promised' | 'voted' | 'lift' | 'not_in' | null;
    lastAt: Date | string | null;
  }>(
    db,
    sql`with p as (${pledgesSql(day.branchPath, day.rule)}),
        ph as (select distinct on (r.elector_id) r.elector_id, r.phone from canvass_records r
               where r.phone is not null and r.elector_id in (select id from p)
               order by r.elector_id, r.made_at desc, r.seq desc)
        select e.id, e.forename || ' ' || e.surname as name, e.address, e.district, e.number, e.suffix, ph.phone,
          last.result as "lastResult", last.made_at as "lastAt"
        from ph join electors e on e.id = ph.elector_id
        left join absent_voters a on a.election_id = ${day.electionId} and a.elector_id = e.id
        left join lateral (select k.result, k.made_at from knockup_records k
            where k.election_id = ${day.electionId} and k.elector_id = e.id and k.channel = 'phone'
            order by k.made_at desc, k.id desc limit 1) last on true
        where (a.kind is null or a.kind = 'proxy') and not ${votedWhere(day.electionId, sql`e.id`)}
        order by last.made_at nulls first, e.district, e.number, e.suffix`,
  );
}

/** After the poll: per district, pledges and how many voted, and in-person voters and how many were told. */
export async function comparedWithMarked(db: Executor, day: Day) {
  return queryRows<{
    district: string;
    pledges: number;
    pledgesVoted: number;
    votedInPerson: number;
    told: number;
  }>(
    db,
    sql`with p as (${pledgesSql(day.branchPath, day.rule)}),
        marked as (select t.elector_id, t.postal, e.district from elector_turnout t
          join electors e on e.id = t.elector_id where t.election_id = ${day.electionId}),
        told as (select distinct elector_id from telling_entries
          where election_id = ${day.electionId} and not undone and elector_id is not null),
        districts as (select district from p union select district from marked)
        select d.district,
          (select count(*)::int from p where p.district = d.district) as pledges,
          (select count(*)::int from p join marked m on m.elector_id = p.id where p.district = d.district)
            as "pledgesVoted",
          (select count(*)::int from marked m where m.district = d.district and not m.postal) as "votedInPerson",
          (select count(*)::int from marked m join told t on t.elector_id = m.elector_id
            where m.district = d.district and not m.postal) as told
        from districts d order by d.district`,
  );
}

/** Numbers tellers took that matched no one on the register (not undone), newest first. */
export async function unmatchedEntries(db: Executor, electionId: string) {
  return queryRows<{ id: string; station: string; entered: string; takenAt: string }>(
    db,
    sql`select t.id, s.name as station, t.entered, t.taken_at as "takenAt"
        from telling_entries t join polling_stations s on s.id = t.station_id
        where t.election_id = ${electionId} and t.elector_id is null and not t.undone
        order by t.taken_at desc limit 500`,
  );
}

/** Has the election's marked register been imported? */
export async function hasMarkedRegister(db: Executor, electionId: string): Promise<boolean> {
  const [row] = await queryRows<{ any: boolean }>(
    db,
    sql`select exists (select 1 from elector_turnout where election_id = ${electionId}) as any`,
  );
  return row?.any ?? false;
}

/** The pledges who vote by post (a postal vote or a proxy voting by post), with addresses to walk them. */
export async function postalPledges(db: Executor, day: Day) {
  return queryRows<{ id: string; district: string; number: number; address: string[]; postcode: string }>(
    db,
    sql`with p as (${pledgesSql(day.branchPath, day.rule)})
        select e.id, e.district, e.number, e.address, e.postcode from p join electors e on e.id = p.id
        where exists (select 1 from absent_voters a where a.election_id = ${day.electionId}
          and a.elector_id = e.id and a.kind <> 'proxy')`,
  );
}
