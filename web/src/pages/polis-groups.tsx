/**
 * For those who run an imported conversation: Polis's own groups beside ours (the groups a migrating
 * organiser knows, and where ours differ), as counts and one figure of agreement. An organiser's view, in
 * English for now.
 */
import { useQuery } from '@tanstack/react-query';
import { api } from '../api.ts';
import type { PolisComparison } from '../../../src/contract/deliberation.ts';
import { colourOf, groupName } from '../deliberation.ts';
import { keys } from '../query-keys.ts';
import { useT } from '../i18n/index.ts';
import { ErrorNote, Loading } from '../components/ui.tsx';

const SIZE = 240;
const PAD = 12;

/** The participants on the opinion map's plane, coloured by one of the two groupings. */
function Plane({ points, by, title }: { points: PolisComparison['points']; by: 2 | 3; title: string }) {
  const xs = points.map((p) => p[0]);
  const ys = points.map((p) => p[1]);
  const [x0, x1] = [Math.min(...xs), Math.max(...xs)];
  const [y0, y1] = [Math.min(...ys), Math.max(...ys)];
  const sx = (x: number) => PAD + ((x - x0) / (x1 - x0 || 1)) * (SIZE - 2 * PAD);
  const sy = (y: number) => PAD + ((y - y0) / (y1 - y0 || 1)) * (SIZE - 2 * PAD);
  return (
    <figure className="w-full max-w-[240px]">
      <svg
        viewBox={`0 0 ${SIZE} ${SIZE}`}
        role="img"
        aria-label={`${title}: the same ${points.length} participants as the opinion map, coloured by ${title.toLowerCase()}`}
        className="w-full rounded-xl border border-stone-200 bg-white"
      >
        {points.map((p, i) => (
          <circle key={i} cx={sx(p[0])} cy={sy(p[1])} r={2.5} fill={colourOf(p[by])} fillOpacity={0.6} />
        ))}
      </svg>
      <figcaption className="mt-1 text-center text-sm text-stone-700">{title}</figcaption>
    </figure>
  );
}

export function PolisGroups({ conversationId }: { conversationId: string }) {
  const t = useT();
  const cmp = useQuery({
    queryKey: keys.polisGroups(conversationId),
    queryFn: ({ signal }) =>
      api.conversations[':id']['polis-groups'].$get({ params: { id: conversationId }, signal }),
    // Just after an import our analysis is still running: ask again until it is there.
    refetchInterval: (q) => (q.state.data && !q.state.data.analysed ? 2000 : false),
  });
  if (cmp.isPending) return <Loading />;
  if (cmp.error) return <ErrorNote error={cmp.error} />;
  const c = cmp.data;
  if (!c.available) return null;
  const ours = [...new Set(c.groups.flatMap((g) => g.ours.map((o) => o.group)))].sort(
    (a, b) => (a ?? 99) - (b ?? 99),
  );
  const label = (g: number | null) => (g === null ? 'Not placed' : groupName(t, g));
  return (
    <section aria-labelledby="polis-groups" className="mb-8 print:hidden">
      <h2 id="polis-groups" className="mb-1 text-xl font-bold">
        Polis’s groups beside ours
      </h2>
      <p className="mb-2 text-sm text-stone-600">
        The groups Polis had found when this conversation was exported, and how many of each are in each of
        our groups.{' '}
        {c.agreement !== null && `Agreement between the two groupings: ${c.agreement.toFixed(2)} `}
        (adjusted Rand index: 1 is the same grouping, 0 no more alike than chance; {c.compared} participants
        placed by both).
      </p>
      {c.points.length > 0 && (
        <div className="mb-3 flex flex-wrap gap-4" data-testid="polis-planes">
          <Plane points={c.points} by={2} title="Our groups" />
          <Plane points={c.points} by={3} title="Polis’s groups" />
        </div>
      )}
      <table className="stack-on-phone w-full bg-white text-left text-sm">
        <caption className="sr-only">Participants of each Polis group in each of our groups</caption>
        <thead>
          <tr>
            <th scope="col">Polis group</th>
            {ours.map((g) => (
              <th key={String(g)} scope="col">
                <span
                  aria-hidden
                  className="mr-1 inline-block h-2 w-2 rounded-full"
                  style={{ background: colourOf(g) }}
                />
                {label(g)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {c.groups.map((row) => (
            <tr key={row.polisGroup} className="border-t border-stone-200">
              <th scope="row" className="py-1 pr-2 font-medium">
                Polis group {row.polisGroup} ({row.size})
              </th>
              {ours.map((g) => (
                <td key={String(g)} className="py-1 pr-2" data-label={label(g)}>
                  {row.ours.find((o) => o.group === g)?.count ?? 0}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
