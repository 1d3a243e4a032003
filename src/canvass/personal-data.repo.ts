/**
 * What Doorstep holds about a member: the canvass sessions they signed up for (as a member, or on the
 * public page with their address), and their canvassing work — walks assigned to them or by them,
 * doorstep records they made, segments, sessions and register imports. The work is given back as counts
 * and dates: its records are about electors, whose data is not the canvasser's to take away. An erasure
 * removes the sign-ups; the work names a member id that no longer leads to a person.
 */
import { count, eq, min, max, or, sql } from 'drizzle-orm';
import { queryRows } from '../db/client.ts';
import {
  canvassRecords,
  canvassSessions,
  registerImports,
  segments,
  sessionSignups,
  walkAssignments,
} from '../db/schema/index.ts';
import type { PersonalDataContribution } from '../core/personal-data.ts';

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

const signupsOf = (memberId: string, email: string | null) =>
  email
    ? or(eq(sessionSignups.memberId, memberId), eq(sessionSignups.email, email))
    : eq(sessionSignups.memberId, memberId);

export const canvassPersonalData: PersonalDataContribution = {
  domain: 'canvass',
  tables: {
    session_signups: 'exported (sessions they signed up for, by member or by address); deleted at erasure',
    walk_assignments:
      'exported (counts of walks assigned to them and by them); kept, naming the erased member',
    canvass_records: 'exported (how many doors they knocked, and when); kept, naming the erased member',
    segments: 'exported (segments they made); kept, naming the erased member',
    canvass_sessions: 'exported (sessions they organised); kept, naming the erased member',
    register_imports: 'exported (register imports they made); kept, naming the erased member',
  },
  async exportFor(db, { memberId, email }) {
    const [signups, [assigned], [assignedByThem], [records], made, organised, imports] = await Promise.all([
      queryRows<{
        title: string;
        starts_at: Date | string;
        meeting_point: string;
        name: string;
        email: string;
        phone: string | null;
        signed_up: Date | string;
      }>(
        db,
        sql`select cs.title, cs.starts_at, cs.meeting_point, su.name, su.email, su.phone, su.created_at as signed_up
            from ${sessionSignups} su join ${canvassSessions} cs on cs.id = su.session_id
            where su.member_id = ${memberId} ${email ? sql`or su.email = ${email}` : sql``}
            order by su.created_at`,
      ),
      db.select({ n: count() }).from(walkAssignments).where(eq(walkAssignments.memberId, memberId)),
      db.select({ n: count() }).from(walkAssignments).where(eq(walkAssignments.assignedBy, memberId)),
      db
        .select({ n: count(), first: min(canvassRecords.madeAt), last: max(canvassRecords.madeAt) })
        .from(canvassRecords)
        .where(eq(canvassRecords.canvasserId, memberId)),
      db
        .select({ name: segments.name, at: segments.createdAt })
        .from(segments)
        .where(eq(segments.createdBy, memberId)),
      db
        .select({ title: canvassSessions.title, startsAt: canvassSessions.startsAt })
        .from(canvassSessions)
        .where(eq(canvassSessions.createdBy, memberId)),
      db
        .select({ kind: registerImports.kind, rows: registerImports.rows, at: registerImports.createdAt })
        .from(registerImports)
        .where(eq(registerImports.importedBy, memberId)),
    ]);
    return {
      canvassSessions: signups.map((c) => ({
        session: c.title,
        startsAt: iso(c.starts_at),
        meetingPoint: c.meeting_point,
        signedUpAs: { name: c.name, email: c.email, phone: c.phone },
        signedUpAt: iso(c.signed_up),
      })),
      canvassWork: {
        walksAssignedToThem: assigned?.n ?? 0,
        walksTheyAssigned: assignedByThem?.n ?? 0,
        doorstepRecords: {
          count: records?.n ?? 0,
          first: iso(records?.first ?? null),
          last: iso(records?.last ?? null),
        },
        segmentsMade: made.map((s) => ({ name: s.name, at: iso(s.at) })),
        sessionsOrganised: organised.map((s) => ({ title: s.title, startsAt: iso(s.startsAt) })),
        registerImports: imports.map((i) => ({ kind: i.kind, rows: i.rows, at: iso(i.at) })),
      },
    };
  },
  async erase(tx, { memberId, email }) {
    // Canvass sessions they signed up for, as a member or on the public page with their address.
    await tx.delete(sessionSignups).where(signupsOf(memberId, email));
  },
};
