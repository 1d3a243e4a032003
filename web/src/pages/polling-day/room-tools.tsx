/**
 * The committee room's tools: the presiding officers' turnout entered by station, paper telling slips typed
 * in (whole or not at all, each bad number named) and the station-hours no numbers have come from, the
 * knock-up walks sent out to people with the next ones suggested. The drivers and their lifts are in drivers.tsx.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type SyntheticEvent } from 'react';
import { api } from '../../api.ts';
import { Empty, ErrorNote, Loading, Success } from '../../components/ui.tsx';
import { timeOnly } from '../../format.ts';
import type { CommitteeRoom } from '../../polling-day.ts';
import { keys } from '../../query-keys.ts';
import { fmt, pct } from '../canvass/shared.ts';
import { PickMemberThen, useBranchMembers } from '../canvass/member-picker.tsx';
import { useT } from '../../i18n/index.ts';

type Station = CommitteeRoom['stations'][number];

/** The presiding officer's latest figure beside the pledges, and a form to enter the next. */
export function StationTurnout({ dayId, station }: { dayId: string; station: Station }) {
  const qc = useQueryClient();
  const [voted, setVoted] = useState('');
  const inputId = useId();
  const save = useMutation({
    mutationFn: () =>
      api.polling[':id'].stations[':stationId'].turnout.$post({
        params: { id: dayId, stationId: station.id },
        body: { voted: Number(voted) },
      }),
    onSuccess: (room) => {
      qc.setQueryData(keys.committeeRoom(dayId), room);
      setVoted('');
    },
  });
  const t = useT();
  const po = station.turnout;
  return (
    <div className="mt-2 text-sm">
      <p data-testid="station-turnout">
        {po
          ? t('room.poTurnout', {
              voted: fmt(po.voted),
              time: timeOnly(po.at),
              ours: fmt(station.voted),
              share: pct(po.voted ? station.voted / po.voted : 0),
              pledgeShare: pct(station.pledges ? station.voted / station.pledges : 0),
              pledges: fmt(station.pledges),
            })
          : t('room.noPoTurnout')}
      </p>
      <form
        className="mt-1 flex flex-wrap items-end gap-2"
        onSubmit={(e: SyntheticEvent) => {
          e.preventDefault();
          save.mutate();
        }}
      >
        <div>
          <label htmlFor={inputId} className="label">
            {t('room.turnoutNow', { station: station.name })}
          </label>
          <input
            id={inputId}
            className="input w-32"
            inputMode="numeric"
            pattern="[0-9]*"
            value={voted}
            onChange={(e) => setVoted(e.target.value.replace(/\D/g, '').slice(0, 7))}
          />
        </div>
        <button type="submit" className="btn-secondary" disabled={!voted || save.isPending}>
          {t('room.recordTurnout')}
        </button>
      </form>
      <ErrorNote error={save.error} />
    </div>
  );
}

