/**
 * Sends what waits on the phone to the server — doorstep records, tellers' numbers, knockers' records — in
 * batches, one request at a time, idempotent (the server keeps each once, by its phone-made id, however
 * often it is sent). A failure — no signal, a server error — is retried with exponential backoff (1 s, 2 s,
 * 4 s … at most a minute, with jitter), and at once when the phone says it is back online. What the server
 * refuses is kept and shown, never retried.
 */
import type { EntityTable } from 'dexie';
import { useSyncExternalStore } from 'react';
import { api, ApiError } from '../api.ts';
import { db, toWire, type LocalKnockup, type LocalRecord, type LocalTelling } from './db.ts';

interface Queued {
  id: string;
  state: 'waiting' | 'sent' | 'refused';
  refusal?: string;
}

/** The server's answer to a batch: what it stored, what it will never take and why. */
interface Answer {
  accepted: string[];
  refused: { id: string; message: string }[];
}

/** One kind of thing the phone sends: its table, and how a batch goes to the server. */
interface Queue<T extends Queued> {
  table: EntityTable<T, 'id'>;
  send: (batch: T[]) => Promise<Answer & { unmatched?: string[] }>;
  /** What else an accepted item takes from the server's answer (beyond being marked sent). */
  accepted?: (item: T, answer: { unmatched?: string[] }) => void;
}

/** A queue as the loop below drains it: one batch at a time. */
interface Drain {
  /** Sends one batch; false when nothing more is waiting. */
  batch: () => Promise<boolean>;
}

const QUEUES: Drain[] = [
  drain<LocalRecord>({
    table: db.records,
    send: (batch) => api.doorstep.records.$post({ body: { records: batch.map(toWire) } }),
  }),
  drain<LocalTelling>({
    table: db.telling,
    send: (batch) =>
      api.polling.telling.$post({
        body: {
          entries: batch.map(({ id, stationId, entered, takenAt, undone, otherDistrict }) => ({
            id,
            stationId,
            entered,
            takenAt,
            undone,
            otherDistrict: otherDistrict ?? false,
          })),
        },
      }),
    accepted: (item, answer) => {
      item.unmatched = answer.unmatched?.includes(item.id) ?? false;
    },
  }),
  drain<LocalKnockup>({
    table: db.knockups,
    send: (batch) =>
      api.polling.knockup.$post({
        body: {
          records: batch.map(({ id, electionId, walkId, electorId, result, madeAt, liftAt }) => ({
            id,
            electionId,
            walkId,
            electorId,
            result,
            madeAt,
            ...(liftAt ? { liftAt } : {}),
          })),
        },
      }),
  }),
];

export const SYNC_BATCH = 250;
const MAX_DELAY_MS = 60_000;

export interface SyncState {
  sending: boolean;
  online: boolean;
  /** Failed attempts in a row; 0 after a success. */
  failures: number;
  nextRetryAt: number | null;
  lastError: string | null;
  /** The server answered that it is briefly unavailable (503): the records wait on the phone. */
  busy: boolean;
  signedOut: boolean;
  lastSentAt: number | null;
}

let state: SyncState = {
  sending: false,
  online: typeof navigator === 'undefined' ? true : navigator.onLine,
  failures: 0,
  nextRetryAt: null,
  lastError: null,
  busy: false,
  signedOut: false,
  lastSentAt: null,
};
const listeners = new Set<() => void>();
const set = (patch: Partial<SyncState>) => {
  state = { ...state, ...patch };
  for (const l of listeners) l();
};

let timer: ReturnType<typeof setTimeout> | null = null;
let again = false;

function scheduleRetry(): void {
  if (timer) clearTimeout(timer);
  const base = Math.min(MAX_DELAY_MS, 1000 * 2 ** Math.min(state.failures - 1, 10));
  const delay = Math.round(base * (0.8 + Math.random() * 0.4));
  set({ nextRetryAt: Date.now() + delay });
  timer = setTimeout(() => {
    timer = null;
    void syncNow();
  }, delay);
}

/** Sends everything waiting, batch by batch; resolves when done or when it has scheduled a retry. */
export async function syncNow(): Promise<void> {
  if (state.sending) {
    again = true;
    return;
  }
  if (timer) {
    clearTimeout(timer);
    timer = null;
  }
  set({ sending: true, nextRetryAt: null });
  try {
    for (const queue of QUEUES)
      for (;;) {
        if (!(await queue.batch())) break;
      }
    set({ failures: 0, lastError: null, busy: false });
  } catch (err) {
    if (err instanceof SignedOut) {
      set({ signedOut: true, lastError: 'Sign in again to send your records' });
      return;
    }
    set({
      failures: state.failures + 1,
      busy: err instanceof ApiError && err.status === 503,
      lastError:
        err instanceof ApiError && err.code === 'NETWORK'
          ? 'No connection'
          : err instanceof Error
            ? err.message
            : 'Sending failed',
    });
    scheduleRetry();
  } finally {
    set({ sending: false });
    if (again) {
      again = false;
      void syncNow();
    }
  }
}

class SignedOut extends Error {}

function drain<T extends Queued>(queue: Queue<T>): Drain {
  const { table } = queue;
  const mark = (ids: string[], change: (item: T) => void) =>
    ids.length === 0 ? Promise.resolve(0) : table.where('id').anyOf(ids).modify(change);
  return {
    batch: async () => {
      const batch = await table.where('state').equals('waiting').limit(SYNC_BATCH).toArray();
      if (batch.length === 0) return false;
      let answer: Answer & { unmatched?: string[] };
      try {
        answer = await queue.send(batch);
      } catch (err) {
        if (err instanceof ApiError && err.status === 401) throw new SignedOut();
        if (err instanceof ApiError && err.status === 400) {
          // The batch can never be taken as it is: mark it, so it is shown rather than retried for ever.
          const why = err.message || 'The server could not read these records';
          await mark(
            batch.map((r) => r.id),
            (item) => {
              item.state = 'refused';
              item.refusal = why;
            },
          );
          return true;
        }
        throw err;
      }
      const refusals = new Map(answer.refused.map((r) => [r.id, r.message]));
      await db.transaction('rw', table, async () => {
        await mark(answer.accepted, (item) => {
          item.state = 'sent';
          queue.accepted?.(item, answer);
        });
        await mark([...refusals.keys()], (item) => {
          item.state = 'refused';
          item.refusal = refusals.get(item.id);
        });
      });
      set({ lastSentAt: Date.now(), signedOut: false });
      return true;
    },
  };
}

let started = false;
/** Starts syncing in the background: now, when back online, when the app comes to the front. */
export function startSync(): void {
  if (started) return;
  started = true;
  window.addEventListener('online', () => {
    set({ online: true, failures: 0 });
    void syncNow();
  });
  window.addEventListener('offline', () => set({ online: false }));
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') void syncNow();
  });
  void syncNow();
}

export function useSyncState(): SyncState {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => state,
  );
}
