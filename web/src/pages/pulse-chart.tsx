/**
 * Pulse's chart: polls as dots coloured by pollster, the pooled average with its 95% band, election results
 * marked, our doorstep returns as their own series; and the same numbers as a table. Drawn as SVG at the
 * width it is given (d3 for the scales and shapes, React for the elements).
 */
import { scaleLinear, scaleTime } from 'd3-scale';
import { area, line } from 'd3-shape';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { PulseReading } from '../../../src/contract/pulse.ts';
import { dateOnly } from '../format.ts';
import { useT } from '../i18n/index.ts';

/** Ten colours told apart by people with the commoner colour-blindnesses (Tableau 10), darkened for contrast. */
const PALETTE = [
  '#1f5f99',
  '#c2570c',
  '#2f7d32',
  '#b3261e',
  '#6b4fa0',
  '#7a4a32',
  '#b8407f',
  '#555555',
  '#7d7a12',
  '#137c85',
];
export const pollsterColour = (i: number) => PALETTE[i % PALETTE.length] ?? '#555555';

const asDate = (iso: string) => new Date(`${iso}T12:00:00Z`);
export const showDate = (iso: string) => dateOnly(`${iso}T12:00:00Z`);
const DAY = 86_400_000;
/** The Thursday of the week starting on Monday `iso`. */
const midWeek = (iso: string) => new Date(asDate(iso).getTime() + 3 * DAY).toISOString().slice(0, 10);

export type Range = 'half' | 'year' | 'all';
const RANGE_DAYS: Record<Range, number> = { half: 183, year: 365, all: Infinity };

