/**
 * A count shown round by round: a chart (each candidate's votes by round, the quota beside them), a table
 * (every figure) and what happened at each round, with any tie and how it was broken. Used for a ballot
 * file counted on request and for an election's published result.
 */
import { useT } from '../i18n/index.ts';
import type { CountResultView } from '../../../src/contract/elections.ts';

const fmt = (v: number) => v.toLocaleString('en-GB', { maximumFractionDigits: 5 });
/** Colours a line a candidate, distinguishable from each other and on white (the table carries the figures). */
const COLOURS = [
  '#1d4ed8',
  '#b91c1c',
  '#047857',
  '#7c3aed',
  '#b45309',
  '#0e7490',
  '#be185d',
  '#4d7c0f',
  '#57534e',
  '#a16207',
  '#1e3a8a',
  '#9f1239',
];

export function CountView({ r }: { r: CountResultView }) {
  const t = useT();
  const names = Object.keys(r.rounds[0]?.votes ?? {});
  const json = `data:application/json;charset=utf-8,${encodeURIComponent(JSON.stringify(r, null, 2))}`;
  const events = r.rounds.flatMap((round, i) => [
    ...(round.transfer.kind === 'surplus'
      ? [t('count.event.surplus', { n: i + 1, name: round.transfer.from })]
      : []),
    ...round.elected.map((name) => t('count.event.elected', { n: i + 1, name })),
    ...round.excluded.map((name) => t('count.event.excluded', { n: i + 1, name, next: i + 2 })),
  ]);
  return (
    <section aria-labelledby="count-result" className="space-y-4">
      <h2 id="count-result" className="text-xl font-bold">
        {t('count.summary', {
          title: r.title || t('count.title'),
          seats: r.seats,
          method: t(`count.method.${r.method}`),
          quota: r.quota === null ? 'none' : fmt(r.quota),
        })}
      </h2>
      <p className="text-lg font-semibold" data-testid="count-elected">
        {t('count.elected', { names: r.elected.join(', ') })}
      </p>
      <CountChart r={r} names={names} />
      <div
        className="overflow-x-auto"
        // Many rounds scroll sideways on a phone: the region takes focus, so a keyboard can scroll it too.
        // eslint-disable-next-line jsx-a11y-x/no-noninteractive-tabindex
        tabIndex={0}
        role="region"
        aria-label={t('count.table')}
      >
        <table className="text-sm">
          <caption className="mb-1 text-left font-semibold">{t('count.table')}</caption>
          <thead>
            <tr>
              <th scope="col" className="pr-3 text-left">
                {t('count.candidate')}
              </th>
              {r.rounds.map((_, i) => (
                <th key={i} scope="col" className="px-2 text-right">
                  {t('count.round', { n: i + 1 })}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {names.map((name) => (
              <tr key={name} className="border-t border-stone-200">
                <th scope="row" className="pr-3 text-left font-medium">
                  {r.elected.includes(name) ? t('count.electedMark', { name }) : name}
                </th>
                {r.rounds.map((round, i) => (
                  <td
                    key={i}
                    className={`px-2 text-right tabular-nums ${round.elected.includes(name) ? 'font-bold' : ''} ${round.excluded.includes(name) ? 'line-through' : ''}`}
                  >
                    {fmt(round.votes[name] ?? 0)}
                  </td>
                ))}
              </tr>
            ))}
            <tr className="border-t border-stone-300 text-stone-600">
              <th scope="row" className="pr-3 text-left font-normal">
                {t('count.nonTransferable')}
              </th>
              {r.rounds.map((round, i) => (
                <td key={i} className="px-2 text-right tabular-nums">
                  {fmt(round.nonTransferable)}
                </td>
              ))}
            </tr>
          </tbody>
        </table>
      </div>
      <ol className="list-inside list-disc text-sm" data-testid="count-events">
        {events.map((e) => (
          <li key={e}>{e}</li>
        ))}
        {r.ties.map((tie) => (
          <li key={`${tie.round}-${tie.chosen}`}>
            {t('count.tie', {
              n: tie.round,
              names: tie.between.join(', '),
              what: tie.decides,
              by: tie.by,
              seed: r.seed,
              chosen: tie.chosen,
            })}
          </li>
        ))}
      </ol>
      <a className="btn-secondary" href={json} download="count.json">
        {t('count.download')}
      </a>
    </section>
  );
}

/** Each candidate's votes by round, as lines, with the quota dashed across. */
function CountChart({ r, names }: { r: CountResultView; names: string[] }) {
  const t = useT();
  const W = 640;
  const H = 260;
  const pad = { l: 48, r: 12, t: 12, b: 28 };
  const top = Math.max(r.quota ?? 0, ...r.rounds.flatMap((x) => Object.values(x.votes))) || 1;
  // One round (a count decided on first preferences) stands in the middle, as points.
  const x = (i: number) =>
    r.rounds.length <= 1
      ? (pad.l + W - pad.r) / 2
      : pad.l + (i * (W - pad.l - pad.r)) / (r.rounds.length - 1);
  const y = (v: number) => pad.t + (1 - v / top) * (H - pad.t - pad.b);
  return (
    <figure>
      <figcaption className="mb-1 font-semibold">{t('count.chart')}</figcaption>
      <svg
        viewBox={`0 0 ${W} ${H}`}
        className="w-full max-w-3xl"
        role="img"
        aria-label={t('count.chartLabel', {
          rounds: r.rounds.length,
          quota: r.quota === null ? 'none' : fmt(r.quota),
        })}
      >
        <line x1={pad.l} x2={pad.l} y1={pad.t} y2={H - pad.b} stroke="#78716c" />
        <line x1={pad.l} x2={W - pad.r} y1={H - pad.b} y2={H - pad.b} stroke="#78716c" />
        <text x={pad.l - 6} y={y(top) + 4} textAnchor="end" fontSize="11" fill="#44403c">
          {fmt(Math.round(top))}
        </text>
        {r.rounds.map((_, i) => (
          <text key={i} x={x(i)} y={H - 10} textAnchor="middle" fontSize="11" fill="#44403c">
            {i + 1}
          </text>
        ))}
        {r.quota !== null && (
          <line
            x1={pad.l}
            x2={W - pad.r}
            y1={y(r.quota)}
            y2={y(r.quota)}
            stroke="#1c1917"
            strokeDasharray="6 4"
          />
        )}
        {names.map((name, k) => (
          <polyline
            key={name}
            fill="none"
            stroke={COLOURS[k % COLOURS.length]}
            strokeWidth={r.elected.includes(name) ? 3 : 1.5}
            points={r.rounds.map((round, i) => `${x(i)},${y(round.votes[name] ?? 0)}`).join(' ')}
          />
        ))}
        {names.map((name, k) =>
          r.rounds.map((round, i) => (
            <circle
              key={`${name}-${i}`}
              cx={x(i)}
              cy={y(round.votes[name] ?? 0)}
              r={r.elected.includes(name) ? 4 : 3}
              fill={COLOURS[k % COLOURS.length]}
            />
          )),
        )}
      </svg>
      <ul className="mt-1 flex flex-wrap gap-x-4 gap-y-1 text-sm" aria-hidden="true">
        {names.map((name, k) => (
          <li key={name} className="flex items-center gap-1">
            <span className="inline-block h-1 w-4" style={{ background: COLOURS[k % COLOURS.length] }} />
            {name}
          </li>
        ))}
      </ul>
    </figure>
  );
}
