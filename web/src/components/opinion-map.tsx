import { BORDER } from '../../../src/contract/deliberation.ts';
import { colourOf, groupName, type OpinionMap } from '../deliberation.ts';
import { Empty } from './ui.tsx';
import { GroupHeading, NotReliable, rangeOf } from './group-sureness.tsx';
import { timeOnly } from '../format.ts';
import { useT } from '../i18n/index.ts';

const SIZE = 320;

const PAD = 16;

/**
 * Participants as points in 2-D, coloured by group, with the viewer's own position ringed. The same
 * groups follow as a table for those who cannot use the picture.
 */
export function OpinionMapView({ map }: { map: OpinionMap }) {
  const t = useT();
  if (map.points.length === 0) return <Empty>{t('map.empty')}</Empty>;
  const xs = map.points.map((p) => p[0]).concat(map.me ? [map.me.x] : []);
  const ys = map.points.map((p) => p[1]).concat(map.me ? [map.me.y] : []);
  const [x0, x1] = [Math.min(...xs), Math.max(...xs)];
  const [y0, y1] = [Math.min(...ys), Math.max(...ys)];
  const sx = (x: number) => PAD + ((x - x0) / (x1 - x0 || 1)) * (SIZE - 2 * PAD);
  const sy = (y: number) => PAD + ((y - y0) / (y1 - y0 || 1)) * (SIZE - 2 * PAD);
  const mine = map.me?.group ?? null;
  // Until the groups are reliable, no colours: grey dots, not confident groups.
  const unsure = map.reliability !== null && !map.reliability.reliable;
  const colour = (g: number | null) => (unsure ? colourOf(null) : colourOf(g));
  const between = map.points.some((p) => p[3] < BORDER);
  const summary = map.groups
    .map((g) => t('map.groupSize', { label: groupName(t, g.id), size: g.size }))
    .join(', ');
  return (
    <div className="grid gap-4 md:grid-cols-[minmax(0,320px)_1fr]">
      <figure>
        <svg
          viewBox={`0 0 ${SIZE} ${SIZE}`}
          role="img"
          aria-label={t(map.me ? 'map.labelMe' : 'map.label', {
            participants: map.participants,
            groups: map.groups.length,
            summary,
          })}
          className="w-full max-w-[320px] rounded-xl border border-stone-200 bg-white"
          data-testid="opinion-map"
          data-version={map.version}
        >
          {map.points.map((p, i) =>
            p[3] < BORDER ? (
              <circle
                key={i}
                cx={sx(p[0])}
                cy={sy(p[1])}
                r={2.6}
                fill="white"
                stroke={colour(p[2])}
                strokeWidth={1.2}
                data-border=""
              />
            ) : (
              <circle key={i} cx={sx(p[0])} cy={sy(p[1])} r={3} fill={colour(p[2])} fillOpacity={0.55} />
            ),
          )}
          {map.me && (
            <g data-testid="me-on-map" data-x={map.me.x} data-y={map.me.y}>
              <circle
                cx={sx(map.me.x)}
                cy={sy(map.me.y)}
                r={9}
                fill="none"
                stroke="#1c1917"
                strokeWidth={2.5}
              />
              <circle cx={sx(map.me.x)} cy={sy(map.me.y)} r={4} fill={colour(mine)} />
              <text x={sx(map.me.x) + 12} y={sy(map.me.y) + 4} fontSize={12} fontWeight={700}>
                {t('map.you')}
              </text>
            </g>
          )}
        </svg>
        <figcaption className="mt-1 space-y-1 text-sm text-stone-600">
          <span className="block">
            {t('map.placed', {
              placed: map.placed,
              participants: map.participants,
              time: map.computedAt ? timeOnly(map.computedAt) : '—',
            })}
          </span>
          {map.participants > map.placed && (
            <span className="block" data-testid="not-placed">
              {t('map.notPlaced', { count: map.participants - map.placed })}
            </span>
          )}
          <span className="block">{t('map.explain')}</span>
          {between && <span className="block">{t('map.border')}</span>}
          {map.reliability && map.groups.length > 1 && (
            <span className="block" data-testid="sureness">
              {t('map.sureness', {
                stable: Math.round(map.reliability.kStability * 100),
                sure: Math.round(map.reliability.meanCertainty * 100),
              })}
            </span>
          )}
          {map.me?.certainty != null &&
            map.me.group !== null &&
            map.me.group >= 0 &&
            map.groups.length > 1 && (
              <span className="block" data-testid="me-sure">
                {t(map.me.certainty < BORDER ? 'map.meBorder' : 'map.meSure', {
                  label: groupName(t, map.me.group),
                  percent: Math.round(map.me.certainty * 100),
                })}
              </span>
            )}
        </figcaption>
      </figure>
      <div>
        <NotReliable reliability={map.reliability} />
        <ul className="grid gap-3">
          {map.groups.map((g) => (
            <li
              key={g.id}
              className="card"
              aria-label={
                rangeOf(g)
                  ? t('map.groupCardRange', { label: groupName(t, g.id), ...rangeOf(g) })
                  : t('map.groupCard', { label: groupName(t, g.id), size: g.size })
              }
            >
              <p className="flex items-center gap-2 font-semibold">
                <span
                  aria-hidden
                  className="inline-block h-3 w-3 rounded-full"
                  style={{ background: colour(g.id) }}
                />
                <GroupHeading group={g} />
                {g.id === mine && (
                  <span className="rounded-full bg-stone-800 px-2 text-xs text-white">
                    {t('map.yourGroup')}
                  </span>
                )}
              </p>
              {g.representative.length > 0 && (
                <ul className="mt-2 list-disc pl-5 text-sm text-stone-700">
                  {g.representative.slice(0, 3).map((r) => (
                    <li key={r.statementId}>
                      {t(r.direction === 'agree' ? 'map.agree' : 'map.disagree', {
                        percent: Math.round(r.agreement * 100),
                        label: groupName(t, g.id),
                        text: r.text,
                      })}
                    </li>
                  ))}
                </ul>
              )}
            </li>
          ))}
        </ul>
        <details className="mt-3">
          <summary className="cursor-pointer text-sm text-orange-900">{t('map.table')}</summary>
          <table className="mt-2 w-full text-left text-sm">
            <caption className="sr-only">{t('map.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('map.colGroup')}</th>
                <th scope="col">{t('map.colPeople')}</th>
                <th scope="col">{t('map.colStatement')}</th>
              </tr>
            </thead>
            <tbody>
              {map.groups.map((g) => (
                <tr key={g.id}>
                  <th scope="row">{groupName(t, g.id)}</th>
                  <td>{rangeOf(g) ? `${rangeOf(g)?.low}–${rangeOf(g)?.high}` : g.size}</td>
                  <td>
                    {g.representative[0]
                      ? t(g.representative[0].direction === 'agree' ? 'map.rowAgree' : 'map.rowDisagree', {
                          text: g.representative[0].text,
                        })
                      : '—'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      </div>
    </div>
  );
}
