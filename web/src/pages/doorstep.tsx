/**
 * The doorstep app (phone first, installable, works with no signal). The canvasser downloads an assigned
 * walk while online; after that every screen reads and writes IndexedDB only, and records are sent in the
 * background. The sync bar at the top always says how many records are waiting.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { liveQuery } from 'dexie';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { api, ApiError } from '../api.ts';
import { Empty, ErrorNote, Loading } from '../components/ui.tsx';
import {
  db,
  FLAGS,
  forgetEndedWalks,
  forgetWalk,
  OUTCOMES,
  type Flag,
  type IntentionCode,
  type LocalElector,
  type LocalRecord,
  type LocalWalk,
  type Outcome,
} from '../doorstep/db.ts';
import type { AssignedWalks, WalkDownload } from '../canvass.ts';
import { startSync, syncNow, useSyncState } from '../doorstep/sync.ts';

/**
 * Subscribes to an IndexedDB query; re-runs when the data it read changes. `key` names what the query
 * depends on (the walk or elector it reads): a new key subscribes afresh.
 */
function useLive<T>(query: () => Promise<T>, key: string): T | undefined {
  const [value, setValue] = useState<T>();
  const latest = useRef(query);
  useEffect(() => {
    latest.current = query;
  });
  useEffect(() => {
    const sub = liveQuery(() => latest.current()).subscribe({
      next: setValue,
      error: () => setValue(undefined),
    });
    return () => sub.unsubscribe();
  }, [key]);
  return value;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function SyncBar() {
  const s = useSyncState();
  const waiting = useLive(() => db.records.where('state').equals('waiting').count(), 'all') ?? 0;
  const refused = useLive(() => db.records.where('state').equals('refused').count(), 'all') ?? 0;
  // The clock for the retry countdown, read in an effect (a render must not read the time).
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!s.nextRetryAt) return;
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, [s.nextRetryAt]);
  let detail = '';
  if (waiting > 0) {
    if (s.sending) detail = 'Sending…';
    else if (s.signedOut) detail = 'Sign in again to send them.';
    else if (s.nextRetryAt)
      detail = `${s.lastError ?? 'Not sent'}; trying again in ${Math.max(0, Math.ceil((s.nextRetryAt - now) / 1000))} s.`;
    else if (!s.online) detail = 'No signal: they will send when you have one.';
  }
  return (
    <div
      className={`sticky top-0 z-10 border-b px-4 py-2 text-sm ${waiting > 0 ? 'border-amber-300 bg-amber-50 text-amber-950' : 'border-green-300 bg-green-50 text-green-950'}`}
    >
      <div className="mx-auto flex max-w-2xl flex-wrap items-center gap-2">
        <p role="status" aria-live="polite" data-testid="sync-state" className="font-semibold">
          {waiting > 0 ? `${plural(waiting, 'record')} waiting` : 'All records sent'}
        </p>
        {detail && <span>{detail}</span>}
        {refused > 0 && (
          <span className="text-red-800">
            {plural(refused, 'record')} refused by the server (see the door for why)
          </span>
        )}
        {waiting > 0 && !s.sending && (
          <button type="button" className="ml-auto underline" onClick={() => void syncNow()}>
            Send now
          </button>
        )}
        {s.signedOut && (
          <Link className="link" to="/sign-in?next=/doorstep">
            Sign in
          </Link>
        )}
      </div>
    </div>
  );
}

function Shell({ children, title }: { children: ReactNode; title: string }) {
  useEffect(() => {
    startSync();
    void forgetEndedWalks();
  }, []);
  return (
    <div className="min-h-screen">
      <SyncBar />
      <header className="border-b border-stone-200 bg-white">
        <div className="mx-auto flex max-w-2xl items-center gap-3 px-4 py-2">
          <Link to="/doorstep" className="text-lg font-bold text-orange-900">
            Doorstep
          </Link>
          <span className="truncate text-stone-600">{title}</span>
          <Link to="/" className="link ml-auto text-sm">
            Broadchurch
          </Link>
        </div>
      </header>
      <main id="main" className="mx-auto max-w-2xl px-4 py-4">
        {children}
      </main>
    </div>
  );
}

