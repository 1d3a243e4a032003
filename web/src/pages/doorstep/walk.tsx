/**
 * One walk at the door: its electors in walking order, an outcome in one tap, what was said. On a phone the
 * canvasser can take it one door at a time (the next door not yet done, done doors folded away), with the
 * campaign's script for the segment above.
 */
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { Empty, Loading } from '../../components/ui.tsx';
import {
  db,
  OUTCOMES,
  type IntentionCode,
  type LocalElector,
  type LocalRecord,
  type LocalWalk,
} from '../../doorstep/db.ts';
import { useLive, Shell } from './shell.tsx';
import { useT } from '../../i18n/index.ts';
import { until } from './home.tsx';
import { makeRecord, SpokeForm } from './spoke-form.tsx';

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
  const t = useT();
  const last = records.at(-1);
  const state = !last
    ? ''
    : last.state === 'waiting'
      ? t('record.waiting')
      : last.state === 'sent'
        ? t('record.sent')
        : t('record.refused', { reason: last.refusal ?? '' });
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
          <span className="rounded bg-red-100 px-1 text-xs text-red-900">{t('elector.warning')}</span>
        )}
        {elector.absent && (
          <span className="rounded bg-sky-100 px-1 text-xs text-sky-900">
            {t(`elector.absent.${elector.absent}`)}
          </span>
        )}
        {last && (
          <span className="ml-auto text-sm text-stone-700" data-testid="last-outcome">
            {last.intention
              ? t('elector.lastWithIntention', {
                  outcome: t(`outcome.${last.outcome}`),
                  intention: last.intention,
                  state,
                })
              : t('elector.last', { outcome: t(`outcome.${last.outcome}`), state })}
            {last.state === 'waiting' && (
              <button
                type="button"
                className="ml-2 underline"
                onClick={() => void db.records.delete(last.id)}
                aria-label={t('elector.undoLabel', { name: elector.name })}
              >
                {t('elector.undo')}
              </button>
            )}
          </span>
        )}
      </div>
      <div
        role="group"
        aria-label={t('elector.outcomeFor', { name: elector.name })}
        className="mt-1 flex flex-wrap gap-1"
      >
        {OUTCOMES.map((k) => (
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
            {t(`outcome.${k}`)}
          </button>
        ))}
      </div>
      {talking && <SpokeForm elector={elector} codes={codes} onDone={() => setTalking(false)} />}
    </li>
  );
}

type View = 'one' | 'all';
const VIEW_KEY = 'doorstep.view';
const savedView = (): View => (localStorage.getItem(VIEW_KEY) === 'one' ? 'one' : 'all');

interface Door {
  number: number;
  electors: LocalElector[];
  done: boolean;
}

