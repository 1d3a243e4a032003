/** Pulse's tables, and the doorstep returns as published weeks (noisy counts only, never an elector). */
import { asc, sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { queryRows, type Db, type Executor } from '../db/client.ts';
import { branchIdWithin } from '../core/branch-tree.repo.ts';
import {
  pulseConstituencyResults,
  pulseDoorstepWeeks,
  pulseElections,
  pulsePolls,
  pulseSettings,
} from '../db/schema/index.ts';
import type { ConstituencyVotes } from '../math/io/polls-csv.ts';
import type { Poll } from '../math/pulse-report.ts';

export async function readSettings(db: Executor) {
  const [row] = await db.select().from(pulseSettings).limit(1);
  return row;
}

export async function saveSettings(
  db: Executor,
  s: { party: string; drift: boolean; breaks: { pollster: string; date: string }[] },
): Promise<void> {
  await db
    .insert(pulseSettings)
    .values({ id: 1, ...s })
    .onConflictDoUpdate({ target: pulseSettings.id, set: { ...s, updatedAt: sql`now()` } });
}

export async function readPolls(db: Executor): Promise<Poll[]> {
  const rows = await db
    .select()
    .from(pulsePolls)
    .orderBy(asc(pulsePolls.fieldworkEnd), asc(pulsePolls.pollster));
  return rows.map((r) => ({
    pollster: r.pollster,
    start: r.fieldworkStart,
    end: r.fieldworkEnd,
    sampleSize: r.sampleSize,
    shares: r.shares,
  }));
}

/** The poll series, replaced whole by the polls of a file. */
export async function replacePolls(
  db: Executor,
  polls: Poll[],
): Promise<{ added: number; replaced: number }> {
  // Two imports at once would each delete only the rows they can see, and leave both files' polls: the
  // second waits here for the first to commit (readers are not held up).
  await db.execute(sql`lock table pulse_polls in share row exclusive mode`);
  const removed = await db.delete(pulsePolls).returning({ id: pulsePolls.id });
  for (let i = 0; i < polls.length; i += 1000) {
    await db.insert(pulsePolls).values(
      polls.slice(i, i + 1000).map((p) => ({
        id: uuidv7(),
        pollster: p.pollster,
        fieldworkStart: p.start,
        fieldworkEnd: p.end,
        sampleSize: p.sampleSize,
        shares: p.shares,
      })),
    );
  }
  return { added: polls.length, replaced: removed.length };
}

export async function readElections(db: Executor) {
  return db.select().from(pulseElections).orderBy(asc(pulseElections.heldOn));
}

export async function upsertElections(
  db: Executor,
  elections: { date: string; shares: Record<string, number> }[],
) {
  if (elections.length === 0) return;
  await db
    .insert(pulseElections)
    .values(elections.map((e) => ({ heldOn: e.date, shares: e.shares })))
    .onConflictDoUpdate({
      target: pulseElections.heldOn,
      // A result entered for one party keeps the other parties' results of that day.
      set: { shares: sql`${pulseElections.shares} || excluded.shares`, importedAt: sql`now()` },
    });
}

export async function readResults(db: Executor): Promise<ConstituencyVotes[]> {
  return db
    .select({
      constituency: pulseConstituencyResults.constituency,
      party: pulseConstituencyResults.party,
      votes: pulseConstituencyResults.votes,
    })
    .from(pulseConstituencyResults);
}

/** The previous election's results, replaced whole. */
export async function replaceResults(db: Executor, rows: ConstituencyVotes[]): Promise<void> {
  await db.execute(sql`lock table pulse_constituency_results in share row exclusive mode`);
  await db.delete(pulseConstituencyResults);
  for (let i = 0; i < rows.length; i += 2000)
    await db.insert(pulseConstituencyResults).values(rows.slice(i, i + 2000));
}

/** What the cached national fits depend on: changes whenever any input or setting does. */
export async function dataVersion(db: Db): Promise<string> {
  const [row] = await queryRows<{ v: string }>(
    db,
    sql`select concat_ws(':',
          (select count(*) || '/' || coalesce(max(imported_at)::text, '') from pulse_polls),
          (select count(*) || '/' || coalesce(max(imported_at)::text, '') from pulse_elections),
          (select md5(coalesce(string_agg(constituency || '/' || party || '/' || votes, ','
             order by constituency, party), '')) from pulse_constituency_results),
          (select coalesce(max(updated_at)::text, '') from pulse_settings)) as v`,
  );
  return row?.v ?? '';
}

const partyAnswer = (notParty: string[]) =>
  sql`r.outcome = 'spoke' and r.intention is not null and r.intention not in (${sql.join(
    notParty.map((c) => sql`${c}`),
    sql`, `,
  )})`;

/**
 * The true counts of the doorstep weeks not yet published, up to the week starting `lastWeek`, for each
 * branch within `branchPath` (a record counts in its own branch): contacts giving a party intention, split
 * into `ours` and others, among the records that had reached the server by the week's publication day
 * (`publishAfterDays` after its Monday), so that a week's content never depends on when it was first read. Undecided and won't-vote answers are no party's. Weeks run Monday to Sunday in UK
 * dates. Read only to be published with noise (doorstep-weeks.ts); never shown.
 */
export async function unpublishedWeekCounts(
  db: Db,
  branchPath: string,
  lastWeek: string,
  publishAfterDays: number,
  ours: string,
  notParty: string[],
) {
  return queryRows<{ branchId: string; week: string; ours: number; others: number }>(
    db,
    sql`select r.branch_id as "branchId", to_char(k.week, 'YYYY-MM-DD') as week,
          count(*) filter (where r.intention = ${ours})::int as ours,
          count(*) filter (where r.intention <> ${ours})::int as others
        from canvass_records r
        cross join lateral (select date_trunc('week', (r.made_at at time zone 'Europe/London'))::date as week) k
        where ${branchIdWithin(sql`r.branch_id`, branchPath)} and ${partyAnswer(notParty)}
          and k.week <= ${lastWeek}::date
          and r.received_at < ((k.week + ${publishAfterDays}::int)::timestamp at time zone 'Europe/London')
          and not exists (select 1 from pulse_doorstep_weeks w
                          where w.branch_id = r.branch_id and w.week_start = k.week)
        group by 1, 2`,
  );
}

/** Stores published weeks; a week another request published first is kept as it was. */
export async function storeWeeks(
  db: Executor,
  weeks: { branchId: string; week: string; ours: number; others: number }[],
): Promise<void> {
  for (let i = 0; i < weeks.length; i += 1000)
    await db
      .insert(pulseDoorstepWeeks)
      .values(
        weeks.slice(i, i + 1000).map((w) => ({
          branchId: w.branchId,
          weekStart: w.week,
          ours: w.ours,
          others: w.others,
        })),
      )
      .onConflictDoNothing();
}

/** The published weeks of every branch within `branchPath`, summed week by week. */
export async function summedWeeks(db: Db, branchPath: string) {
  return queryRows<{ week: string; ours: number; others: number; stored: number }>(
    db,
    sql`select to_char(w.week_start, 'YYYY-MM-DD') as week, sum(w.ours)::int as ours,
          sum(w.others)::int as others, count(*)::int as stored
        from pulse_doorstep_weeks w
        where ${branchIdWithin(sql`w.branch_id`, branchPath)}
        group by w.week_start order by w.week_start`,
  );
}
