/**
 * Sends what waits on the phone to the server — doorstep records, tellers' numbers, knockers' records — in
 * batches, one request at a time, idempotent (the server keeps each once, by its phone-made id, however
 * often it is sent). A failure — no signal, a server error — is retried with exponential backoff (1 s, 2 s,
 * 4 s … at most a minute, with jitter), and at once when the phone says it is back online. What the server
 * refuses is kept and shown, never retried.
 */
import type { EntityTable } from 'dexie';
import { useSyncExternalStore } from 'react';
import { db, toWire, type LocalKnockup, type LocalRecord, type LocalTelling } from './db.ts';

interface Queued {
  id: string;
  state: 'waiting' | 'sent' | 'refused';
}

/** One kind of thing the phone sends: its table, where it goes, and its wire form. */
interface Queue<T extends Queued> {
  table: EntityTable<T, 'id'>;
  url: string;
  field: string;
  wire: (item: T) => unknown;
  /** Changes to make to accepted items, from the server's answer (beyond being marked sent). */
  accepted?: (result: Record<string, unknown>, id: string) => Partial<T>;
}
const queue = <T extends Queued>(q: Queue<T>) => q as unknown as Queue<Queued>;

const QUEUES: Queue<Queued>[] = [
  queue<LocalRecord>({ table: db.records, url: '/api/doorstep/records', field: 'records', wire: toWire }),
  queue<LocalTelling>({
    table: db.telling,
    url: '/api/polling/telling',
    field: 'entries',
    wire: ({ id, stationId, entered, takenAt, undone }) => ({ id, stationId, entered, takenAt, undone }),
    accepted: (result, id) => ({
      unmatched: (result.unmatched as string[] | undefined)?.includes(id) ?? false,
    }),
  }),
  queue<LocalKnockup>({
    table: db.knockups,
    url: '/api/polling/knockup',
    field: 'records',
    wire: ({ id, electionId, walkId, electorId, result, madeAt }) => ({
      id,
      electionId,
      walkId,
      electorId,
      result,
      madeAt,
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
  signedOut: boolean;
  lastSentAt: number | null;
}

let state: SyncState = {
  sending: false,
  online: typeof navigator === 'undefined' ? true : navigator.onLine,
  failures: 0,
  nextRetryAt: null,
  lastError: null,
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
        if (!(await sendBatch(queue))) break;
      }
    set({ failures: 0, lastError: null });
  } catch (err) {
    if (err instanceof SignedOut) {
      set({ signedOut: true, lastError: 'Sign in again to send your records' });
      return;
    }
    set({
      failures: state.failures + 1,
      lastError:
        err instanceof TypeError ? 'No connection' : err instanceof Error ? err.message : 'Sending failed',
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

/** Sends one batch of a queue; false when nothing more is waiting in it. */
async function sendBatch(queue: Queue<Queued>): Promise<boolean> {
  const { table } = queue;
  const batch = await table.where('state').equals('waiting').limit(SYNC_BATCH).toArray();
  if (batch.length === 0) return false;
  const response = await fetch(queue.url, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ [queue.field]: batch.map(queue.wire) }),
  });
  if (response.status === 401) throw new SignedOut();
  if (response.status === 400) {
    // The batch can never be taken as it is: mark it, so it is shown rather than retried for ever.
    const body = (await response.json().catch(() => ({}))) as { error?: { message?: string } };
    const why = body.error?.message ?? 'The server could not read these records';
    await table.bulkUpdate(
      batch.map((r) => ({ key: r.id, changes: { state: 'refused', refusal: why } as Partial<Queued> })),
    );
    return true;
  }
  if (!response.ok) throw new Error(`The server answered ${response.status}`);
  const result = (await response.json()) as Record<string, unknown> & {
    accepted: string[];
    refused: { id: string; message: string }[];
  };
  await db.transaction('rw', table, async () => {
    await table.bulkUpdate(
      result.accepted.map((id) => ({
        key: id,
        changes: { state: 'sent', ...queue.accepted?.(result, id) },
      })),
    );
    await table.bulkUpdate(
      result.refused.map((r) => ({
        key: r.id,
        changes: { state: 'refused', refusal: r.message } as Partial<Queued>,
      })),
    );
  });
  set({ lastSentAt: Date.now(), signedOut: false });
  return true;
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