/** A door: its address, "nobody in" for everyone there, and each elector's card. */
function DoorCard({
  door,
  walkId,
  byElector,
  codes,
}: {
  door: Door;
  walkId: string;
  byElector: Map<string, LocalRecord[]>;
  codes: IntentionCode[];
}) {
  const t = useT();
  const first = door.electors[0];
  if (!first) return null;
  return (
    <li className="card" aria-label={t('walk.door', { number: door.number, address: first.address })}>
      <div className="flex flex-wrap items-center gap-2">
        <h2 className="font-semibold">
          {t('walk.doorHeading', { number: door.number, address: first.address })}
        </h2>
        <button
          type="button"
          className="btn-secondary ml-auto text-sm"
          onClick={() => {
            for (const e of door.electors)
              void makeRecord({
                walkId,
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
          {t('walk.nobodyIn')}
        </button>
      </div>
      <ul>
        {door.electors.map((e) => (
          <ElectorCard key={e.id} elector={e} records={byElector.get(e.id) ?? []} codes={codes} />
        ))}
      </ul>
    </li>
  );
}

/** One door at a time: the chosen door (at first the first not done), the way on, and the done doors folded. */
function OneDoor({
  doors,
  walkId,
  byElector,
  codes,
}: {
  doors: Door[];
  walkId: string;
  byElector: Map<string, LocalRecord[]>;
  codes: IntentionCode[];
}) {
  const t = useT();
  // The door stays chosen while it is recorded (others may live there); the canvasser moves on.
  const [chosen, setChosen] = useState<number | null>(() => doors.find((d) => !d.done)?.number ?? null);
  const current = doors.find((d) => d.number === chosen);
  const index = current ? doors.indexOf(current) : -1;
  const nextOpen = doors.slice(index + 1).find((d) => !d.done) ?? doors.find((d) => !d.done && d !== current);
  const done = doors.filter((d) => d.done && d !== current);
  const go = (n: number) => {
    setChosen(n);
    requestAnimationFrame(() => document.getElementById('current-door')?.focus());
  };
  return (
    <div>
      {current ? (
        <section aria-labelledby="current-door">
          <h2 id="current-door" tabIndex={-1} className="mb-2 text-sm font-medium text-stone-600">
            {t(current.done ? 'walk.doorOfDone' : 'walk.doorOf', { index: index + 1, count: doors.length })}
          </h2>
          <ol>
            <DoorCard door={current} walkId={walkId} byElector={byElector} codes={codes} />
          </ol>
          <div className="mt-3 flex flex-wrap gap-2">
            <button
              type="button"
              className="btn-secondary"
              disabled={index <= 0}
              onClick={() => {
                const before = doors[index - 1];
                if (before) go(before.number);
              }}
            >
              {t('walk.previous')}
            </button>
            {nextOpen ? (
              <button type="button" className="btn ml-auto" onClick={() => go(nextOpen.number)}>
                {t('walk.next')}
              </button>
            ) : (
              <p className="ml-auto self-center text-sm font-medium text-green-800">{t('walk.othersDone')}</p>
            )}
          </div>
        </section>
      ) : (
        <p role="status" className="card font-medium text-green-800">
          {t('walk.allDone')}
        </p>
      )}
      {done.length > 0 && (
        <details className="mt-4">
          <summary className="cursor-pointer py-2">{t('walk.doneDoors', { count: done.length })}</summary>
          <ul className="divide-y divide-stone-200">
            {done.map((d) => (
              <li key={d.number}>
                <button
                  type="button"
                  className="min-h-11 w-full text-left underline"
                  onClick={() => go(d.number)}
                >
                  {t('walk.doorHeading', { number: d.number, address: d.electors[0]?.address ?? '' })}
                </button>
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}

export function DoorstepWalkPage() {
  const { id = '' } = useParams();
  const [view, setView] = useState<View>(savedView);
  const t = useT();
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
        <Empty>{t.rich('walk.notOnPhone', { link: (c) => <Link to="/doorstep">{c}</Link> })}</Empty>
      </Shell>
    );
  const byElector = new Map<string, LocalRecord[]>();
  for (const r of records) {
    const list = byElector.get(r.electorId);
    if (list) list.push(r);
    else byElector.set(r.electorId, [r]);
  }
  const grouped = new Map<number, LocalElector[]>();
  for (const e of electors) {
    const list = grouped.get(e.door);
    if (list) list.push(e);
    else grouped.set(e.door, [e]);
  }
  const doors: Door[] = [...grouped.entries()].map(([number, list]) => ({
    number,
    electors: list,
    done: list.some((e) => byElector.has(e.id)),
  }));
  const visited = doors.filter((d) => d.done).length;
  const choose = (v: View) => {
    localStorage.setItem(VIEW_KEY, v);
    setView(v);
  };
  return (
    <Shell title={walk.name}>
      <h1 className="text-xl font-bold">{walk.name}</h1>
      <p className="mb-3 text-sm text-stone-600">
        {t('walk.progress', { done: visited, doors: walk.doors, until: until(walk.expiresAt) })}
      </p>
      {walk.script && (
        <details open className="card mb-3 bg-amber-50">
          <summary className="cursor-pointer font-semibold">{t('walk.script')}</summary>
          <p className="mt-2 whitespace-pre-line" data-testid="script">
            {walk.script}
          </p>
        </details>
      )}
      <fieldset className="mb-3 flex flex-wrap items-center gap-2">
        <legend className="sr-only">{t('walk.show')}</legend>
        {(
          [
            ['one', t('walk.oneDoor')],
            ['all', t('walk.allDoors')],
          ] as const
        ).map(([v, label]) => (
          <label key={v} className="btn-secondary has-checked:border-orange-800 has-checked:bg-orange-50">
            <input
              type="radio"
              name="walk-view"
              className="sr-only"
              checked={view === v}
              onChange={() => choose(v)}
            />
            {label}
          </label>
        ))}
      </fieldset>
      {view === 'one' ? (
        <OneDoor doors={doors} walkId={id} byElector={byElector} codes={walk.codes} />
      ) : (
        <ol className="space-y-3">
          {doors.map((d) => (
            <DoorCard key={d.number} door={d} walkId={id} byElector={byElector} codes={walk.codes} />
          ))}
        </ol>
      )}
    </Shell>
  );
}
