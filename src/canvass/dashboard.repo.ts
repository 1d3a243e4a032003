/** The dashboard's counts, read in one pass per figure; only counts and canvassers' names, no elector. */
import { sql } from 'drizzle-orm';
import { naturalOrder, queryRows, type Db } from '../db/client.ts';
import { branchIdWithin } from '../core/branch-tree.repo.ts';
import { VISITED_DOORS } from './walk.repo.ts';

export async function dashboardRows(db: Db, branchPath: string, days: number) {
  const inBranch = branchIdWithin(sql`r.branch_id`, branchPath);
  const since = sql`r.made_at > now() - make_interval(days => ${days})`;
  const [totals] = await queryRows<{ records: number; doors: number; contacted: number; electors: number }>(
    db,
    sql`select count(*)::int as records,
          count(distinct e.door)::int as doors,
          count(distinct e.door) filter (where r.outcome = 'spoke')::int as contacted,
          count(distinct r.elector_id)::int as electors
        from canvass_records r join electors e on e.id = r.elector_id where ${inBranch} and ${since}`,
  );
  const intentions = await queryRows<{ district: string; intention: string | null; electors: number }>(
    db,
    sql`with latest as (
          select distinct on (r.elector_id) r.elector_id, r.intention
          from canvass_records r where ${inBranch} and ${since} and r.intention is not null
          order by r.elector_id, r.made_at desc, r.id desc)
        select e.district, l.intention, count(*)::int as electors
        from latest l join electors e on e.id = l.elector_id group by e.district, l.intention
        order by e.district, electors desc`,
  );
  const districtTotals = await queryRows<{ district: string; electors: number; canvassed: number }>(
    db,
    sql`select e.district, count(*)::int as electors,
          count(*) filter (where exists (select 1 from canvass_records r where r.elector_id = e.id and ${since}))::int as canvassed
        from electors e where e.removed_at is null
          and ${branchIdWithin(sql`e.branch_id`, branchPath)}
        group by e.district order by e.district`,
  );
  const walkProgress = await queryRows<{
    id: string;
    name: string;
    doors: number;
    visited: number;
    records: number;
  }>(
    db,
    sql`select w.id, w.name, w.doors,
          ${VISITED_DOORS} as visited,
          (select count(*)::int from canvass_records r where r.walk_id = w.id) as records
        from walks w where ${branchIdWithin(sql`w.branch_id`, branchPath)}
        order by w.created_at desc, ${naturalOrder(sql`w.name`)} limit 200`,
  );
  // Per canvasser: each door's first record (when they knocked), in time order.
  const knocks = await queryRows<{
    canvasser_id: string;
    name: string;
    made_at: Date;
    spoke: boolean;
    records: number;
  }>(
    db,
    sql`select r.canvasser_id, m.name, min(r.made_at) as made_at, bool_or(r.outcome = 'spoke') as spoke,
          count(*)::int as records
        from canvass_records r join electors e on e.id = r.elector_id join members m on m.id = r.canvasser_id
        where ${inBranch} and ${since}
        group by r.canvasser_id, m.name, e.door, date_trunc('day', r.made_at)
        order by r.canvasser_id, made_at`,
  );
  const mixes = await queryRows<{ canvasser_id: string; intention: string; n: number }>(
    db,
    sql`select r.canvasser_id, r.intention, count(*)::int as n from canvass_records r
        where ${inBranch} and ${since} and r.intention is not null and r.canvasser_id is not null
        group by r.canvasser_id, r.intention`,
  );
  return { totals, intentions, districtTotals, walkProgress, knocks, mixes };
}
