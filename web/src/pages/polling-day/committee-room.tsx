/**
 * Polling day in the organisers' console: the branch's polling days, a new one set up (its pledges counted
 * before saving), and the committee room of one, refreshing itself: pledges' turnout by district and
 * station against the target, tellers on duty and their last sync, the knock-up walks and what is left on
 * each, numbers that matched no one; tellers put on duty; the absent voters list imported.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { api } from '../../api.ts';
import { PickMemberThen, useBranchMembers } from '../canvass/member-picker.tsx';
import { Empty, ErrorNote, Loading, Success } from '../../components/ui.tsx';
import { dateOnly, timeOnly } from '../../format.ts';
import type { CommitteeRoom, PollingDay } from '../../polling-day.ts';
import { keys } from '../../query-keys.ts';
import { fmt, pct } from '../canvass/shared.ts';
import { NewPollingDay } from './setup.tsx';
import { AfterThePollView, NumbersToCheck, Shifts } from './more.tsx';
import { PaperSlips, SendOut, StationTurnout, SuggestedRounds } from './room-tools.tsx';
import { DriversAndLifts } from './drivers.tsx';
import { PhoneBank } from './phone-bank.tsx';
import { useT } from '../../i18n/index.ts';

/** How often the committee room refreshes itself. */
const REFRESH_MS = 10_000;

export function PollingSection({ branchId }: { branchId: string }) {
  const days = useQuery({
    queryKey: keys.pollingDays(branchId),
    queryFn: ({ signal }) =>
      api.canvass.branches[':id']['polling-days'].$get({ params: { id: branchId }, signal }),
  });
  const [open, setOpen] = useState<string | null>(null);
  const t = useT();
  if (days.isPending) return <Loading />;
  if (days.error) return <ErrorNote error={days.error} />;
  const chosen = open ?? days.data.pollingDays[0]?.id ?? null;
  return (
    <div className="space-y-6">
      {days.data.pollingDays.length > 0 && (
        <nav aria-label={t('room.days')} className="flex flex-wrap gap-2">
          {days.data.pollingDays.map((d) => (
            <button
              key={d.id}
              type="button"
              className={d.id === chosen ? 'btn' : 'btn-secondary'}
              aria-current={d.id === chosen ? 'true' : undefined}
              onClick={() => setOpen(d.id)}
            >
              {d.name} · {dateOnly(`${d.heldOn}T12:00:00Z`)}
            </button>
          ))}
        </nav>
      )}
      {chosen ? <CommitteeRoomView id={chosen} branchId={branchId} /> : <Empty>{t('room.noDay')}</Empty>}
      <NewPollingDay branchId={branchId} onMade={setOpen} />
    </div>
  );
}

