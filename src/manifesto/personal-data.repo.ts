/**
 * What the Manifesto holds about a member: their "which matters more?" answers, the ballots they could
 * vote in and did vote in (never how: nothing links a paper to a voter), and their drafting work (drafts,
 * clauses, versions, ballots held, amendments proposed and decided). An erasure unlinks the answers (they
 * stay in the totals); the rest names a member id that no longer leads to a person.
 */
import { eq, sql } from 'drizzle-orm';
import { queryRows } from '../db/client.ts';
import {
  amendments,
  ballotElectorate,
  ballotVoters,
  ballots,
  clauses,
  manifestoVersions,
  manifestos,
  priorityComparisons,
} from '../db/schema/index.ts';
import type { PersonalDataContribution } from '../core/personal-data.ts';

const iso = (d: Date | string) => new Date(d).toISOString();

export const manifestoPersonalData: PersonalDataContribution = {
  domain: 'manifesto',
  tables: {
    priority_comparisons: 'exported (their answers); unlinked at erasure, kept in the totals',
    ballot_electorate:
      'exported (the ballots they could vote in); kept for the count, naming the erased member',
    ballot_voters: 'exported (the ballots they voted in, never how); kept, so no one votes twice',
    manifestos: 'exported (drafts they started); kept, naming the erased member',
    clauses: 'exported (clauses they wrote or added); kept, naming the erased member',
    manifesto_versions: 'exported (versions they published); kept, naming the erased member',
    ballots: 'exported (ballots they held); kept, naming the erased member',
    amendments: 'exported (amendments they proposed or decided); kept, naming the erased member',
  },
  async exportFor(db, { memberId }) {
    const [answers, eligible, voted, drafts, written, published, held, proposed, decided] = await Promise.all(
      [
        queryRows<{ manifesto: string; preferred: string; over: string; at: Date | string }>(
          db,
          sql`select m.title as manifesto, w.text as preferred, l.text as over, pc.created_at as at
            from ${priorityComparisons} pc
            join ${manifestos} m on m.id = pc.manifesto_id
            join ${clauses} w on w.id = pc.winner_id
            join ${clauses} l on l.id = pc.loser_id
            where pc.member_id = ${memberId} order by pc.created_at`,
        ),
        queryRows<{ manifesto: string; opened: Date | string }>(
          db,
          sql`select m.title as manifesto, b.opens_at as opened from ${ballotElectorate} e
            join ${ballots} b on b.id = e.ballot_id join ${manifestos} m on m.id = b.manifesto_id
            where e.member_id = ${memberId}`,
        ),
        queryRows<{ manifesto: string; opened: Date | string }>(
          db,
          sql`select m.title as manifesto, b.opens_at as opened from ${ballotVoters} v
            join ${ballots} b on b.id = v.ballot_id join ${manifestos} m on m.id = b.manifesto_id
            where v.member_id = ${memberId}`,
        ),
        db
          .select({ title: manifestos.title, at: manifestos.createdAt })
          .from(manifestos)
          .where(eq(manifestos.createdBy, memberId)),
        db
          .select({ text: clauses.text, at: clauses.createdAt })
          .from(clauses)
          .where(eq(clauses.createdBy, memberId)),
        queryRows<{ manifesto: string; number: number; at: Date | string }>(
          db,
          sql`select m.title as manifesto, v.number, v.published_at as at from ${manifestoVersions} v
            join ${manifestos} m on m.id = v.manifesto_id where v.published_by = ${memberId}`,
        ),
        queryRows<{ manifesto: string; opened: Date | string }>(
          db,
          sql`select m.title as manifesto, b.opens_at as opened from ${ballots} b
            join ${manifestos} m on m.id = b.manifesto_id where b.created_by = ${memberId}`,
        ),
        db
          .select({
            kind: amendments.kind,
            text: amendments.text,
            status: amendments.status,
            at: amendments.createdAt,
          })
          .from(amendments)
          .where(eq(amendments.proposedBy, memberId)),
        db
          .select({ kind: amendments.kind, status: amendments.status, reason: amendments.reason })
          .from(amendments)
          .where(eq(amendments.decidedBy, memberId)),
      ],
    );
    const ballotsOf = (rows: { manifesto: string; opened: Date | string }[]) =>
      rows.map((b) => ({ manifesto: b.manifesto, opened: iso(b.opened) }));
    return {
      manifestoPriorities: answers.map((a) => ({
        manifesto: a.manifesto,
        preferred: a.preferred,
        over: a.over,
        at: iso(a.at),
      })),
      manifestoBallots: { couldVoteIn: ballotsOf(eligible), votedIn: ballotsOf(voted) },
      manifestoWork: {
        draftsStarted: drafts.map((d) => ({ title: d.title, at: iso(d.at) })),
        clausesAdded: written.map((c) => ({ text: c.text, at: iso(c.at) })),
        versionsPublished: published.map((v) => ({
          manifesto: v.manifesto,
          version: v.number,
          at: iso(v.at),
        })),
        ballotsHeld: ballotsOf(held),
        amendmentsProposed: proposed.map((a) => ({
          kind: a.kind,
          text: a.text,
          status: a.status,
          at: iso(a.at),
        })),
        amendmentsDecided: decided,
      },
    };
  },
  async erase(tx, { memberId }) {
    // Their "which matters more?" answers stay in the totals, unlinked.
    await tx
      .update(priorityComparisons)
      .set({ memberId: null })
      .where(eq(priorityComparisons.memberId, memberId));
  },
};
