/**
 * What Common Ground holds about a member: their participants (pseudonymous, one per conversation) and,
 * through them, their votes and statements; the conversations they started and the moderation decisions
 * they made. An erasure unlinks the participants: the votes and statements stay in the conversations,
 * linked to nobody.
 */
import { eq, sql } from 'drizzle-orm';
import { queryRows } from '../db/client.ts';
import { conversations, moderationLog, participants, statements, votes } from '../db/schema/index.ts';
import type { PersonalDataContribution } from '../core/personal-data.ts';

const iso = (d: Date | string) => new Date(d).toISOString();

export const deliberationPersonalData: PersonalDataContribution = {
  domain: 'deliberation',
  tables: {
    participants: 'exported through their votes and statements; unlinked from the member at erasure',
    votes: 'exported (their own votes); kept, unlinked, at erasure',
    vote_events: 'the history of the votes exported; kept, unlinked, at erasure',
    statements: 'exported (their own statements); kept, unlinked, at erasure',
    conversations: 'exported (the conversations they started); kept, naming the erased member, at erasure',
    moderation_log: 'exported (their moderation decisions); kept, naming the erased member, at erasure',
  },
  async exportFor(db, { memberId }) {
    const [cast, written, started, moderated] = await Promise.all([
      queryRows<{ conversation: string; statement: string; value: number; voted_at: Date | string }>(
        db,
        sql`select c.title as conversation, s.text as statement, v.value, v.voted_at
            from ${participants} p
            join ${conversations} c on c.id = p.conversation_id
            join ${votes} v on v.participant_id = p.id
            join ${statements} s on s.id = v.statement_id
            where p.member_id = ${memberId} order by v.voted_at`,
      ),
      queryRows<{ conversation: string; text: string; status: string; reject_reason: string | null }>(
        db,
        sql`select c.title as conversation, s.text, s.status, s.reject_reason
            from ${participants} p
            join ${conversations} c on c.id = p.conversation_id
            join ${statements} s on s.author_id = p.id
            where p.member_id = ${memberId} order by s.created_at`,
      ),
      db
        .select({ title: conversations.title, at: conversations.createdAt })
        .from(conversations)
        .where(eq(conversations.createdBy, memberId)),
      queryRows<{ conversation: string; decision: string; at: Date | string }>(
        db,
        sql`select c.title as conversation, l.decision, l.at from ${moderationLog} l
            join ${conversations} c on c.id = l.conversation_id
            where l.moderator_id = ${memberId} order by l.at limit 10000`,
      ),
    ]);
    return {
      commonGround: {
        votes: cast.map((v) => ({
          conversation: v.conversation,
          statement: v.statement,
          vote: v.value === 1 ? 'agree' : v.value === -1 ? 'disagree' : 'pass',
          votedAt: iso(v.voted_at),
        })),
        statements: written.map((st) => ({
          conversation: st.conversation,
          text: st.text,
          status: st.status,
          reason: st.reject_reason,
        })),
        conversationsStarted: started.map((c) => ({ title: c.title, at: iso(c.at) })),
        moderationDecisions: moderated.map((m) => ({
          conversation: m.conversation,
          decision: m.decision,
          at: iso(m.at),
        })),
      },
    };
  },
  async erase(tx, { memberId }) {
    // Their votes and statements stay in the conversations, no longer linked to anyone.
    await tx.update(participants).set({ memberId: null }).where(eq(participants.memberId, memberId));
  },
};