function CommitteeRoomView({ id, branchId }: { id: string; branchId: string }) {
  const room = useQuery({
    queryKey: keys.committeeRoom(id),
    queryFn: ({ signal }) => api.polling[':id']['committee-room'].$get({ params: { id }, signal }),
    refetchInterval: REFRESH_MS,
  });
  const t = useT();
  const day = useQuery({
    queryKey: keys.pollingDay(id),
    queryFn: ({ signal }) => api.polling[':id'].$get({ params: { id }, signal }),
  });
  if (room.isPending || day.isPending) return <Loading />;
  if (room.error || day.error) return <ErrorNote error={room.error ?? day.error} />;
  const r = room.data;
  const target = r.target;
  return (
    <section aria-labelledby="committee-room" className="space-y-6">
      <div className="flex flex-wrap items-baseline gap-2">
        <h2 id="committee-room" className="text-xl font-bold">
          {t('room.heading', { name: day.data.name })}
        </h2>
        <span className="text-sm text-stone-600" role="status" aria-live="polite">
          {t('room.updated', { time: timeOnly(r.at), seconds: REFRESH_MS / 1000 })}
        </span>
      </div>
      <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4">
        {[
          [
            t('room.pledgesVoted'),
            t('room.ofCount', { n: fmt(r.totals.voted), total: fmt(r.totals.pledges) }),
            'pledges-voted',
          ],
          [
            t('room.target'),
            target
              ? t('room.ofShare', {
                  n: fmt(r.totals.voted),
                  total: fmt(target),
                  share: pct(r.totals.voted / target),
                })
              : '—',
            '',
          ],
          [t('room.postal'), fmt(r.totals.postal), ''],
          [t('room.unmatched'), fmt(r.totals.unmatched), 'unmatched'],
        ].map(([k, v, testId]) => (
          <div key={k} className="card">
            <dt className="text-sm text-stone-600">{k}</dt>
            <dd className="text-2xl font-bold" data-testid={testId || undefined}>
              {v}
            </dd>
          </div>
        ))}
      </dl>
      <div className="overflow-x-auto">
        <table className="w-full text-left">
          <caption className="mb-1 text-left font-semibold">{t('room.byDistrict')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('room.district')}</th>
              <th scope="col">{t('room.pledges')}</th>
              <th scope="col">{t('room.voted')}</th>
              <th scope="col">{t('room.turnout')}</th>
            </tr>
          </thead>
          <tbody>
            {r.districts.map((d) => (
              <tr key={d.district}>
                <th scope="row">{d.district}</th>
                <td>{fmt(d.pledges)}</td>
                <td>{fmt(d.voted)}</td>
                <td>{d.pledges ? pct(d.voted / d.pledges) : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Stations room={r} day={day.data} branchId={branchId} />
      <PaperSlips dayId={id} stations={r.stations} />
      <section aria-labelledby="rounds">
        <h3 id="rounds" className="mb-2 text-lg font-semibold">
          {t('room.rounds')}
        </h3>
        <p className="mb-2 text-sm text-stone-600" data-testid="rounds">
          {t.rich('room.roundsAt', {
            times: () =>
              r.rounds.map((at, i) => (
                <span key={at}>
                  {i > 0 && ' · '}
                  {at === r.round ? <strong>{t('room.thisRound', { at })}</strong> : at}
                </span>
              )),
          })}
        </p>
        {r.walks.length > 0 && <SuggestedRounds room={r} />}
        {r.walks.length === 0 ? (
          <Empty>{t('room.noWalks')}</Empty>
        ) : (
          <ul className="space-y-2">
            {r.walks.map((w) => (
              <li key={w.id} className="card flex flex-wrap items-center gap-2">
                <span className="font-semibold">{w.name}</span>
                <span className="text-sm text-stone-600">
                  {t('room.walkLeft', { left: fmt(w.left), pledges: fmt(w.pledges) })} ·{' '}
                  {w.out.length
                    ? t('room.outWith', { names: w.out.map((o) => o.name).join(', ') })
                    : t('room.notOut')}
                </span>
                <SendOut walk={w} hoursLeft={r.hoursLeft} branchId={branchId} />
                <span className="ml-auto flex gap-3 text-sm">
                  <Link className="link" to={`/doorstep/knockup/${id}/${w.id}`}>
                    {t('room.knockupList')}
                  </Link>
                  <a
                    className="link"
                    href={api.polling[':id'].knockup[':walkId']['sheet.pdf'].$url({
                      params: { id, walkId: w.id },
                    })}
                  >
                    {t('room.print')}
                  </a>
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
      <PhoneBank dayId={id} />
      <DriversAndLifts day={day.data} branchId={branchId} />
      <NumbersToCheck id={id} count={r.totals.unmatched} />
      <Shifts day={day.data} branchId={branchId} />
      <AbsentVoters id={id} postal={r.totals.postal} />
      <AfterThePollView id={id} />
    </section>
  );
}

function Stations({ room, day, branchId }: { room: CommitteeRoom; day: PollingDay; branchId: string }) {
  const qc = useQueryClient();
  const members = useBranchMembers(branchId);
  const t = useT();
  const put = useMutation({
    mutationFn: ({ stationId, memberId, on }: { stationId: string; memberId: string; on: boolean }) =>
      api.polling[':id'].stations[':stationId'].tellers[on ? '$put' : '$delete']({
        params: { id: day.id, stationId },
        body: { memberId },
      }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: keys.pollingDay(day.id) });
      void qc.invalidateQueries({ queryKey: keys.committeeRoom(day.id) });
    },
  });
  return (
    <section aria-labelledby="stations">
      <h3 id="stations" className="mb-2 text-lg font-semibold">
        {t('room.stations')}
      </h3>
      <ErrorNote error={put.error} />
      <ul className="space-y-2">
        {room.stations.map((s) => (
          <li key={s.id} className="card" aria-label={s.name} data-testid="station">
            <div className="flex flex-wrap items-baseline gap-2">
              <span className="font-semibold">{s.name}</span>
              <span className="text-sm text-stone-600">
                {t('room.stationLine', {
                  districts: s.districts.join(', '),
                  voted: fmt(s.voted),
                  pledges: fmt(s.pledges),
                  count: s.numbersThisHour,
                })}
              </span>
            </div>
            <ul className="mt-1 text-sm">
              {s.tellers.length === 0 && <li className="text-amber-800">{t('room.noTeller')}</li>}
              {s.tellers.map((tl) => (
                <li key={tl.id} className="flex items-center gap-2">
                  {tl.lastSync
                    ? t('room.lastSent', { name: tl.name, time: timeOnly(tl.lastSync) })
                    : t('room.nothingSent', { name: tl.name })}
                  <button
                    type="button"
                    className="underline"
                    onClick={() => put.mutate({ stationId: s.id, memberId: tl.id, on: false })}
                  >
                    {t('room.takeOff')}
                  </button>
                </li>
              ))}
            </ul>
            <StationTurnout dayId={day.id} station={s} />
            <div className="mt-2">
              <PickMemberThen
                id={`teller-${s.id}`}
                label={t('room.putTeller', { station: s.name })}
                placeholder={t('room.tellerPlaceholder')}
                members={members.data?.items}
                action={t('room.putOnDuty')}
                pending={put.isPending}
                onPick={(memberId) => put.mutateAsync({ stationId: s.id, memberId, on: true })}
              />
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}

function AbsentVoters({ id, postal }: { id: string; postal: number }) {
  const qc = useQueryClient();
  const upload = useMutation({
    mutationFn: (file: File) => api.polling[':id']['absent-voters'].$post({ params: { id }, body: file }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: keys.committeeRoom(id) }),
  });
  const t = useT();
  return (
    <section aria-labelledby="absent">
      <h3 id="absent" className="mb-1 text-lg font-semibold">
        {t('room.absent')}
      </h3>
      <p className="mb-2 text-sm text-stone-600">{t('room.absentHelp')}</p>
      <label htmlFor="absent-file" className="label">
        {t('room.absentFile')}
      </label>
      <input
        id="absent-file"
        type="file"
        accept=".csv,text/csv"
        onChange={(e) => {
          const file = e.target.files?.[0];
          if (file) upload.mutate(file);
        }}
      />
      {upload.isPending && <Loading label={t('room.importing')} />}
      <ErrorNote error={upload.error} />
      {upload.data && (
        <Success>
          {t('room.absentDone', {
            rows: fmt(upload.data.rows),
            postal: fmt(upload.data.postal),
            proxy: fmt(upload.data.proxy),
            postalProxy: fmt(upload.data.postalProxy),
          })}
        </Success>
      )}
      <PostalChase id={id} postal={postal} />
    </section>
  );
}

/** Walks of the postal-vote pledges, to remind them to post their ballots before the day. */
function PostalChase({ id, postal }: { id: string; postal: number }) {
  const chase = useMutation({
    mutationFn: () => api.polling[':id']['postal-walks'].$post({ params: { id }, body: {} }),
  });
  const t = useT();
  return (
    <div className="mt-3">
      <button
        type="button"
        className="btn-secondary"
        disabled={postal === 0 || chase.isPending}
        onClick={() => chase.mutate()}
      >
        {t('room.chase', { count: postal })}
      </button>
      <ErrorNote error={chase.error} />
      {chase.data && (
        <Success>{t('room.chased', { walks: chase.data.walks, electors: fmt(chase.data.electors) })}</Success>
      )}
    </div>
  );
}