/** Paper slips typed in, and the grid of station-hours with the numbers that came (none: a slip missing). */
export function PaperSlips({ dayId, stations }: { dayId: string; stations: Station[] }) {
  const qc = useQueryClient();
  const hours = useQuery({
    queryKey: [...keys.committeeRoom(dayId), 'hours'],
    queryFn: ({ signal }) => api.polling[':id']['telling-hours'].$get({ params: { id: dayId }, signal }),
    refetchInterval: 30_000,
  });
  const [stationId, setStationId] = useState(stations[0]?.id ?? '');
  const [hour, setHour] = useState('');
  const [numbers, setNumbers] = useState('');
  const [otherDistricts, setOtherDistricts] = useState(false);
  const chosenHour = hour || hours.data?.hours.at(-1) || '';
  const save = useMutation({
    mutationFn: () =>
      api.polling[':id'].slips.$post({
        params: { id: dayId },
        body: { stationId, hour: chosenHour, numbers, otherDistricts },
      }),
    onSuccess: () => {
      setNumbers('');
      setOtherDistricts(false);
      void qc.invalidateQueries({ queryKey: keys.committeeRoom(dayId) });
    },
  });
  const count = numbers.split(/[\s,;]+/).filter(Boolean).length;
  const t = useT();
  return (
    <section aria-labelledby="slips" className="space-y-3">
      <h3 id="slips" className="text-lg font-semibold">
        {t('room.slips')}
      </h3>
      <form
        className="card space-y-2"
        onSubmit={(e: SyntheticEvent) => {
          e.preventDefault();
          save.mutate();
        }}
      >
        <div className="flex flex-wrap gap-3">
          <div>
            <label htmlFor="slip-station" className="label">
              {t('room.station')}
            </label>
            <select
              id="slip-station"
              className="input"
              value={stationId}
              onChange={(e) => setStationId(e.target.value)}
            >
              {stations.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name} ({s.districts.join(', ')})
                </option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor="slip-hour" className="label">
              {t('room.slipHour')}
            </label>
            <select
              id="slip-hour"
              className="input"
              value={chosenHour}
              onChange={(e) => setHour(e.target.value)}
              disabled={!hours.data?.hours.length}
            >
              {(hours.data?.hours ?? []).map((h) => (
                <option key={h} value={h}>
                  {h}
                </option>
              ))}
            </select>
          </div>
        </div>
        <div>
          <label htmlFor="slip-numbers" className="label">
            {t('room.slipNumbers')}
          </label>
          <textarea
            id="slip-numbers"
            className="input h-28 w-full font-mono"
            aria-describedby="slip-help"
            value={numbers}
            onChange={(e) => setNumbers(e.target.value)}
          />
          <p id="slip-help" className="text-sm text-stone-600">
            {t('room.slipHelp')} {count > 0 && t('room.slipCount', { count })}
          </p>
        </div>
        <label className="flex items-center gap-2">
          <input
            type="checkbox"
            checked={otherDistricts}
            onChange={(e) => setOtherDistricts(e.target.checked)}
          />
          {t('room.otherDistricts')}
        </label>
        <button type="submit" className="btn" disabled={!count || !chosenHour || save.isPending}>
          {save.isPending ? t('room.recording') : t('room.recordSlip')}
        </button>
        <ErrorNote error={save.error} />
        {save.data && (
          <Success>
            {save.data.unmatched.length > 0
              ? t('room.slipUnmatched', {
                  stored: fmt(save.data.stored),
                  count: save.data.unmatched.length,
                  numbers: save.data.unmatched.join(', '),
                })
              : t('room.slipRecorded', { stored: fmt(save.data.stored) })}
          </Success>
        )}
      </form>
      {hours.isPending ? (
        <Loading />
      ) : hours.error ? (
        <ErrorNote error={hours.error} />
      ) : hours.data.hours.length === 0 ? (
        <Empty>{t('room.notOpen')}</Empty>
      ) : (
        <div
          className="overflow-x-auto"
          // Many hours scroll sideways on a phone: the region takes focus, so a keyboard can scroll it too.
          // eslint-disable-next-line jsx-a11y-x/no-noninteractive-tabindex
          tabIndex={0}
          role="region"
          aria-label={t('room.hoursCaption')}
        >
          <table className="text-sm">
            <caption className="mb-1 text-left font-semibold">{t('room.hoursCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('room.station')}</th>
                {hours.data.hours.map((h) => (
                  <th key={h} scope="col" className="px-1">
                    {h}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {hours.data.stations.map((s) => (
                <tr key={s.id}>
                  <th scope="row" className="pr-2 text-left">
                    {s.name}
                  </th>
                  {s.phone.map((p, i) => {
                    const n = p + (s.slip[i] ?? 0);
                    return (
                      <td
                        key={hours.data.hours[i]}
                        className={`px-1 text-center ${n === 0 ? 'bg-amber-100 text-amber-900' : ''}`}
                      >
                        {n === 0 ? <abbr title={t('room.slipMissing')}>–</abbr> : fmt(n)}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/**
 * The next rounds suggested: walks not out yet, ranked by pledges still to vote per door (the most votes for
 * the walking), with the hours left.
 */
export function SuggestedRounds({ room }: { room: CommitteeRoom }) {
  const suggested = room.walks
    .filter((w) => w.out.length === 0 && w.left > 0)
    .map((w) => ({ ...w, perDoor: w.doors ? w.left / w.doors : 0 }))
    .sort((a, b) => b.perDoor - a.perDoor)
    .slice(0, 3);
  const t = useT();
  return (
    <div className="card mb-2" data-testid="suggested-rounds">
      <h4 className="font-semibold">{t('room.sendNext')}</h4>
      {room.hoursLeft > 0 && (
        <p className="text-sm text-stone-600">{t('room.hoursLeft', { hours: room.hoursLeft.toFixed(1) })}</p>
      )}
      {suggested.length === 0 ? (
        <p className="text-sm text-stone-600">{t('room.allOut')}</p>
      ) : (
        <ul className="text-sm">
          {suggested.map((w) => (
            <li key={w.id}>
              {t('room.suggested', {
                walk: w.name,
                left: fmt(w.left),
                doors: fmt(w.doors),
                perDoor: w.perDoor.toFixed(2),
              })}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** Sends a walk out for knocking-up with a member of the branch, until the polls close. */
export function SendOut({
  walk,
  hoursLeft,
  branchId,
}: {
  walk: { id: string; name: string };
  hoursLeft: number;
  branchId: string;
}) {
  const qc = useQueryClient();
  const members = useBranchMembers(branchId);
  const send = useMutation({
    mutationFn: (memberId: string) =>
      api.canvass.walks[':id'].assignments.$post({
        params: { id: walk.id },
        body: { memberId, hours: Math.max(1, Math.ceil(hoursLeft)) },
      }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['committee-room'] }),
  });
  const t = useT();
  return (
    <span className="flex flex-wrap items-center gap-2">
      <PickMemberThen
        id={`round-${walk.id}`}
        label={t('room.sendWith', { walk: walk.name })}
        placeholder={t('room.sendPlaceholder')}
        members={members.data?.items}
        action={t('room.sendOut')}
        pending={send.isPending}
        onPick={(memberId) => send.mutateAsync(memberId)}
      />
      <ErrorNote error={send.error} />
    </span>
  );
}
