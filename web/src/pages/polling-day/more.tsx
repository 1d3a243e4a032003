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

export function NumbersToCheck({ id, count }: { id: string; count: number }) {
  const list = useQuery({
    queryKey: [...keys.committeeRoom(id), 'unmatched', count],
    queryFn: ({ signal }) => api.polling[':id'].unmatched.$get({ params: { id }, signal }),
    enabled: count > 0,
  });
  if (count === 0) return null;
  return (
    <section aria-labelledby="to-check">
      <h3 id="to-check" className="mb-1 text-lg font-semibold">
        Numbers to check
      </h3>
      <p className="mb-2 text-sm text-stone-600">
        Tellers took these, but no one on the register has them: a misread card, or a district typed wrong.
      </p>
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
  return (
    <section aria-labelledby="shifts">
      <h3 id="shifts" className="mb-1 text-lg font-semibold">
        Volunteers for the day
      </h3>
      <p className="mb-2 text-sm text-stone-600">
        Shifts from {day.opens} to {day.closes}, made as canvass sessions: members sign up in one tap, anyone
        on the session’s public page. Telling makes shifts at each station.
      </p>
      <div className="flex flex-wrap items-end gap-3">
        <label className="flex flex-col">
          <span className="label">Shifts of</span>
          <select
            className="input w-auto"
            value={kind}
            onChange={(e) => setKind(e.target.value as typeof kind)}
          >
            <option value="telling">telling</option>
            <option value="knocking">knocking-up</option>
            <option value="driving">driving voters</option>
          </select>
        </label>
        <label className="flex flex-col">
          <span className="label">Hours each</span>
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
            <span className="label">Meeting point</span>
            <input className="input" value={meetingPoint} onChange={(e) => setMeetingPoint(e.target.value)} />
          </label>
        )}
        <button
          type="button"
          className="btn-secondary"
          disabled={make.isPending}
          onClick={() => make.mutate()}
        >
          Make shifts
        </button>
      </div>
      <ErrorNote error={make.error} />
      {make.data && (
        <Success>
          {fmt(make.data.sessions)} shifts made.{' '}
          <Link className="link" to={`/canvass/${branchId}/sessions`}>
            See them under Sessions
          </Link>
          .
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
  return (
    <section aria-labelledby="after">
      <h3 id="after" className="mb-1 text-lg font-semibold">
        After the poll
      </h3>
      {after.isPending ? (
        <Loading />
      ) : after.error ? (
        <ErrorNote error={after.error} />
      ) : !after.data.marked ? (
        <Empty>
          When the marked register comes, import it under Register with this election’s name: here you will
          see how many pledges voted and how many voters the tellers took.
        </Empty>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full text-left">
            <caption className="mb-1 text-left text-sm text-stone-600">From the marked register</caption>
            <thead>
              <tr>
                <th scope="col">District</th>
                <th scope="col">Pledges who voted</th>
                <th scope="col">Voted in person</th>
                <th scope="col">Taken by tellers</th>
              </tr>
            </thead>
            <tbody>
              {after.data.districts.map((d) => (
                <tr key={d.district}>
                  <th scope="row">{d.district}</th>
                  <td>
                    {fmt(d.pledgesVoted)} of {fmt(d.pledges)} (
                    {d.pledges ? pct(d.pledgesVoted / d.pledges) : '—'})
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
