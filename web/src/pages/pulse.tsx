/**
 * Pulse: one honest reading of support. The pooled polls with their band, the branch's doorstep returns as
 * one more (leaning) pollster, each pollster's lean, and seats under both swings. Members of a branch read
 * it; the national party's organisers also load the polls and set the model (pulse-manage.tsx).
 */
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { api, type BranchNode } from '../api.ts';
import { useBranches, within } from '../components/branch-select.tsx';
import { Empty, ErrorNote, Loading, PageTitle } from '../components/ui.tsx';
import { useT } from '../i18n/index.ts';
import { keys } from '../query-keys.ts';
import { useMe } from '../session.ts';
import type { PulseReading } from '../../../src/contract/pulse.ts';
import { PulseChart, PulseTable, pollsterColour, showDate, type Range } from './pulse-chart.tsx';
import { PulseManage } from './pulse-manage.tsx';

const signed = (x: number) => `${x > 0 ? '+' : x < 0 ? '−' : ''}${Math.abs(x).toFixed(1)}`;

/** The branches whose Pulse the member may read: their ward and the branches above it, and those they run. */
function readable(branches: BranchNode[], homeWardId: string, organises: string[]) {
  const byId = new Map(branches.map((b) => [b.id, b]));
  const above = new Set<string>();
  for (let b = byId.get(homeWardId); b; b = b.parentId ? byId.get(b.parentId) : undefined) above.add(b.id);
  const run = within(branches, organises);
  return branches.filter((b) => above.has(b.id) || run(b));
}

export function PulsePage() {
  const t = useT();
  const me = useMe().data;
  const branches = useBranches();
  const [params, setParams] = useSearchParams();
  const [range, setRange] = useState<Range>('year');
  const home = me?.member.homeWard.id ?? '';
  const branchId = params.get('branch') ?? home;
  const view = useQuery({
    queryKey: keys.pulse(branchId),
    queryFn: ({ signal }) => api.pulse.branches[':id'].$get({ params: { id: branchId }, signal }),
    enabled: branchId !== '',
  });
  const choices = me
    ? readable(branches.data?.branches ?? [], home, me.capabilities['canvass.organise'] ?? [])
    : [];
  return (
    <>
      <PageTitle lead={t('pulse.lead')}>{t('pulse.title')}</PageTitle>
      <label className="mb-4 flex flex-wrap items-center gap-2">
        {t('pulse.branch')}
        <select
          className="input w-auto"
          value={branchId}
          onChange={(e) => setParams({ branch: e.target.value }, { replace: true })}
        >
          {choices.map((b) => (
            <option key={b.id} value={b.id}>
              {b.name}
            </option>
          ))}
        </select>
      </label>
      {view.isPending ? (
        <Loading />
      ) : view.error ? (
        <ErrorNote error={view.error} />
      ) : (
        <>
          {view.data.reading ? (
            <Reading
              reading={view.data.reading}
              branch={view.data.branch.name}
              range={range}
              setRange={setRange}
            />
          ) : (
            <Empty>
              {t('pulse.nothingYet')} <span lang="en-GB">{view.data.missing}</span>
            </Empty>
          )}
          {view.data.canManage && <PulseManage view={view.data} />}
        </>
      )}
    </>
  );
}

function Reading(props: {
  reading: PulseReading;
  branch: string;
  range: Range;
  setRange: (r: Range) => void;
}) {
  const t = useT();
  const r = props.reading;
  const end = r.series.at(-1);
  return (
    <div className="space-y-6">
      <section aria-labelledby="pulse-now" className="card">
        <h2 id="pulse-now" className="text-2xl font-bold">
          {t('pulse.headline', { party: r.party, share: end?.share.toFixed(1) ?? '' })}{' '}
          <span className="text-base font-normal text-stone-600">
            {t('pulse.asOf', { date: showDate(r.asOf) })}
          </span>
        </h2>
        <p>{t('pulse.band', { lo: end?.lo.toFixed(1) ?? '', hi: end?.hi.toFixed(1) ?? '' })}</p>
        <Doorstep reading={r} branch={props.branch} />
      </section>
      <section aria-labelledby="pulse-chart" className="card">
        <div className="mb-2 flex flex-wrap items-center justify-between gap-2">
          <h2 id="pulse-chart" className="text-lg font-semibold">
            {t('pulse.chart')}
          </h2>
          <div role="group" aria-label={t('pulse.range')} className="flex gap-1">
            {(['half', 'year', 'all'] as const).map((k) => (
              <button
                key={k}
                type="button"
                aria-pressed={props.range === k}
                className={props.range === k ? 'btn' : 'btn-secondary'}
                onClick={() => props.setRange(k)}
              >
                {t(`pulse.range.${k}`)}
              </button>
            ))}
          </div>
        </div>
        <PulseChart reading={r} range={props.range} />
        <PulseTable reading={r} range={props.range} />
      </section>
      <Houses reading={r} />
      <Seats reading={r} />
      <p className="text-sm text-stone-600">
        {t('pulse.method', { sigma: r.sigmaPointsPerDay.toFixed(2) })}{' '}
        {r.driftPointsPerDay !== null && t('pulse.methodDrift', { drift: r.driftPointsPerDay.toFixed(3) })}
      </p>
    </div>
  );
}