/** The element's width in CSS pixels, followed as it changes. */
function useWidth<T extends HTMLElement>(): [React.RefObject<T | null>, number] {
  const ref = useRef<T>(null);
  const [width, setWidth] = useState(640);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const observer = new ResizeObserver(([entry]) => {
      if (entry) setWidth(Math.max(280, Math.floor(entry.contentRect.width)));
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  return [ref, width];
}

export function PulseChart({ reading, range }: { reading: PulseReading; range: Range }) {
  const t = useT();
  const [ref, width] = useWidth<HTMLDivElement>();
  const height = width < 500 ? 260 : 340;
  const margin = { top: 12, right: 12, bottom: 28, left: 40 };
  const houses = useMemo(() => reading.houses.map((h) => h.house), [reading]);
  const last = asDate(reading.asOf).getTime();
  const from = RANGE_DAYS[range] === Infinity ? -Infinity : last - RANGE_DAYS[range] * DAY;
  const inRange = (iso: string) => asDate(iso).getTime() >= from;
  const series = reading.series.filter((p) => inRange(p.date));
  const polls = reading.polls.filter((p) => inRange(p.date));
  // Each week is drawn at its middle (Thursday).
  const doorsteps = (reading.doorstep?.weeks ?? [])
    .map((w) => ({ ...w, date: midWeek(w.week) }))
    .filter((d) => inRange(d.date));
  const elections = reading.elections.filter((e) => inRange(e.date));
  // The scale fits the polls and the average; a doorstep week beyond it is drawn hollow at its edge.
  const values = [
    ...series.flatMap((p) => [p.lo, p.hi]),
    ...polls.map((p) => p.share),
    ...elections.map((e) => e.share),
  ];
  const x = scaleTime()
    .domain([asDate(series[0]?.date ?? reading.asOf), asDate(reading.asOf)])
    .range([margin.left, width - margin.right]);
  const y = scaleLinear()
    .domain([Math.max(0, Math.min(...values) - 2), Math.min(100, Math.max(...values) + 2)])
    .nice()
    .range([height - margin.bottom, margin.top]);
  const band = area<(typeof series)[number]>()
    .x((p) => x(asDate(p.date)))
    .y0((p) => y(p.lo))
    .y1((p) => y(p.hi));
  const average = line<(typeof series)[number]>()
    .x((p) => x(asDate(p.date)))
    .y((p) => y(p.share));
  const end = reading.series.at(-1);
  const label = t('pulse.chartLabel', {
    party: reading.party,
    from: showDate(series[0]?.date ?? reading.asOf),
    to: showDate(reading.asOf),
    share: end?.share.toFixed(1) ?? '',
    lo: end?.lo.toFixed(1) ?? '',
    hi: end?.hi.toFixed(1) ?? '',
  });
  return (
    <div ref={ref} className="w-full">
      <svg width={width} height={height} role="img" aria-label={label} className="block">
        {y.ticks(6).map((v) => (
          <g key={v}>
            <line x1={margin.left} x2={width - margin.right} y1={y(v)} y2={y(v)} stroke="#e7e5e4" />
            <text x={margin.left - 6} y={y(v)} dy="0.32em" textAnchor="end" fontSize={12} fill="#57534e">
              {v}%
            </text>
          </g>
        ))}
        {x.ticks(width < 500 ? 3 : 6).map((d) => (
          <text key={d.getTime()} x={x(d)} y={height - 8} textAnchor="middle" fontSize={12} fill="#57534e">
            {d.toLocaleDateString(undefined, { month: 'short', year: 'numeric' })}
          </text>
        ))}
        <path d={band(series) ?? ''} fill="#fdba74" fillOpacity={0.45} />
        {polls.map((p, i) => (
          <circle
            key={i}
            cx={x(asDate(p.date))}
            cy={y(p.share)}
            r={2.5}
            fill={pollsterColour(houses.indexOf(p.pollster))}
            fillOpacity={0.75}
          />
        ))}
        <path d={average(series) ?? ''} fill="none" stroke="#9a3412" strokeWidth={2.5} />
        {doorsteps.map((d) => {
          const [lo = 0, hi = 100] = y.domain();
          const beyond = d.share > hi ? 1 : d.share < lo ? -1 : 0;
          const cx = x(asDate(d.date));
          const cy = y(Math.min(Math.max(d.share, lo), hi));
          const tip = beyond < 0 ? 5 : -5;
          return (
            <path
              key={d.date}
              d={`M${cx},${cy + tip}L${cx + 5},${cy - tip * 0.8}L${cx - 5},${cy - tip * 0.8}Z`}
              fill={beyond === 0 ? '#111827' : 'white'}
              stroke="#111827"
              strokeWidth={1.5}
            >
              <title>{`${showDate(d.week)}: ${d.share}% (${d.contacts})`}</title>
            </path>
          );
        })}
        {elections.map((e) => (
          <g key={e.date}>
            <line
              x1={x(asDate(e.date))}
              x2={x(asDate(e.date))}
              y1={margin.top}
              y2={height - margin.bottom}
              stroke="#44403c"
              strokeDasharray="4 3"
            />
            <rect
              x={x(asDate(e.date)) - 5}
              y={y(e.share) - 5}
              width={10}
              height={10}
              fill="#44403c"
              transform={`rotate(45 ${x(asDate(e.date))} ${y(e.share)})`}
            />
          </g>
        ))}
      </svg>
      <ul
        className="mt-2 flex flex-wrap gap-x-4 gap-y-1 text-sm text-stone-700"
        aria-label={t('pulse.legend.polls')}
      >
        <li className="flex items-center gap-1">
          <span
            aria-hidden="true"
            className="inline-block h-3 w-5 rounded-sm bg-orange-300"
            style={{ borderBottom: '3px solid #9a3412' }}
          />
          {t('pulse.legend.average')}
        </li>
        <li className="flex items-center gap-1">
          <span aria-hidden="true" className="inline-block h-2.5 w-2.5 rotate-45 bg-stone-700" />
          {t('pulse.legend.election')}
        </li>
        {reading.doorstep && (
          <li className="flex items-center gap-1">
            <span aria-hidden="true">▲</span>
            {t('pulse.legend.doorstep')}
          </li>
        )}
        {houses.map((h, i) => (
          <li key={h} className="flex items-center gap-1">
            <span
              aria-hidden="true"
              className="inline-block h-2.5 w-2.5 rounded-full"
              style={{ background: pollsterColour(i) }}
            />
            {h}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The chart's numbers, one row a week (and the last day), for screen readers and for reading off. */
export function PulseTable({ reading, range }: { reading: PulseReading; range: Range }) {
  const t = useT();
  const last = asDate(reading.asOf).getTime();
  const from = RANGE_DAYS[range] === Infinity ? -Infinity : last - RANGE_DAYS[range] * DAY;
  const weeks = (reading.doorstep?.weeks ?? [])
    .filter((w) => asDate(midWeek(w.week)).getTime() >= from)
    .reverse();
  const rows = reading.series.filter(
    (p, i, all) => asDate(p.date).getTime() >= from && (all.length - 1 - i) % 7 === 0,
  );
  return (
    <details className="mt-3">
      <summary className="cursor-pointer font-medium text-orange-900">{t('pulse.table.show')}</summary>
      <div
        className="mt-2 max-h-96 overflow-y-auto"
        // A region that scrolls takes focus, so a keyboard can scroll it too.
        // eslint-disable-next-line jsx-a11y-x/no-noninteractive-tabindex
        tabIndex={0}
        role="region"
        aria-label={t('pulse.table.caption')}
      >
        <table className="w-full text-sm">
          <caption className="mb-1 text-left text-stone-600">{t('pulse.table.caption')}</caption>
          <thead className="sticky top-0 bg-white">
            <tr className="text-left">
              <th scope="col">{t('pulse.table.date')}</th>
              <th scope="col">{t('pulse.table.share')}</th>
              <th scope="col">{t('pulse.table.lo')}</th>
              <th scope="col">{t('pulse.table.hi')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.reverse().map((p) => (
              <tr key={p.date} className="border-t border-stone-200">
                <th scope="row" className="text-left font-normal">
                  {showDate(p.date)}
                </th>
                <td>{p.share.toFixed(1)}%</td>
                <td>{p.lo.toFixed(1)}%</td>
                <td>{p.hi.toFixed(1)}%</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {weeks.length > 0 && (
        <table className="mt-3 w-full text-sm">
          <caption className="mb-1 text-left text-stone-600">{t('pulse.table.doorsteps')}</caption>
          <thead>
            <tr className="text-left">
              <th scope="col">{t('pulse.table.week')}</th>
              <th scope="col">{t('pulse.table.ours')}</th>
              <th scope="col">{t('pulse.table.contacts')}</th>
            </tr>
          </thead>
          <tbody>
            {weeks.map((w) => (
              <tr key={w.week} className="border-t border-stone-200">
                <th scope="row" className="text-left font-normal">
                  {showDate(w.week)}
                </th>
                <td>{w.share}%</td>
                <td>{w.contacts}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </details>
  );
}
