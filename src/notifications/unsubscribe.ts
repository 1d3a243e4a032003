/**
 * One-click unsubscribe links: a token naming a member and a topic, signed with a key derived from the
 * server's secret, so a link from a mail works without signing in and cannot be made for anyone else.
 */
import crypto from 'node:crypto';
import { NOTIFICATION_TOPICS, type NotificationTopic } from '../contract/vocabulary.ts';
import { isUuid } from '../lib/ids.ts';

const keyFor = (secret: string) =>
  Buffer.from(crypto.hkdfSync('sha256', secret, 'broadchurch unsubscribe links', '', 32));

const mac = (secret: string, text: string) =>
  crypto.createHmac('sha256', keyFor(secret)).update(text).digest('base64url').slice(0, 32);

const isTopic = (t: string): t is NotificationTopic => (NOTIFICATION_TOPICS as readonly string[]).includes(t);

export function unsubscribeToken(secret: string, memberId: string, topic: NotificationTopic): string {
  const text = `${memberId}.${topic}`;
  return `${text}.${mac(secret, text)}`;
}

/** The member and topic of a token whose signature verifies; null for anything else. */
export function readUnsubscribeToken(
  secret: string,
  token: string,
): { memberId: string; topic: NotificationTopic } | null {
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  const [memberId = '', topic = '', given = ''] = parts;
  if (!isUuid(memberId) || !isTopic(topic)) return null;
  const expected = Buffer.from(mac(secret, `${memberId}.${topic}`));
  const got = Buffer.from(given);
  if (got.length !== expected.length || !crypto.timingSafeEqual(got, expected)) return null;
  return { memberId, topic };
}