async function download(id: string): Promise<void> {
  const d = await api<WalkDownload>(`/api/doorstep/walks/${id}`);
  await db.transaction('rw', [db.walks, db.electors], async () => {
    await db.electors.where({ walkId: id }).delete();
    await db.electors.bulkAdd(d.electors.map((e, position) => ({ ...e, walkId: id, position })));
    await db.walks.put({ ...d.walk, codes: d.codes, downloadedAt: new Date().toISOString() });
  });
}

const until = (iso: string) =>
  new Date(iso).toLocaleString('en-GB', { weekday: 'short', hour: '2-digit', minute: '2-digit' });

export function DoorstepHomePage() {
  const qc = useQueryClient();
  const assigned = useQuery({
    queryKey: ['doorstep-walks'],
    queryFn: () => api<AssignedWalks>('/api/doorstep/walks'),
    retry: false,
  });
  const local = useLive(() => db.walks.toArray(), 'all');
  const progress = useLive(async () => {
    const map = new Map<string, number>();
    for (const r of await db.records.toArray()) map.set(r.walkId, (map.get(r.walkId) ?? 0) + 1);
    return map;
  }, 'all');
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const get = async (id: string) => {
    setBusy(id);
    setError(null);
    try {
      await download(id);
      await qc.invalidateQueries({ queryKey: ['doorstep-walks'] });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  };
  const downloaded = new Set((local ?? []).map((w) => w.id));
  const signedOut = assigned.error instanceof ApiError && assigned.error.status === 401;
  const offline = assigned.error instanceof ApiError && assigned.error.status === 0;
  return (
    <Shell title="My walks">
      <h1 className="mb-3 text-2xl font-bold">My walks</h1>
      <section aria-labelledby="on-phone" className="mb-6">
        <h2 id="on-phone" className="mb-2 text-lg font-semibold">
          On this phone
        </h2>
        {local === undefined ? (
          <Loading />
        ) : local.length === 0 ? (
          <Empty>No walks on this phone yet. Download an assigned walk while you have a signal.</Empty>
        ) : (
          <ul className="space-y-2">
            {local.map((w) => (
              <li key={w.id} className="card flex flex-wrap items-center gap-2">
                <div className="min-w-0 flex-1">
                  <Link to={`/doorstep/walks/${w.id}`} className="link font-semibold">
                    {w.name}
                  </Link>
                  <p className="text-sm text-stone-600">
                    {plural(w.doors, 'door')} · {plural(progress?.get(w.id) ?? 0, 'record')} made · until{' '}
                    {until(w.expiresAt)}
                  </p>
                </div>
                <button type="button" className="btn-secondary" onClick={() => void forgetWalk(w.id)}>
                  Remove from this phone
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="assigned">
        <h2 id="assigned" className="mb-2 text-lg font-semibold">
          Assigned to me
        </h2>
        {assigned.isPending ? (
          <Loading label="Looking for your walks…" />
        ) : signedOut ? (
          <p>
            <Link className="link" to="/sign-in?next=/doorstep">
              Sign in
            </Link>{' '}
            to download your walks.
          </p>
        ) : offline ? (
          <p className="text-stone-600">No signal: walks already on this phone still work.</p>
        ) : assigned.error ? (
          <ErrorNote error={assigned.error} />
        ) : assigned.data.walks.length === 0 ? (
          <Empty>No walks are assigned to you. Your organiser assigns them at the meeting point.</Empty>
        ) : (
          <ul className="space-y-2">
            {assigned.data.walks.map((w) => (
              <li key={w.id} className="card flex flex-wrap items-center gap-2">
                <div className="min-w-0 flex-1">
                  <p className="font-semibold">{w.name}</p>
                  <p className="text-sm text-stone-600">
                    {w.branch} · {plural(w.doors, 'door')} · until {until(w.expiresAt)}
                  </p>
                </div>
                <button type="button" className="btn" disabled={busy !== null} onClick={() => void get(w.id)}>
                  {busy === w.id
                    ? 'Downloading…'
                    : downloaded.has(w.id)
                      ? 'Download again'
                      : `Download ${w.name}`}
                </button>
              </li>
            ))}
          </ul>
        )}
        <ErrorNote error={error} />
      </section>
    </Shell>
  );
}

const outcomeLabel = (o: Outcome) => OUTCOMES.find(([k]) => k === o)?.[1] ?? o;

async function makeRecord(r: Omit<LocalRecord, 'id' | 'madeAt' | 'state'>): Promise<void> {
  await db.records.add({ ...r, id: crypto.randomUUID(), madeAt: new Date().toISOString(), state: 'waiting' });
  void syncNow();
}

/** The "spoke" form: intention and strength, flags, issues raised. */
function SpokeForm({
  elector,
  codes,
  onDone,
}: {
  elector: LocalElector;
  codes: IntentionCode[];
  onDone: () => void;
}) {
  const [intention, setIntention] = useState('');
  const [strength, setStrength] = useState<number | null>(null);
  const [flags, setFlags] = useState<Flag[]>([]);
  const [issues, setIssues] = useState('');
  const [note, setNote] = useState('');
  const id = `spoke-${elector.id}`;
  return (
    <form
      aria-label={`Conversation with ${elector.name}`}
      className="mt-2 space-y-3 rounded-lg bg-stone-50 p-3"
      onSubmit={(e) => {
        e.preventDefault();
        void makeRecord({
          walkId: elector.walkId,
          electorId: elector.id,
          outcome: 'spoke',
          intention: intention || null,
          strength: intention ? strength : null,
          flags,
          issues: issues
            .split(',')
            .map((s) => s.trim().toLowerCase())
            .filter(Boolean)
            .slice(0, 10),
          note: note.trim() || null,
        }).then(onDone);
      }}
    >
      <div>
        <label className="label" htmlFor={`${id}-intention`}>
          Voting intention
        </label>
        <select
          id={`${id}-intention`}
          className="input"
          value={intention}
          onChange={(e) => setIntention(e.target.value)}
        >
          <option value="">Not given</option>
          {codes.map((c) => (
            <option key={c.code} value={c.code}>
              {c.label} ({c.code})
            </option>
          ))}
        </select>
      </div>
      {intention && (
        <fieldset>
          <legend className="label">How firm</legend>
          <div className="flex gap-2">
            {(
              [
                [1, 'Soft'],
                [2, 'Leaning'],
                [3, 'Firm'],
              ] as const
            ).map(([v, label]) => (
              <label key={v} className="btn-secondary has-checked:border-orange-800 has-checked:bg-orange-50">
                <input
                  type="radio"
                  name={`${id}-strength`}
                  className="sr-only"
                  checked={strength === v}
                  onChange={() => setStrength(v)}
                />
                {label}
              </label>
            ))}
          </div>
        </fieldset>
      )}
      <fieldset>
        <legend className="label">Flags</legend>
        <div className="flex flex-wrap gap-3">
          {FLAGS.map(([k, label]) => (
            <label key={k} className="flex items-center gap-2">
              <input
                type="checkbox"
                className="size-5"
                checked={flags.includes(k)}
                onChange={(e) => setFlags((f) => (e.target.checked ? [...f, k] : f.filter((x) => x !== k)))}
              />
              {label}
            </label>
          ))}
        </div>
      </fieldset>
      <div>
        <label className="label" htmlFor={`${id}-issues`}>
          Issues raised (comma between each)
        </label>
        <input
          id={`${id}-issues`}
          className="input"
          value={issues}
          maxLength={300}
          placeholder="housing, potholes"
          onChange={(e) => setIssues(e.target.value)}
        />
      </div>
      <div>
        <label className="label" htmlFor={`${id}-note`}>
          Short note (no other people’s details)
        </label>
        <textarea
          id={`${id}-note`}
          className="input"
          rows={2}
          maxLength={280}
          value={note}
          onChange={(e) => setNote(e.target.value)}
        />
      </div>
      <div className="flex gap-2">
        <button type="submit" className="btn">
          Save
        </button>
        <button type="button" className="btn-secondary" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function ElectorCard({
  elector,
  records,
  codes,
}: {
  elector: LocalElector;
  records: LocalRecord[];
  codes: IntentionCode[];
}) {
  const [talking, setTalking] = useState(false);
  const last = records.at(-1);
  return (
    <li
      className="border-t border-stone-200 py-2 first:border-t-0"
      aria-label={elector.name}
      data-elector-id={elector.id}
    >
      <div className="flex flex-wrap items-baseline gap-2">
        <span className="font-medium">{elector.name}</span>
        <span className="text-xs text-stone-500">{elector.electorNumber}</span>
        {elector.warning && (
          <span className="rounded bg-red-100 px-1 text-xs text-red-900">Earlier: do not knock / moved</span>
        )}
        {last && (
          <span className="ml-auto text-sm text-stone-700" data-testid="last-outcome">
            {outcomeLabel(last.outcome)}
            {last.intention ? ` · ${last.intention}` : ''} ·{' '}
            {last.state === 'waiting'
              ? 'waiting'
              : last.state === 'sent'
                ? 'sent'
                : `refused: ${last.refusal ?? ''}`}
            {last.state === 'waiting' && (
              <button
                type="button"
                className="ml-2 underline"
                onClick={() => void db.records.delete(last.id)}
                aria-label={`Undo the last record for ${elector.name}`}
              >
                Undo
              </button>
            )}
          </span>
        )}
      </div>
      <div role="group" aria-label={`Outcome for ${elector.name}`} className="mt-1 flex flex-wrap gap-1">
        {OUTCOMES.map(([k, label]) => (
          <button
            key={k}
            type="button"
            className="min-h-11 rounded-lg border border-stone-300 bg-white px-3 text-sm hover:bg-stone-100"
            aria-pressed={k === 'spoke' ? talking : undefined}
            onClick={() => {
              if (k === 'spoke') setTalking(true);
              else
                void makeRecord({
                  walkId: elector.walkId,
                  electorId: elector.id,
                  outcome: k,
                  intention: null,
                  strength: null,
                  flags: [],
                  issues: [],
                  note: null,
                });
            }}
          >
            {label}
          </button>
        ))}
      </div>
      {talking && <SpokeForm elector={elector} codes={codes} onDone={() => setTalking(false)} />}
    </li>
  );
}

export function DoorstepWalkPage() {
  const { id = '' } = useParams();
  const walk = useLive<LocalWalk | null>(async () => (await db.walks.get(id)) ?? null, id);
  const electors = useLive(
    () => db.electors.where('[walkId+position]').between([id, 0], [id, Infinity]).toArray(),
    id,
  );
  const records = useLive(() => db.records.where({ walkId: id }).sortBy('madeAt'), id);
  if (walk === undefined || electors === undefined || records === undefined)
    return (
      <Shell title="">
        <Loading />
      </Shell>
    );
  if (walk === null)
    return (
      <Shell title="">
        <Empty>
          This walk is not on this phone. <Link to="/doorstep">Download it</Link> while you have a signal.
        </Empty>
      </Shell>
    );
  const doors = new Map<number, LocalElector[]>();
  for (const e of electors) {
    const list = doors.get(e.door);
    if (list) list.push(e);
    else doors.set(e.door, [e]);
  }
  const byElector = new Map<string, LocalRecord[]>();
  for (const r of records) {
    const list = byElector.get(r.electorId);
    if (list) list.push(r);
    else byElector.set(r.electorId, [r]);
  }
  const visited = [...doors.values()].filter((list) => list.some((e) => byElector.has(e.id))).length;
  return (
    <Shell title={walk.name}>
      <h1 className="text-xl font-bold">{walk.name}</h1>
      <p className="mb-3 text-sm text-stone-600">
        {visited} of {plural(walk.doors, 'door')} done · until {until(walk.expiresAt)}
      </p>
      <ol className="space-y-3">
        {[...doors.entries()].map(([door, list]) => {
          const first = list[0];
          if (!first) return null;
          return (
            <li key={door} className="card" aria-label={`Door ${door}: ${first.address}`}>
              <div className="flex flex-wrap items-center gap-2">
                <h2 className="font-semibold">
                  {door}. {first.address}
                </h2>
                <button
                  type="button"
                  className="btn-secondary ml-auto text-sm"
                  onClick={() => {
                    for (const e of list)
                      void makeRecord({
                        walkId: id,
                        electorId: e.id,
                        outcome: 'not_in',
                        intention: null,
                        strength: null,
                        flags: [],
                        issues: [],
                        note: null,
                      });
                  }}
                >
                  Nobody in
                </button>
              </div>
              <ul>
                {list.map((e) => (
                  <ElectorCard
                    key={e.id}
                    elector={e}
                    records={byElector.get(e.id) ?? []}
                    codes={walk.codes}
                  />
                ))}
              </ul>
            </li>
          );
        })}
      </ol>
    </Shell>
  );
}