function Doorstep({ reading, branch }: { reading: PulseReading; branch: string }) {
  const t = useT();
  const d = reading.doorstep;
  if (!d) return <p className="mt-2 text-stone-700">{t('pulse.doorstepNone', { branch })}</p>;
  const values = {
    branch,
    points: Math.abs(d.lean).toFixed(1),
    se: (1.96 * d.se).toFixed(1),
    b: (c: React.ReactNode) => <b>{c}</b>,
  };
  return (
    <div className="mt-2 space-y-1">
      <p className="text-lg">{t.rich(d.lean >= 0 ? 'pulse.doorstepAbove' : 'pulse.doorstepBelow', values)}</p>
      <p className="text-sm text-stone-600">{t('pulse.doorstepWhy', { contacts: d.contacts })}</p>
      <p className="text-sm text-stone-600">
        {t('pulse.privacy')}
        {d.hiddenWeeks > 0 && ` ${t('pulse.hiddenWeeks', { count: d.hiddenWeeks })}`}
      </p>
    </div>
  );
}

function Houses({ reading }: { reading: PulseReading }) {
  const t = useT();
  const order = reading.houses.map((h) => h.house);
  const rows = [...reading.houses].sort((a, b) => b.points - a.points);
  return (
    <section aria-labelledby="pulse-houses" className="card">
      <h2 id="pulse-houses" className="text-lg font-semibold">
        {t('pulse.houses.title')}
      </h2>
      <p className="mb-2 text-sm text-stone-600">{t('pulse.houses.lead', { party: reading.party })}</p>
      <table className="stack-on-phone w-full text-sm">
        <thead>
          <tr className="text-left">
            <th scope="col">{t('pulse.houses.pollster')}</th>
            <th scope="col">{t('pulse.houses.polls')}</th>
            <th scope="col">{t('pulse.houses.lean')}</th>
            <th scope="col">{t('pulse.houses.range')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((h) => (
            <tr key={h.house} className="border-t border-stone-200">
              <th scope="row" className="text-left">
                <span
                  aria-hidden="true"
                  className="mr-2 inline-block h-2.5 w-2.5 rounded-full"
                  style={{ background: pollsterColour(order.indexOf(h.house)) }}
                />
                {h.house}
              </th>
              <td data-label={t('pulse.houses.polls')}>{h.polls}</td>
              <td data-label={t('pulse.houses.lean')}>{signed(h.points)}</td>
              <td data-label={t('pulse.houses.range')}>
                {signed(h.points - 1.96 * h.se)} … {signed(h.points + 1.96 * h.se)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function Seats({ reading }: { reading: PulseReading }) {
  const t = useT();
  const s = reading.seats;
  const range = (x: { seats: number; lo: number; hi: number }) => t('pulse.seats.range', x);
  return (
    <section aria-labelledby="pulse-seats" className="card">
      <h2 id="pulse-seats" className="text-lg font-semibold">
        {t('pulse.seats.title')}
      </h2>
      {!s ? (
        <p className="text-stone-600">{t('pulse.seats.none')}</p>
      ) : (
        <>
          <p className="mb-2 text-sm text-stone-600">
            {t('pulse.seats.lead', { count: s.constituencies, draws: s.draws })}
          </p>
          <table className="stack-on-phone w-full text-sm">
            <thead>
              <tr className="text-left">
                <th scope="col">{t('pulse.seats.party')}</th>
                <th scope="col">{t('pulse.seats.previous')}</th>
                <th scope="col">{t('pulse.seats.now')}</th>
                <th scope="col">{t('pulse.seats.uniform')}</th>
                <th scope="col">{t('pulse.seats.proportional')}</th>
              </tr>
            </thead>
            <tbody>
              {s.rows.map((row) => (
                <tr
                  key={row.party}
                  className={`border-t border-stone-200 ${row.party === reading.party ? 'font-semibold' : ''}`}
                >
                  <th scope="row" className="text-left">
                    {row.party}
                  </th>
                  <td data-label={t('pulse.seats.previous')}>{row.previous.toFixed(1)}%</td>
                  <td data-label={t('pulse.seats.now')}>
                    {row.now === null ? t('pulse.seats.noEstimate') : `${row.now.toFixed(1)}%`}
                  </td>
                  <td data-label={t('pulse.seats.uniform')}>{range(row.uniform)}</td>
                  <td data-label={t('pulse.seats.proportional')}>{range(row.proportional)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
