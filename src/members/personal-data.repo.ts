/**
 * What the members domain holds about a member beyond their record: roles, invitations sent and
 * accepted, and their sign-in (sessions, passkeys). An erasure removes the invitations and mail addressed
 * to them and the sign-in codes waiting for their address; their record itself, their roles and their
 * sign-in are erased by member.repo.ts's `eraseMember`.
 */
import { eq, inArray, or } from 'drizzle-orm';
import {
  erasureRequests,
  invitations,
  mailOutbox,
  passkey,
  session,
  verification,
} from '../db/schema/index.ts';
import type { PersonalDataContribution } from '../core/personal-data.ts';
import { assignmentsOf } from './member.repo.ts';

/** Better Auth's one-time-code kinds; it names a waiting code `<kind>-otp-<email>`. */
const OTP_TYPES = ['sign-in', 'email-verification', 'forget-password', 'change-email'] as const;

export const membersPersonalData: PersonalDataContribution = {
  domain: 'members',
  tables: {
    members: 'exported (their record); its name and contact details erased, the pseudonymous id kept',
    role_assignments: 'exported (their roles); deleted at erasure',
    invitations:
      'exported (sent and accepted); those to their address or accepted by them deleted at erasure',
    auth_session: 'exported (their sessions); deleted with their sign-in at erasure',
    auth_account: 'how they sign in (no secret of theirs is held); deleted with their sign-in at erasure',
    auth_passkey: 'exported (their passkeys, without keys); deleted with their sign-in at erasure',
    erasure_requests: 'exported (their requests to be erased); kept, naming the pseudonymous member',
  },
  async exportFor(db, { memberId, userId }) {
    const [roles, sent, received, sessions, keys, erasure] = await Promise.all([
      assignmentsOf(db, memberId),
      db
        .select({
          email: invitations.email,
          createdAt: invitations.createdAt,
          acceptedAt: invitations.acceptedAt,
        })
        .from(invitations)
        .where(eq(invitations.invitedBy, memberId)),
      db
        .select({
          createdAt: invitations.createdAt,
          acceptedAt: invitations.acceptedAt,
          invitedBy: invitations.invitedBy,
        })
        .from(invitations)
        .where(eq(invitations.acceptedMemberId, memberId)),
      userId
        ? db
            .select({
              createdAt: session.createdAt,
              expiresAt: session.expiresAt,
              userAgent: session.userAgent,
            })
            .from(session)
            .where(eq(session.userId, userId))
        : Promise.resolve([]),
      userId
        ? db
            .select({ name: passkey.name, createdAt: passkey.createdAt, deviceType: passkey.deviceType })
            .from(passkey)
            .where(eq(passkey.userId, userId))
        : Promise.resolve([]),
      db
        .select({
          status: erasureRequests.status,
          requestedAt: erasureRequests.requestedAt,
          decidedAt: erasureRequests.decidedAt,
          reason: erasureRequests.reason,
        })
        .from(erasureRequests)
        .where(eq(erasureRequests.memberId, memberId)),
    ]);
    return {
      roles: roles.map((r) => ({ role: r.role, branch: r.branchName })),
      invitationsSent: sent,
      invitationsAccepted: received,
      sessions,
      passkeys: keys,
      erasureRequests: erasure,
    };
  },
  async erase(tx, { memberId, email }) {
    if (!email) return;
    await tx.delete(mailOutbox).where(eq(mailOutbox.to, email));
    await tx
      .delete(invitations)
      .where(or(eq(invitations.email, email), eq(invitations.acceptedMemberId, memberId)));
    // Sign-in codes waiting for the address (Better Auth names them by it).
    await tx.delete(verification).where(
      inArray(
        verification.identifier,
        OTP_TYPES.map((type) => `${type}-otp-${email}`),
      ),
    );
  },
};
