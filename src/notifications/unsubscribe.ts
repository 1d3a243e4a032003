/**
 * One-click unsubscribe links: a token naming a member, a topic and the day it was issued, signed with a key
 * derived from the server's secret, so a link from a mail works without signing in and cannot be made for
 * anyone else.
 *
 * A link lives `UNSUBSCRIBE_LINK_DAYS` (a year and a month, so the link in a yearly mail works until the
 * next one comes). An older link, or one in the first form (which carried no date), is expired: its page says
 * so and sends the member to their profile, where every choice can be changed after signing in. A link
 * that never expired would stop a member's mail for whoever found an old one, for ever.
 */
import crypto from 'node:crypto';
import { NOTIFICATION_TOPICS, type NotificationTopic } from '../contract/vocabulary.ts';
import { isUuid } from '../lib/ids.ts';

export const UNSUBSCRIBE_LINK_DAYS = 400;
const DAY_MS = 86_400_000;

const keyFor = (secret: string) =>
  Buffer.from(crypto.hkdfSync('sha256', secret, 'broadchurch unsubscribe links', '', 32));

const mac = (secret: string, text: string) =>
  crypto.createHmac('sha256', keyFor(secret)).update(text).digest('base64url').slice(0, 32);

const isTopic = (t: string): t is NotificationTopic => (NOTIFICATION_TOPICS as readonly string[]).includes(t);

const verifies = (secret: string, text: string, given: string) => {
  const expected = Buffer.from(mac(secret, text));
  const got = Buffer.from(given);
  return got.length === expected.length && crypto.timingSafeEqual(got, expected);
};

/** The day of issue, as days since 1970-01-01 (UTC), in base 36. */
const dayOf = (at: Date) => Math.floor(at.getTime() / DAY_MS).toString(36);

export function unsubscribeToken(
  secret: string,
  memberId: string,
  topic: NotificationTopic,
  issuedAt = new Date(),
): string {
  const text = `${memberId}.${topic}.${dayOf(issuedAt)}`;
  return `${text}.${mac(secret, text)}`;
}

export type UnsubscribeLink =
  | { state: 'valid'; memberId: string; topic: NotificationTopic }
  | { state: 'expired' }
  | { state: 'invalid' };

/** What a token is: valid (its member and topic), expired (signed by us, but too old), or not ours. */
export function readUnsubscribeToken(secret: string, token: string, now = new Date()): UnsubscribeLink {
  const parts = token.split('.');
  const [memberId = '', topic = ''] = parts;
  if (!isUuid(memberId) || !isTopic(topic)) return { state: 'invalid' };
  if (parts.length === 3) {
    // The first form, without a date: genuine, but of unknown age.
    return verifies(secret, `${memberId}.${topic}`, parts[2] ?? '')
      ? { state: 'expired' }
      : { state: 'invalid' };
  }
  if (parts.length !== 4) return { state: 'invalid' };
  const [, , day = '', given = ''] = parts;
  if (!/^[0-9a-z]{1,6}$/.test(day) || !verifies(secret, `${memberId}.${topic}.${day}`, given))
    return { state: 'invalid' };
  const issued = parseInt(day, 36) * DAY_MS;
  if (now.getTime() - issued > UNSUBSCRIBE_LINK_DAYS * DAY_MS) return { state: 'expired' };
  return { state: 'valid', memberId, topic };
}
