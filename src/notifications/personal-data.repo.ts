/**
 * What notifications hold about a member: their choices, the notifications they were sent and the mail
 * waiting for them. An export gives them back; an erasure deletes them (mail not sent is never sent).
 */
import { eq, or } from 'drizzle-orm';
import { mailQueue, notificationPreferences, notifications } from '../db/schema/index.ts';
import type { PersonalDataContribution } from '../core/personal-data.ts';
import { messageFor } from './messages.ts';

/** Mail to the member, or to their address as given on a public page. */
const mailTo = (memberId: string, email: string | null) =>
  email
    ? or(eq(mailQueue.memberId, memberId), eq(mailQueue.toAddress, email))
    : eq(mailQueue.memberId, memberId);

export const notificationsPersonalData: PersonalDataContribution = {
  domain: 'notifications',
  tables: {
    notification_preferences: 'exported (their choice per topic); deleted at erasure',
    notifications: 'exported (what they were told, and when they read it); deleted at erasure',
    mail_queue: 'exported (mail to them: what and when sent); deleted at erasure',
  },
  async exportFor(db, { memberId, email }) {
    const [prefs, told, mail] = await Promise.all([
      db
        .select({ topic: notificationPreferences.topic, channel: notificationPreferences.channel })
        .from(notificationPreferences)
        .where(eq(notificationPreferences.memberId, memberId)),
      db
        .select()
        .from(notifications)
        .where(eq(notifications.memberId, memberId))
        .orderBy(notifications.createdAt),
      db.select().from(mailQueue).where(mailTo(memberId, email)).orderBy(mailQueue.createdAt),
    ]);
    return {
      notificationChoices: prefs,
      notifications: told.map((n) => ({
        ...messageFor(n.kind, n.params),
        at: n.createdAt.toISOString(),
        readAt: n.readAt?.toISOString() ?? null,
      })),
      mail: mail.map((m) => ({
        subject: messageFor(m.kind, m.params).title,
        queuedAt: m.createdAt.toISOString(),
        sentAt: m.sentAt?.toISOString() ?? null,
      })),
    };
  },
  async erase(tx, { memberId, email }) {
    await tx.delete(mailQueue).where(mailTo(memberId, email));
    await tx.delete(notifications).where(eq(notifications.memberId, memberId));
    await tx.delete(notificationPreferences).where(eq(notificationPreferences.memberId, memberId));
  },
};
