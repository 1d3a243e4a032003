/**
 * The English message catalogue, in ICU MessageFormat: each message whole, its placeholders named, plurals
 * and rich parts (<b>, <link>) inside the message. Every key here must be in cy.ts too (the types say so).
 */
import { enApp } from './en-app.ts';
import { enMembers } from './en-members.ts';
import { enManifesto } from './en-manifesto.ts';
import { enPolling } from './en-polling.ts';
import { enPulse } from './en-pulse.ts';
import { enRoom } from './en-room.ts';
import { enKeys } from './en-keys.ts';
import { enCount } from './en-count.ts';
import { enElections } from './en-elections.ts';
import { enNotices } from '../../../src/contract/notices.ts';

/** The pages' messages, and what the server writes to members (notifications, mails) in the same catalogue. */
export const en = {
  ...enApp,
  ...enMembers,
  ...enManifesto,
  ...enPolling,
  ...enPulse,
  ...enRoom,
  ...enKeys,
  ...enCount,
  ...enElections,
  ...enNotices,
} as const satisfies Record<string, string>;

export type MessageKey = keyof typeof en;
