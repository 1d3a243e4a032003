/**
 * A map of a knock-up round, drawn from the list itself (no tiles, nothing downloaded): each street a line in
 * the order the round walks it, each door still to knock a numbered dot along it, a door with a lift asked
 * for or a proxy marked. Schematic, not to scale: it shows the order and how the doors bunch, which is what a
 * knocker-up plans by. The list below is its text alternative.
 */
import { useT } from '../../i18n/index.ts';
import type { KnockupList } from '../../polling-day.ts';

type Elector = KnockupList['electors'][number];

const ROW = 44;
const LEFT = 8;
const GAP = 30;
const WIDTH = 360;

/** The round's streets in walking order, each with its doors (in order, once each). */
export function streetsOf(
  electors: readonly Elector[],
): { street: string; doors: { door: number; lift: boolean }[] }[] {
  const streets: { street: string; doors: { door: number; lift: boolean }[] }[] = [];
  for (const e of [...electors].sort((a, b) => a.door - b.door)) {
    const street = e.street || e.address[0] || '';
    let s = streets.at(-1);
    if (s?.street !== street) {
      s = { street, doors: [] };
      streets.push(s);
    }
    const known = s.doors.find((d) => d.door === e.door);
    if (known) known.lift ||= e.lastResult === 'lift';
    else s.doors.push({ door: e.door, lift: e.lastResult === 'lift' });
  }
  return streets;
}

export function RoundMap({ electors }: { electors: readonly Elector[] }) {
  const t = useT();
  const streets = streetsOf(electors);
  if (streets.length === 0) return null;
  const perRow = Math.floor((WIDTH - LEFT * 2) / GAP);
  // A long street wraps onto more rows; each street starts a row of its own.
  const rows = streets.flatMap((s) =>
    Array.from({ length: Math.ceil(s.doors.length / perRow) }, (_, i) => ({
      street: i === 0 ? s.street : '',
      doors: s.doors.slice(i * perRow, (i + 1) * perRow),
    })),
  );
  const height = rows.length * ROW + 8;
  const label = t('knockup.mapLabel', {
    streets: streets.length,
    doors: streets.reduce((n, s) => n + s.doors.length, 0),
    order: streets.map((s) => s.street).join(', '),
  });
  return (
    <figure className="card mb-3 overflow-x-auto p-2">
      <svg role="img" aria-label={label} viewBox={`0 0 ${WIDTH} ${height}`} className="w-full max-w-md">
        {rows.map((r, i) => {
          const y = i * ROW + 30;
          const end = LEFT + (r.doors.length - 1) * GAP + 12;
          return (
            <g key={`${r.street}-${i}`}>
              {r.street && (
                <text x={LEFT} y={y - 16} fontSize="11" fill="#44403c">
                  {r.street}
                </text>
              )}
              <line x1={LEFT} y1={y} x2={Math.max(end, LEFT + 12)} y2={y} stroke="#a8a29e" strokeWidth="3" />
              {r.doors.map((d, j) => {
                const x = LEFT + 6 + j * GAP;
                return (
                  <g key={d.door}>
                    <circle cx={x} cy={y} r="10" fill={d.lift ? '#0369a1' : '#9a3412'} />
                    <text x={x} y={y + 3.5} fontSize="9" textAnchor="middle" fill="#fff">
                      {d.door}
                    </text>
                  </g>
                );
              })}
            </g>
          );
        })}
      </svg>
      <figcaption className="mt-1 text-xs text-stone-600">{t('knockup.mapCaption')}</figcaption>
    </figure>
  );
}
