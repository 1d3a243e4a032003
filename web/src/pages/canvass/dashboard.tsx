/** The dashboard: contact rate, intentions by district, walk progress, data-quality flags. */
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api.ts';
import { Empty, ErrorNote, Loading } from '../../components/ui.tsx';
import { fmt, pct } from './shared.ts';
import { keys } from '../../query-keys.ts';

const FLAG_TEXT: Record<string, string> = {
  contact_rate_near_100: 'contact rate near 100%',
  doors_seconds_apart: 'doors logged seconds apart',
  intentions_unlike_others: 'intentions unlike everyone else’s',
};

export function DashboardSection({ branchId }: { branchId: string }) {
  const [days, setDays] = useState(30);
  const d = useQuery({
    queryKey: keys.dashboard(branchId, days),
    queryFn: ({ signal }) =>
      api.canvass.branches[':id'].dashboard.$get({ params: { id: branchId }, query: { days }, signal }),
    refetchInterval: 30_000,
  });
  if (d.isPending) return <Loading />;
  if (d.error) return <ErrorNote error={d.error} />;
  const x = d.data;
  const codes = [...new Set(x.districts.flatMap((r) => Object.keys(r.intentions)))];
  return (
    <div className="space-y-6">
      <label className="flex items-center gap-2">
        Over the last
        <select className="input w-auto" value={days} onChange={(e) => setDays(Number(e.target.value))}>
          {[1, 7, 30, 90, 365].map((n) => (
            <option key={n} value={n}>
              {n === 1 ? 'day' : `${n} days`}
            </option>
          ))}
        </select>
      </label>
      <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4">
        {[
          ['Doors knocked', fmt(x.doorsKnocked)],
          ['Doors where we spoke', fmt(x.doorsContacted)],
          ['Contact rate', pct(x.contactRate)],
          ['Records', fmt(x.records)],
        ].map(([k, v]) => (
          <div key={k} className="card">
            <dt className="text-sm text-stone-600">{k}</dt>
            <dd className="text-2xl font-bold">{v}</dd>
          </div>
        ))}
      </dl>
      <section aria-labelledby="by-district" className="card">
        <h2 id="by-district" className="mb-2 text-lg font-semibold">
          Voting intention by polling district
        </h2>
        <p className="mb-2 text-sm text-stone-600">
          Each elector's latest intention, by when it was recorded.
        </p>
        <table className="stack-on-phone w-full text-sm">
          <thead>
            <tr className="text-left">
              <th scope="col">District</th>
              <th scope="col">Electors</th>
              <th scope="col">Canvassed</th>
              {codes.map((c) => (
                <th key={c} scope="col">
                  {c}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {x.districts.map((r) => (
              <tr key={r.district} className="border-t border-stone-200">
                <th scope="row" className="text-left">
                  {r.district}
                </th>
                <td data-label="Electors">{fmt(r.electors)}</td>
                <td data-label="Canvassed">{fmt(r.canvassed)}</td>
                {codes.map((c) => (
                  <td key={c} data-label={c}>
                    {fmt(r.intentions[c] ?? 0)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section aria-labelledby="canvassers" className="card">
        <h2 id="canvassers" className="mb-2 text-lg font-semibold">
          Canvassers
        </h2>
        {x.canvassers.length === 0 ? (
          <Empty>No doorstep records yet.</Empty>
        ) : (
          <table className="stack-on-phone w-full text-sm">
            <thead>
              <tr className="text-left">
                <th scope="col">Canvasser</th>
                <th scope="col">Doors</th>
                <th scope="col">Contact rate</th>
                <th scope="col">Median time between doors</th>
                <th scope="col">
                  <abbr title="How far this canvasser's intentions are from everyone else's: 0 alike, 1 nothing in common">
                    Calibration
                  </abbr>
                </th>
                <th scope="col">Worth a friendly word</th>
              </tr>
            </thead>
            <tbody>
              {x.canvassers.map((c) => (
                <tr key={c.memberId} className="border-t border-stone-200">
                  <th scope="row" className="text-left">
                    {c.name}
                  </th>
                  <td data-label="Doors">{fmt(c.doors)}</td>
                  <td data-label="Contact rate">{pct(c.contactRate)}</td>
                  <td data-label="Median time between doors">
                    {c.medianSecondsBetweenDoors === null ? '–' : `${c.medianSecondsBetweenDoors} s`}
                  </td>
                  <td data-label="Calibration">{c.calibration === null ? '–' : c.calibration.toFixed(2)}</td>
                  <td
                    data-label="Worth a friendly word"
                    className={c.flags.length ? 'font-medium text-red-800' : ''}
                  >
                    {c.flags.map((f) => FLAG_TEXT[f] ?? f).join('; ') || '–'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section aria-labelledby="walk-progress" className="card">
        <h2 id="walk-progress" className="mb-2 text-lg font-semibold">
          Walks
        </h2>
        <ul className="space-y-1 text-sm">
          {x.walks.map((w) => (
            <li key={w.id}>
              {w.name}: {w.visited} of {w.doors} doors ({pct(w.progress)}), {fmt(w.records)} records
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
