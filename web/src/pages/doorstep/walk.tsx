/** One walk at the door: its electors in walking order, an outcome in one tap, what was said. */
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { Empty, Loading } from '../../components/ui.tsx';
import {
  db,
  FLAGS,
  OUTCOMES,
  type Flag,
  type IntentionCode,
  type LocalElector,
  type LocalRecord,
  type LocalWalk,
  type Outcome,
} from '../../doorstep/db.ts';
import { syncNow } from '../../doorstep/sync.ts';
import { useLive, plural, Shell } from './shell.tsx';
import { until } from './home.tsx';

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
