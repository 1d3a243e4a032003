/**
 * Sends waiting records to the server: in batches, one request at a time, idempotent (the server keeps a
 * record once, by its phone-made id, however often it is sent). A failure — no signal, a server error —
 * is retried with exponential backoff (1 s, 2 s, 4 s … at most a minute, with jitter), and at once when
 * the phone says it is back online. Records the server refuses are kept and shown, never retried.
 */
import { useSyncExternalStore } from 'react';
import { db, toWire } from './db.ts';

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
    for (;;) {
      const batch = await db.records.where('state').equals('waiting').limit(SYNC_BATCH).toArray();
      if (batch.length === 0) break;
      const response = await fetch('/api/doorstep/records', {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ records: batch.map(toWire) }),
      });
      if (response.status === 401) {
        set({ signedOut: true, lastError: 'Sign in again to send your records' });
        return;
      }
      if (response.status === 400) {
        // The batch can never be taken as it is: mark it, so it is shown rather than retried for ever.
        const body = (await response.json().catch(() => ({}))) as { error?: { message?: string } };
        const why = body.error?.message ?? 'The server could not read these records';
        await db.records.bulkUpdate(
          batch.map((r) => ({ key: r.id, changes: { state: 'refused' as const, refusal: why } })),
        );
        continue;
      }
      if (!response.ok) throw new Error(`The server answered ${response.status}`);
      const result = (await response.json()) as {
        accepted: string[];
        refused: { id: string; message: string }[];
      };
      await db.transaction('rw', db.records, async () => {
        await db.records.bulkUpdate(
          result.accepted.map((id) => ({ key: id, changes: { state: 'sent' as const } })),
        );
        await db.records.bulkUpdate(
          result.refused.map((r) => ({
            key: r.id,
            changes: { state: 'refused' as const, refusal: r.message },
          })),
        );
      });
      set({ lastSentAt: Date.now(), signedOut: false });
    }
    set({ failures: 0, lastError: null });
  } catch (err) {
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
