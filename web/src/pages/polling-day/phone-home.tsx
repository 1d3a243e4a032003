/**
 * Polling day on the doorstep app's home page: the stations this member tells at (opened once with a signal,
 * then on the phone) and the walks they knock up.
 */
import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router';
import { api } from '../../api.ts';
import { db } from '../../doorstep/db.ts';
import { useT } from '../../i18n/index.ts';
import { dateOnly } from '../../format.ts';
import { keys } from '../../query-keys.ts';
import { useLive } from '../doorstep/shell.tsx';

export function PollingDaySection() {
  const t = useT();
  const navigate = useNavigate();
  const stations = useQuery({
    queryKey: keys.tellerStations(),
    queryFn: ({ signal }) => api.polling.telling.stations.$get({ signal }),
    retry: false,
  });
  const knockups = useQuery({
    queryKey: keys.knockupWalks(),
    queryFn: ({ signal }) => api.polling.knockup.walks.$get({ signal }),
    retry: false,
  });
  const driving = useQuery({
    queryKey: keys.drivingDays(),
    queryFn: ({ signal }) => api.polling.driving.$get({ signal }),
    retry: false,
  });
  const onPhone = useLive(() => db.stations.toArray(), 'all') ?? [];
  const fromServer = stations.data?.stations ?? [];
  const all = [...onPhone, ...fromServer.filter((s) => !onPhone.some((p) => p.id === s.id))];
  const walks = knockups.data?.walks ?? [];
  const days = driving.data?.days ?? [];
  if (all.length === 0 && walks.length === 0 && days.length === 0) return null;
  const open = async (id: string) => {
    const station = fromServer.find((s) => s.id === id);
    if (station) await db.stations.put(station);
    await navigate(`/doorstep/telling/${id}`);
  };
  return (
    <section aria-labelledby="polling-day" className="mb-6">
      <h2 id="polling-day" className="mb-2 text-lg font-semibold">
        {t('telling.pollingDay')}
      </h2>
      <ul className="space-y-2">
        {all.map((s) => (
          <li key={s.id} className="card flex flex-wrap items-center gap-2">
            <div className="min-w-0 flex-1">
              <p className="font-semibold">{t('telling.tellAt', { station: s.name })}</p>
              <p className="text-sm text-stone-600">
                {t('telling.stationDay', { election: s.election, day: dateOnly(`${s.heldOn}T12:00:00Z`) })}
              </p>
            </div>
            <button
              type="button"
              className="btn"
              aria-label={t('telling.openLabel', { station: s.name })}
              onClick={() => void open(s.id)}
            >
              {t('telling.open')}
            </button>
          </li>
        ))}
        {walks.map((w) => (
          <li key={`${w.electionId}|${w.walkId}`} className="card flex flex-wrap items-center gap-2">
            <div className="min-w-0 flex-1">
              <p className="font-semibold">{t('knockup.walk', { walk: w.walk })}</p>
              <p className="text-sm text-stone-600">
                {t('telling.stationDay', { election: w.election, day: dateOnly(`${w.heldOn}T12:00:00Z`) })}
              </p>
            </div>
            <Link
              className="btn"
              aria-label={t('knockup.openLabel', { walk: w.walk })}
              to={`/doorstep/knockup/${w.electionId}/${w.walkId}`}
            >
              {t('knockup.open')}
            </Link>
          </li>
        ))}
        {days.map((d) => (
          <li key={`drive-${d.id}`} className="card flex flex-wrap items-center gap-2">
            <div className="min-w-0 flex-1">
              <p className="font-semibold">{t('lifts.drive', { election: d.name })}</p>
              <p className="text-sm text-stone-600">{t('lifts.waiting', { count: d.lifts })}</p>
            </div>
            <Link className="btn" to={`/doorstep/lifts/${d.id}`}>
              {t('lifts.open')}
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
