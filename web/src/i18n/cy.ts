/**
 * Y catalog negeseuon Cymraeg (the Welsh catalogue): the same keys as en.ts, each message whole. Welsh
 * plurals follow the language's own rules (zero, one, two, few, many, other); after a numeral the noun stays
 * singular ("3 drws"). A first translation: a Welsh-speaking member should read it over before launch.
 */
import type { MessageKey } from './en.ts';
import { cyApp } from './cy-app.ts';
import { cyMembers } from './cy-members.ts';
import { cyManifesto } from './cy-manifesto.ts';
import { cyPolling } from './cy-polling.ts';
import { cyPulse } from './cy-pulse.ts';
import { cyRoom } from './cy-room.ts';
import { cyKeys } from './cy-keys.ts';
import { cyCount } from './cy-count.ts';
import { cyElections } from './cy-elections.ts';
import { cyNotices } from '../../../src/contract/notices.ts';

export const cy: Record<MessageKey, string> = {
  ...cyApp,
  ...cyMembers,
  ...cyManifesto,
  ...cyPolling,
  ...cyPulse,
  ...cyRoom,
  ...cyKeys,
  ...cyCount,
  ...cyElections,
  ...cyNotices,
};
