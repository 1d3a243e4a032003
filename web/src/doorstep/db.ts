/**
 * What the phone keeps, in IndexedDB (Dexie): the walks downloaded, their electors, and the doorstep
 * records made here. A record is born here with its own id and waits until the server has taken it; it is
 * never changed after, only marked sent (or refused, with the server's reason).
 */
import { Dexie, type EntityTable, type Table } from 'dexie';
import type { CanvassRecordInput } from '../../../src/contract/canvass.ts';
import type { KnockupList, TellerStations } from '../../../src/contract/polling-day.ts';
import {
  CANVASS_FLAGS,
  CONTACT_OUTCOMES,
  type CanvassFlag,
  type ContactOutcome,
  type AbsentVoterKind,
  type KnockupResult,
} from '../../../src/contract/vocabulary.ts';

export interface IntentionCode {
  code: string;
  label: string;
}

export interface LocalWalk {
  id: string;
  name: string;
  doors: number;
  expiresAt: string;
  downloadedAt: string;
  codes: IntentionCode[];
  /** The campaign's script for the segment (absent on walks downloaded before scripts existed). */
  script?: string | null;
}

export interface LocalElector {
  walkId: string;
  id: string;
  position: number;
  door: number;
  electorNumber: string;
  name: string;
  address: string;
  flat: string;
  warning: boolean;
  /** On an absent voters list of a polling day ahead (absent on walks downloaded before polling day existed). */
  absent?: AbsentVoterKind | null;
}

export type Outcome = ContactOutcome;
export type Flag = CanvassFlag;

/** The server's outcomes and flags (src/db/schema/canvass.ts), as the phone labels them. */
/** The outcomes at a door, in the order the buttons show them (labels: the message catalogue, `outcome.*`). */
export const OUTCOMES: readonly Outcome[] = CONTACT_OUTCOMES;

/** The flags a canvasser can tick (labels: the message catalogue, `flag.*`). */
export const FLAGS: readonly Flag[] = CANVASS_FLAGS;

export interface LocalRecord {
  id: string;
  walkId: string;
  electorId: string;
  madeAt: string;
  outcome: Outcome;
  intention: string | null;
  strength: number | null;
  flags: Flag[];
  issues: string[];
  note: string | null;
  /** A number the elector gave to be called on polling day. */
  phone?: string | null;
  state: 'waiting' | 'sent' | 'refused';
  refusal?: string;
}

/** A polling station this phone tells at, as downloaded. */
export type LocalStation = TellerStations['stations'][number];

/** A number a teller took: born here, sent, and sent again if undone (it then stays undone). */
export interface LocalTelling {
  id: string;
  stationId: string;
  entered: string;
  takenAt: string;
  undone: boolean;
  /** The teller confirmed a number of a district that is not the station's. */
  otherDistrict?: boolean;
  state: 'waiting' | 'sent' | 'refused';
  /** The server matched it to no one on the register: shown for checking. */
  unmatched?: boolean;
  refusal?: string;
}

/** What a knocker-up heard at a pledge's door. */
export interface LocalKnockup {
  id: string;
  electionId: string;
  walkId: string;
  electorId: string;
  result: KnockupResult;
  madeAt: string;
  /** With `lift`: when the voter wants to go ("14:30"). */
  liftAt?: string;
  state: 'waiting' | 'sent' | 'refused';
  refusal?: string;
}

/** A knock-up list as last fetched, kept for use with no signal. */
export interface LocalKnockupList extends KnockupList {
  key: string;
  electionId: string;
}

export const db = new Dexie('broadchurch-doorstep') as Dexie & {
  walks: EntityTable<LocalWalk, 'id'>;
  electors: Table<LocalElector, [string, string]>;
  records: EntityTable<LocalRecord, 'id'>;
  stations: EntityTable<LocalStation, 'id'>;
  telling: EntityTable<LocalTelling, 'id'>;
  knockups: EntityTable<LocalKnockup, 'id'>;
  knockupLists: EntityTable<LocalKnockupList, 'key'>;
};

db.version(1).stores({
  walks: 'id',
  electors: '[walkId+id], walkId, [walkId+position]',
  records: 'id, state, walkId, electorId',
});
// Polling day: tellers' stations and numbers, knockers' lists and records.
db.version(2).stores({
  stations: 'id',
  telling: 'id, state, stationId, takenAt',
  knockups: 'id, state, [electionId+walkId]',
  knockupLists: 'key',
});

/** The wire form of a record, as the server takes it. */
export const toWire = (r: LocalRecord): CanvassRecordInput => ({
  id: r.id,
  walkId: r.walkId,
  electorId: r.electorId,
  madeAt: r.madeAt,
  outcome: r.outcome,
  intention: r.intention,
  strength: r.strength,
  flags: r.flags,
  issues: r.issues,
  note: r.note,
  phone: r.phone ?? null,
});

/**
 * Forgets walks whose assignment has ended and whose records are all sent: electors' details do not stay
 * on a phone longer than the work needs them.
 */
export async function forgetEndedWalks(now = Date.now()): Promise<void> {
  const ended = (await db.walks.toArray()).filter((w) => Date.parse(w.expiresAt) <= now);
  for (const w of ended) {
    const waiting = await db.records
      .where({ walkId: w.id })
      .filter((r) => r.state === 'waiting')
      .count();
    if (waiting === 0) await forgetWalk(w.id);
  }
}

export async function forgetWalk(walkId: string): Promise<void> {
  await db.transaction('rw', [db.walks, db.electors, db.records], async () => {
    await db.electors.where({ walkId }).delete();
    await db.records
      .where({ walkId })
      .filter((r) => r.state !== 'waiting')
      .delete();
    await db.walks.delete(walkId);
  });
}

/** On sign-out: nothing of the canvass stays on the phone, except records not yet sent. */
export async function forgetEverythingSent(): Promise<void> {
  for (const w of await db.walks.toArray()) await forgetWalk(w.id);
  await db.transaction('rw', [db.stations, db.telling, db.knockups, db.knockupLists], async () => {
    await db.knockupLists.clear();
    await db.stations.clear();
    await db.telling.where('state').notEqual('waiting').delete();
    await db.knockups.where('state').notEqual('waiting').delete();
  });
}
