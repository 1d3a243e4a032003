/** The canvasser's walks: those assigned to them, downloaded for use with no signal. */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, ApiError } from '../../api.ts';
import { Empty, ErrorNote, Loading } from '../../components/ui.tsx';
import { db, forgetWalk } from '../../doorstep/db.ts';
import { useLive, Shell } from './shell.tsx';
import { PollingDaySection } from '../polling-day/phone-home.tsx';
import { useT } from '../../i18n/index.ts';
import { keys } from '../../query-keys.ts';
import { weekdayTime } from '../../format.ts';

/** Downloads a walk into IndexedDB (its electors replaced), for use with no signal. */
async function download(id: string): Promise<void> {
  const d = await api.doorstep.walks[':id'].$get({ params: { id } });
  await db.transaction('rw', [db.walks, db.electors], async () => {
    await db.electors.where({ walkId: id }).delete();
    await db.electors.bulkAdd(d.electors.map((e, position) => ({ ...e, walkId: id, position })));
    await db.walks.put({ ...d.walk, codes: d.codes, downloadedAt: new Date().toISOString() });
  });
}

export const until = weekdayTime;

export function DoorstepHomePage() {
  const qc = useQueryClient();
  const t = useT();
  const assigned = useQuery({
    queryKey: keys.doorstepWalks(),
    queryFn: ({ signal }) => api.doorstep.walks.$get({ signal }),
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
      await qc.invalidateQueries({ queryKey: keys.doorstepWalks() });
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
    <Shell title={t('doorstep.myWalks')}>
      <h1 className="mb-3 text-2xl font-bold">{t('doorstep.myWalks')}</h1>
      <PollingDaySection />
      <section aria-labelledby="on-phone" className="mb-6">
        <h2 id="on-phone" className="mb-2 text-lg font-semibold">
          {t('doorstep.onPhone')}
        </h2>
        {local === undefined ? (
          <Loading />
        ) : local.length === 0 ? (
          <Empty>{t('doorstep.noneOnPhone')}</Empty>
        ) : (
          <ul className="space-y-2">
            {local.map((w) => (
              <li key={w.id} className="card flex flex-wrap items-center gap-2">
                <div className="min-w-0 flex-1">
                  <Link to={`/doorstep/walks/${w.id}`} className="link font-semibold">
                    {w.name}
                  </Link>
                  <p className="text-sm text-stone-600">
                    {t('doorstep.walkOnPhone', {
                      doors: w.doors,
                      records: progress?.get(w.id) ?? 0,
                      until: until(w.expiresAt),
                    })}
                  </p>
                </div>
                <button type="button" className="btn-secondary" onClick={() => void forgetWalk(w.id)}>
                  {t('doorstep.remove')}
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="assigned">
        <h2 id="assigned" className="mb-2 text-lg font-semibold">
          {t('doorstep.assigned')}
        </h2>
        {assigned.isPending ? (
          <Loading label={t('doorstep.looking')} />
        ) : signedOut ? (
          <p>
            {t.rich('doorstep.signInToDownload', {
              link: (c) => (
                <Link className="link" to="/sign-in?next=/doorstep">
                  {c}
                </Link>
              ),
            })}
          </p>
        ) : offline ? (
          <p className="text-stone-600">{t('doorstep.noSignal')}</p>
        ) : assigned.error ? (
          <ErrorNote error={assigned.error} />
        ) : assigned.data.walks.length === 0 ? (
          <Empty>{t('doorstep.noneAssigned')}</Empty>
        ) : (
          <ul className="space-y-2">
            {assigned.data.walks.map((w) => (
              <li key={w.id} className="card flex flex-wrap items-center gap-2">
                <div className="min-w-0 flex-1">
                  <p className="font-semibold">{w.name}</p>
                  <p className="text-sm text-stone-600">
                    {t('doorstep.assignedWalk', {
                      branch: w.branch,
                      doors: w.doors,
                      until: until(w.expiresAt),
                    })}
                  </p>
                </div>
                <button type="button" className="btn" disabled={busy !== null} onClick={() => void get(w.id)}>
                  {busy === w.id
                    ? t('doorstep.downloading')
                    : downloaded.has(w.id)
                      ? t('doorstep.downloadAgain')
                      : t('doorstep.download', { walk: w.name })}
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
