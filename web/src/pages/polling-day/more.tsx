/**
 * The committee room's other parts: numbers to check (they matched no one on the register), the day's
 * shifts made as canvass sessions for volunteers, and after the poll, the pledges' turnout and the tellers'
 * coverage from the marked register.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { api } from '../../api.ts';
import { Empty, ErrorNote, Loading, Success } from '../../components/ui.tsx';
import { timeOnly } from '../../format.ts';
import type { PollingDay } from '../../polling-day.ts';
import { keys } from '../../query-keys.ts';
import { fmt, pct } from '../canvass/shared.ts';
import { useT } from '../../i18n/index.ts';

export function NumbersToCheck({ id, count }: { id: string; count: number }) {
  const list = useQuery({
    queryKey: [...keys.committeeRoom(id), 'unmatched', count],
    queryFn: ({ signal }) => api.polling[':id'].unmatched.$get({ params: { id }, signal }),
    enabled: count > 0,
  });
  const t = useT();
  if (count === 0) return null;
  return (
    <section aria-labelledby="to-check">
      <h3 id="to-check" className="mb-1 text-lg font-semibold">
        {t('room.toCheck')}
      </h3>
      <p className="mb-2 text-sm text-stone-600">{t('room.toCheckHelp')}</p>
      {list.isPending ? (
        <Loading />
      ) : list.error ? (
        <ErrorNote error={list.error} />
      ) : (
        <ul className="flex flex-wrap gap-x-4 gap-y-1 font-mono">
          {list.data.entries.map((e) => (
            <li key={e.id} title={`${e.station}, ${timeOnly(e.takenAt)}`}>
              {e.entered} <span className="font-sans text-xs text-stone-500">{e.station}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function Shifts({ day, branchId }: { day: PollingDay; branchId: string }) {
  const qc = useQueryClient();
  const [kind, setKind] = useState<'telling' | 'knocking' | 'driving'>('telling');
  const [hours, setHours] = useState(2);
  const [meetingPoint, setMeetingPoint] = useState('');
  const make = useMutation({
    mutationFn: () =>
      api.polling[':id'].shifts.$post({ params: { id: day.id }, body: { kind, hours, meetingPoint } }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: keys.canvassSessions(branchId) }),
  });
  const t = useT();
  return (
    <section aria-labelledby="shifts">
      <h3 id="shifts" className="mb-1 text-lg font-semibold">
        {t('room.volunteers')}
      </h3>
      <p className="mb-2 text-sm text-stone-600">
        {t('room.shiftsHelp', { opens: day.opens, closes: day.closes })}
      </p>
      <div className="flex flex-wrap items-end gap-3">
        <label className="flex flex-col">
          <span className="label">{t('room.shiftsOf')}</span>
          <select
            className="input w-auto"
            value={kind}
            onChange={(e) => setKind(e.target.value as typeof kind)}
          >
            {(['telling', 'knocking', 'driving'] as const).map((k) => (
              <option key={k} value={k}>
                {t(`room.kind.${k}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col">
          <span className="label">{t('room.hoursEach')}</span>
          <input
            type="number"
            min={1}
            max={15}
            className="input w-24"
            value={hours}
            onChange={(e) => setHours(Number(e.target.value))}
          />
        </label>
        {kind !== 'telling' && (
          <label className="flex flex-col">
            <span className="label">{t('room.meetingPoint')}</span>
            <input className="input" value={meetingPoint} onChange={(e) => setMeetingPoint(e.target.value)} />
          </label>
        )}
        <button
          type="button"
          className="btn-secondary"
          disabled={make.isPending}
          onClick={() => make.mutate()}
        >
          {t('room.makeShifts')}
        </button>
      </div>
      <ErrorNote error={make.error} />
      {make.data && (
        <Success>
          {t.rich('room.shiftsMade', {
            count: make.data.sessions,
            link: (chunks) => (
              <Link className="link" to={`/canvass/${branchId}/sessions`}>
                {chunks}
              </Link>
            ),
          })}
        </Success>
      )}
    </section>
  );
}

export function AfterThePollView({ id }: { id: string }) {
  const after = useQuery({
    queryKey: keys.afterThePoll(id),
    queryFn: ({ signal }) => api.polling[':id'].after.$get({ params: { id }, signal }),
  });
  const t = useT();
  return (
    <section aria-labelledby="after">
      <h3 id="after" className="mb-1 text-lg font-semibold">
        {t('room.after')}
      </h3>
      {after.isPending ? (
        <Loading />
      ) : after.error ? (
        <ErrorNote error={after.error} />
      ) : !after.data.marked ? (
        <Empty>{t('room.afterEmpty')}</Empty>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full text-left">
            <caption className="mb-1 text-left text-sm text-stone-600">{t('room.fromMarked')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('room.district')}</th>
                <th scope="col">{t('room.pledgesWhoVoted')}</th>
                <th scope="col">{t('room.inPerson')}</th>
                <th scope="col">{t('room.byTellers')}</th>
              </tr>
            </thead>
            <tbody>
              {after.data.districts.map((d) => (
                <tr key={d.district}>
                  <th scope="row">{d.district}</th>
                  <td>
                    {t('room.ofShare', {
                      n: fmt(d.pledgesVoted),
                      total: fmt(d.pledges),
                      share: d.pledges ? pct(d.pledgesVoted / d.pledges) : '—',
                    })}
                  </td>
                  <td>{fmt(d.votedInPerson)}</td>
                  <td>
                    {fmt(d.told)} ({d.votedInPerson ? pct(d.told / d.votedInPerson) : '—'})
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
