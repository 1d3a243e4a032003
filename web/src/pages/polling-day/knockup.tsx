/**
 * Knocking-up on polling day: a walk's pledges who have not voted yet, in walking order. With a signal the
 * list is fetched again every half minute, so those the tellers report drop off as it happens; with none,
 * the last list stays on the phone. What the knocker hears is kept on the phone and sent in the background;
 * "already voted" takes the pledge off the list at once.
 */
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useParams } from 'react-router';
import { api } from '../../api.ts';
import { Empty } from '../../components/ui.tsx';
import { db, type LocalKnockup } from '../../doorstep/db.ts';
import { syncNow } from '../../doorstep/sync.ts';
import { useT } from '../../i18n/index.ts';
import { timeOnly } from '../../format.ts';
import { keys } from '../../query-keys.ts';
import { KNOCKUP_RESULTS, type KnockupResult } from '../../polling-day.ts';
import { NotOnPhone, useLive, Shell } from '../doorstep/shell.tsx';
import { RoundMap } from './round-map.tsx';

/** How often the list is fetched again while there is a signal. */
const REFRESH_MS = 30_000;

export function KnockupPage() {
  const { electionId = '', walkId = '' } = useParams();
  const t = useT();
  const key = `${electionId}|${walkId}`;
  // "Needs a lift": the elector asked when they want to go, before it is recorded.
  const [liftFor, setLiftFor] = useState<string | null>(null);
  const [liftAt, setLiftAt] = useState('');
  const fetched = useQuery({
    queryKey: keys.knockupList(electionId, walkId),
    queryFn: ({ signal }) =>
      api.polling[':id'].knockup[':walkId'].$get({ params: { id: electionId, walkId }, signal }),
    refetchInterval: REFRESH_MS,
    retry: false,
  });
  // Each list fetched is kept on the phone, for the streets with no signal.
  useEffect(() => {
    if (fetched.data) void db.knockupLists.put({ ...fetched.data, key, electionId });
  }, [fetched.data, key, electionId]);
  const list = useLive(() => db.knockupLists.get(key), key);
  const heard = useLive(
    () => db.knockups.where('[electionId+walkId]').equals([electionId, walkId]).sortBy('madeAt'),
    key,
  );
  if (!list)
    return (
      <NotOnPhone
        title={t('knockup.title')}
        loading={list === undefined && fetched.isPending}
        message="knockup.notOnPhone"
      />
    );
  const latest = new Map<string, LocalKnockup>();
  for (const h of heard ?? []) latest.set(h.electorId, h);
  const left = list.electors.filter((e) => latest.get(e.id)?.result !== 'voted');
  const record = async (electorId: string, result: KnockupResult, liftAt?: string) => {
    await db.knockups.add({
      id: crypto.randomUUID(),
      electionId,
      walkId,
      electorId,
      result,
      madeAt: new Date().toISOString(),
      ...(liftAt ? { liftAt } : {}),
      state: 'waiting',
    });
    setLiftFor(null);
    setLiftAt('');
    void syncNow();
  };
  return (
    <Shell title={list.walk.name}>
      <h1 className="text-2xl font-bold">{t('knockup.heading', { walk: list.walk.name })}</h1>
      <p className="mb-3 text-stone-600" data-testid="knockup-count">
        {list.round && `${t('knockup.round', { round: list.round })} · `}
        {t('knockup.summary', { left: left.length, pledges: list.pledges, at: timeOnly(list.at) })}
      </p>
      {left.length > 0 && <RoundMap electors={left} />}
      {left.length === 0 ? (
        <Empty>{t(list.pledges === 0 ? 'knockup.noPledges' : 'knockup.allVoted')}</Empty>
      ) : (
        <ol className="space-y-2">
          {left.map((e) => {
            const last = latest.get(e.id)?.result ?? e.lastResult;
            return (
              <li key={e.id} className="card" aria-label={e.name} data-elector-id={e.id}>
                <div className="flex flex-wrap items-baseline gap-2">
                  <span className="font-semibold">
                    {e.door}. {e.name}
                  </span>
                  <span className="text-xs text-stone-500">{e.number}</span>
                  {e.proxy && (
                    <span className="rounded bg-sky-100 px-1 text-xs text-sky-900">{t('knockup.proxy')}</span>
                  )}
                  {last && (
                    <span className="ml-auto text-sm text-stone-700">{t(`knockup.result.${last}`)}</span>
                  )}
                </div>
                <p className="text-sm text-stone-600">{e.address.join(', ')}</p>
                <div
                  className="mt-2 flex flex-wrap gap-2"
                  role="group"
                  aria-label={t('knockup.resultFor', { name: e.name })}
                >
                  {KNOCKUP_RESULTS.map((r) => (
                    <button
                      key={r}
                      type="button"
                      className="btn-secondary"
                      onClick={() => (r === 'lift' ? setLiftFor(e.id) : void record(e.id, r))}
                    >
                      {t(`knockup.result.${r}`)}
                    </button>
                  ))}
                </div>
                {liftFor === e.id && (
                  <form
                    className="mt-2 flex flex-wrap items-end gap-2"
                    onSubmit={(ev) => {
                      ev.preventDefault();
                      void record(e.id, 'lift', liftAt || undefined);
                    }}
                  >
                    <div>
                      <label htmlFor={`lift-${e.id}`} className="label">
                        {t('knockup.liftWhen')}
                      </label>
                      <input
                        id={`lift-${e.id}`}
                        type="time"
                        className="input"
                        value={liftAt}
                        onChange={(ev) => setLiftAt(ev.target.value)}
                      />
                    </div>
                    <button type="submit" className="btn">
                      {t('knockup.askLift')}
                    </button>
                    <button type="button" className="btn-secondary" onClick={() => setLiftFor(null)}>
                      {t('knockup.cancel')}
                    </button>
                  </form>
                )}
              </li>
            );
          })}
        </ol>
      )}
    </Shell>
  );
}
