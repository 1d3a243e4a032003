/**
 * What each notification says: its one-line title (the in-app list and the mail's subject) and its body,
 * built from the values stored with it. Every sentence is written whole here, never assembled from
 * fragments elsewhere.
 */
import type { NotificationKind, NotificationTopic } from '../contract/vocabulary.ts';
import type { NotificationParams } from '../db/schema/index.ts';

export const TOPIC_OF: Readonly<Record<NotificationKind, NotificationTopic>> = {
  conversation_opened: 'conversations',
  ballot_opened: 'ballots',
  ballot_reminder: 'ballots',
  amendments_opened: 'amendments',
  statement_accepted: 'statements',
  statement_rejected: 'statements',
  statement_merged: 'statements',
  session_changed: 'canvass',
  session_cancelled: 'canvass',
};

/** How each topic is named in a mail's footer and on the unsubscribe page. */
export const TOPIC_NAMES: Readonly<Record<NotificationTopic, string>> = {
  conversations: 'new conversations in your branch',
  ballots: 'ballots you can vote in',
  amendments: 'amendment windows',
  statements: 'what happens to your statements',
  canvass: 'changes to canvass sessions you signed up for',
};

/** A time as members read it: day, date and time, without seconds, in UK time. */
export function whenText(iso: string | number | Date | null | undefined): string {
  if (iso === null || iso === undefined) return '';
  return new Date(iso).toLocaleString('en-GB', {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: 'Europe/London',
  });
}

const s = (p: NotificationParams, key: string): string => {
  const v = p[key];
  return v === null || v === undefined ? '' : String(v);
};

export interface Message {
  title: string;
  body: string;
}

const MESSAGES: Readonly<Record<NotificationKind, (p: NotificationParams) => Message>> = {
  conversation_opened: (p) => ({
    title: `New conversation: ${s(p, 'title')}`,
    body: `A conversation has opened in ${s(p, 'branch')}: "${s(p, 'title')}". Read the statements, vote on them and add your own.`,
  }),
  ballot_opened: (p) => ({
    title: `Ballot open: ${s(p, 'manifesto')}`,
    body: p.closesAt
      ? `A ballot to ratify "${s(p, 'manifesto')}" is open. It closes ${whenText(p.closesAt)}. Your vote is secret.`
      : `A ballot to ratify "${s(p, 'manifesto')}" is open. Your vote is secret.`,
  }),
  ballot_reminder: (p) => ({
    title: `Closing soon: ${s(p, 'manifesto')}`,
    body: `The ballot to ratify "${s(p, 'manifesto')}" closes ${whenText(p.closesAt)}, and you have not voted yet.`,
  }),
  amendments_opened: (p) => ({
    title: `Amendments open: ${s(p, 'manifesto')}`,
    body: p.closesAt
      ? `You can propose amendments to "${s(p, 'manifesto')}" until ${whenText(p.closesAt)}.`
      : `You can propose amendments to "${s(p, 'manifesto')}".`,
  }),
  statement_accepted: (p) => ({
    title: 'Your statement was accepted',
    body: `Your statement "${s(p, 'statement')}" in "${s(p, 'conversation')}" was accepted and members can now vote on it.`,
  }),
  statement_rejected: (p) => ({
    title: 'Your statement was not accepted',
    body: p.reason
      ? `Your statement "${s(p, 'statement')}" in "${s(p, 'conversation')}" was not accepted. The moderator's reason: ${s(p, 'reason')}`
      : `Your statement "${s(p, 'statement')}" in "${s(p, 'conversation')}" was not accepted.`,
  }),
  statement_merged: (p) => ({
    title: 'Your statement was merged',
    body: `Your statement "${s(p, 'statement')}" in "${s(p, 'conversation')}" said the same as one already there, so it was merged into "${s(p, 'into')}". Your votes count there.`,
  }),
  session_changed: (p) => ({
    title: `Changed: ${s(p, 'title')}`,
    body: `The canvass session "${s(p, 'title')}" you signed up for has changed. It is now ${whenText(p.startsAt)}, meeting at ${s(p, 'meetingPoint')}.`,
  }),
  session_cancelled: (p) => ({
    title: `Cancelled: ${s(p, 'title')}`,
    body: `The canvass session "${s(p, 'title')}" on ${whenText(p.startsAt)} you signed up for has been cancelled. Sorry; we hope to see you at another.`,
  }),
};

export const messageFor = (kind: NotificationKind, params: NotificationParams): Message =>
  MESSAGES[kind](params);
