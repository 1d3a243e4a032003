/**
 * What polling day holds about a member: the polling days they set up, the stations they told at, the
 * numbers they took and the knock-up calls they recorded. Given back as counts and dates (the records are
 * about electors); an erasure leaves them naming a member id that no longer leads to a person, until the
 * retention job deletes them.
 */
import { sql } from 'drizzle-orm';
import { queryRows } from '../db/client.ts';
import type { PersonalDataContribution } from '../core/personal-data.ts';

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

export const pollingDayPersonalData: PersonalDataContribution = {
  domain: 'polling-day',
  tables: {
    polling_days: 'exported (polling days they set up); kept, naming the erased member',
    polling_tellers: 'exported (stations they were put on to tell at); kept, naming the erased member',
    telling_entries:
      'exported (how many numbers they took as a teller, and when); kept, naming the erased member, until the retention job',
    knockup_records:
      'exported (how many knock-up calls they recorded); kept, naming the erased member, until the retention job',
    polling_drivers: 'exported (polling days they drove on); kept, naming the erased member',
    station_turnout: 'exported (how many turnout figures they entered); kept, naming the erased member',
    lift_requests:
      'exported (lifts they asked for or drove); kept, naming the erased member, until the retention job',
  },
  async exportFor(db, { memberId }) {
    const [polling] = await queryRows<{
      days: number;
      stations: number;
      numbers: number;
      first: Date | string | null;
      last: Date | string | null;
      knockups: number;
      driving: number;
      turnout: number;
      liftsAsked: number;
      liftsDriven: number;
    }>(
      db,
      sql`select (select count(*)::int from polling_days where created_by = ${memberId}) as days,
          (select count(*)::int from polling_tellers where member_id = ${memberId}) as stations,
          (select count(*)::int from telling_entries where teller_id = ${memberId}) as numbers,
          (select min(taken_at) from telling_entries where teller_id = ${memberId}) as first,
          (select max(taken_at) from telling_entries where teller_id = ${memberId}) as last,
          (select count(*)::int from knockup_records where knocker_id = ${memberId}) as knockups,
          (select count(*)::int from polling_drivers where member_id = ${memberId}) as driving,
          (select count(*)::int from station_turnout where entered_by = ${memberId}) as turnout,
          (select count(*)::int from lift_requests where requested_by = ${memberId}) as "liftsAsked",
          (select count(*)::int from lift_requests where driver_id = ${memberId}) as "liftsDriven"`,
    );
    return {
      pollingDay: {
        pollingDaysSetUp: polling?.days ?? 0,
        stationsToldAt: polling?.stations ?? 0,
        numbersTaken: {
          count: polling?.numbers ?? 0,
          first: iso(polling?.first ?? null),
          last: iso(polling?.last ?? null),
        },
        knockUpRecords: polling?.knockups ?? 0,
        daysDriving: polling?.driving ?? 0,
        turnoutFiguresEntered: polling?.turnout ?? 0,
        liftsAskedFor: polling?.liftsAsked ?? 0,
        liftsDriven: polling?.liftsDriven ?? 0,
      },
    };
  },
  async erase() {
    // Nothing is deleted: the records name a member id that no longer leads to a person.
  },
};
