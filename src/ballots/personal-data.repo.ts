/**
 * What elections hold about a member: elections they ran, their candidacies (statement, answers at
 * hustings), the nominations they made and received (public while the election runs), and the elections
 * whose roll they were on and in which they voted (never how: nothing links a paper to a voter).
 *
 * An erasure withdraws them from any election whose voting has not opened (candidacy and nominations
 * removed), and blanks their statements and answers everywhere; the rest stays for the record of the
 * count, naming a member id that no longer leads to a person.
 */
import { sql } from 'drizzle-orm';
import { queryRows } from '../db/client.ts';
import type { PersonalDataContribution } from '../core/personal-data.ts';

const iso = (d: Date | string) => new Date(d).toISOString();

export const ballotsPersonalData: PersonalDataContribution = {
  domain: 'ballots',
  tables: {
    party_elections: 'exported (elections they created); kept, naming the erased member',
    election_candidates:
      'exported (their candidacies and statements); removed before voting opens, statement blanked after',
    election_nominations:
      'exported (nominations made and received); removed before voting opens, kept after, naming the erased member',
    election_answers: 'exported (their hustings answers); blanked at erasure',
    election_electorate:
      'exported (the elections whose roll they were on); kept for the count, naming the erased member',
    election_voters: 'exported (the elections they voted in, never how); kept, so no one votes twice',
  },
  async exportFor(db, { memberId }) {
    const [ran, stood, answers, made, received, roll, voted] = await Promise.all([
      queryRows<{ post: string; at: Date | string }>(
        db,
        sql`select post, created_at as at from party_elections where created_by = ${memberId}`,
      ),
      queryRows<{ post: string; statement: string; at: Date | string }>(
        db,
        sql`select e.post, c.statement, c.standing_since as at from election_candidates c
            join party_elections e on e.id = c.election_id where c.member_id = ${memberId}`,
      ),
      queryRows<{ post: string; answer: string; at: Date | string }>(
        db,
        sql`select e.post, a.answer, a.answered_at as at from election_answers a
            join party_elections e on e.id = a.election_id where a.candidate_id = ${memberId}`,
      ),
      queryRows<{ post: string; candidate: string; at: Date | string }>(
        db,
        sql`select e.post, m.name as candidate, n.created_at as at from election_nominations n
            join party_elections e on e.id = n.election_id join members m on m.id = n.candidate_id
            where n.nominator_id = ${memberId}`,
      ),
      queryRows<{ post: string; nominator: string; at: Date | string }>(
        db,
        sql`select e.post, m.name as nominator, n.created_at as at from election_nominations n
            join party_elections e on e.id = n.election_id join members m on m.id = n.nominator_id
            where n.candidate_id = ${memberId}`,
      ),
      queryRows<{ post: string }>(
        db,
        sql`select e.post from election_electorate r join party_elections e on e.id = r.election_id
            where r.member_id = ${memberId}`,
      ),
      queryRows<{ post: string }>(
        db,
        sql`select e.post from election_voters v join party_elections e on e.id = v.election_id
            where v.member_id = ${memberId}`,
      ),
    ]);
    return {
      elections: {
        ran: ran.map((r) => ({ post: r.post, at: iso(r.at) })),
        stood: stood.map((s) => ({ post: s.post, statement: s.statement, at: iso(s.at) })),
        answers: answers.map((a) => ({ post: a.post, answer: a.answer, at: iso(a.at) })),
        nominated: made.map((n) => ({ post: n.post, candidate: n.candidate, at: iso(n.at) })),
        nominatedBy: received.map((n) => ({ post: n.post, nominator: n.nominator, at: iso(n.at) })),
        onRollOf: roll.map((r) => r.post),
        votedIn: voted.map((v) => v.post),
      },
    };
  },
  async erase(tx, { memberId }) {
    const notOpened = sql`(select id from party_elections where opened_at is null)`;
    await tx.execute(
      sql`delete from election_nominations where (candidate_id = ${memberId} or nominator_id = ${memberId})
          and election_id in ${notOpened}`,
    );
    await tx.execute(
      sql`delete from election_candidates where member_id = ${memberId} and election_id in ${notOpened}`,
    );
    await tx.execute(sql`update election_candidates set statement = '' where member_id = ${memberId}`);
    await tx.execute(sql`update election_answers set answer = '' where candidate_id = ${memberId}`);
  },
};
