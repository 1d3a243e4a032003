/**
 * What each notification says: its one-line title (the in-app list and the mail's subject) and its body,
 * built from the values stored with it, in the member's language. Every sentence is written whole in the
 * message catalogue (contract/notices.ts), never assembled from fragments.
 */
import type { MailKind, NotificationKind, NotificationTopic } from '../contract/vocabulary.ts';
import type { NotificationParams } from '../db/schema/index.ts';
import { IntlMessageFormat } from 'intl-messageformat';
import type { Language } from '../contract/vocabulary.ts';
import { cyNotices, enNotices, type NoticeKey } from '../contract/notices.ts';

export const TOPIC_OF: Readonly<Record<NotificationKind, NotificationTopic>> = {
  conversation_opened: 'conversations',
  ballot_opened: 'ballots',
  ballot_reminder: 'ballots',
  ballot_result: 'ballots',
  election_opened: 'ballots',
  election_result: 'ballots',
  amendments_opened: 'amendments',
  statement_accepted: 'statements',
  statement_rejected: 'statements',
  statement_merged: 'statements',
  session_changed: 'canvass',
  session_cancelled: 'canvass',
};

/** A time as members read it: day, date and time, without seconds, in UK time, in the member's language. */
export function whenText(iso: string | number | Date | null | undefined, lang: Language = 'en'): string {
  if (iso === null || iso === undefined) return '';
  return new Date(iso).toLocaleString(lang === 'cy' ? 'cy' : 'en-GB', {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: 'Europe/London',
  });
}

const CATALOGUES: Readonly<Record<Language, Record<NoticeKey, string>>> = { en: enNotices, cy: cyNotices };
const compiled = new Map<string, IntlMessageFormat>();

/** One message of the catalogue, in the language, with its values. */
export function say(lang: Language, key: NoticeKey, values: Record<string, string> = {}): string {
  const id = `${lang}:${key}`;
  let format = compiled.get(id);
  if (!format) {
    format = new IntlMessageFormat(CATALOGUES[lang][key], lang);
    compiled.set(id, format);
  }
  return String(format.format(values));
}

const s = (p: NotificationParams, key: string): string => {
  const v = p[key];
  return v === null || v === undefined ? '' : String(v);
};

export interface Message {
  title: string;
  body: string;
}

/** The catalogue's keys for each kind: its title, its body, and the body when a value it needs is absent. */
const KEYS: Readonly<Record<MailKind, { title: NoticeKey; body: NoticeKey; without?: [string, NoticeKey] }>> =
  {
    conversation_opened: {
      title: 'notice.conversation_opened.title',
      body: 'notice.conversation_opened.body',
    },
    ballot_opened: {
      title: 'notice.ballot_opened.title',
      body: 'notice.ballot_opened.body',
      without: ['closesAt', 'notice.ballot_opened.bodyOpenEnded'],
    },
    ballot_reminder: { title: 'notice.ballot_reminder.title', body: 'notice.ballot_reminder.body' },
    ballot_result: { title: 'notice.ballot_result.title', body: 'notice.ballot_result.body' },
    election_opened: { title: 'notice.election_opened.title', body: 'notice.election_opened.body' },
    election_result: { title: 'notice.election_result.title', body: 'notice.election_result.body' },
    amendments_opened: {
      title: 'notice.amendments_opened.title',
      body: 'notice.amendments_opened.body',
      without: ['closesAt', 'notice.amendments_opened.bodyOpenEnded'],
    },
    statement_accepted: { title: 'notice.statement_accepted.title', body: 'notice.statement_accepted.body' },
    statement_rejected: {
      title: 'notice.statement_rejected.title',
      body: 'notice.statement_rejected.body',
      without: ['reason', 'notice.statement_rejected.bodyNoReason'],
    },
    statement_merged: { title: 'notice.statement_merged.title', body: 'notice.statement_merged.body' },
    session_changed: { title: 'notice.session_changed.title', body: 'notice.session_changed.body' },
    session_cancelled: { title: 'notice.session_cancelled.title', body: 'notice.session_cancelled.body' },
    session_signed_up: { title: 'notice.session_signed_up.title', body: 'notice.session_signed_up.body' },
    session_already_signed_up: {
      title: 'notice.session_already_signed_up.title',
      body: 'notice.session_already_signed_up.body',
    },
    session_reminder: { title: 'notice.session_reminder.title', body: 'notice.session_reminder.body' },
    erasure_requested: { title: 'notice.erasure_requested.title', body: 'notice.erasure_requested.body' },
    erasure_declined: { title: 'notice.erasure_declined.title', body: 'notice.erasure_declined.body' },
    sign_in_paused: { title: 'notice.sign_in_paused.title', body: 'notice.sign_in_paused.body' },
  };

/** What a notification says in the language, from the values stored with it. */
export function messageFor(kind: MailKind, params: NotificationParams, lang: Language = 'en'): Message {
  const keys = KEYS[kind];
  const values: Record<string, string> = {};
  for (const key of Object.keys(params)) values[key] = s(params, key);
  values.when = whenText(params.closesAt ?? params.startsAt ?? null, lang);
  const body = keys.without && !params[keys.without[0]] ? keys.without[1] : keys.body;
  return { title: say(lang, keys.title, values), body: say(lang, body, values) };
}
