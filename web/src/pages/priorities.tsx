import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { Link, useParams } from 'react-router';
import { api } from '../api.ts';
import { Empty, ErrorNote, Loading, PageTitle } from '../components/ui.tsx';
import { colourOf, groupName } from '../deliberation.ts';
import { keys } from '../query-keys.ts';
import { useT } from '../i18n/index.ts';

/** The pair to compare: two large choices, also by keyboard (1 or ← for the first, 2 or → for the second). */
function Compare({ id }: { id: string }) {
  const qc = useQueryClient();
  const t = useT();
  const next = useQuery({
    queryKey: keys.priorityPair(id),
    queryFn: ({ signal }) => api.manifestos[':id'].priorities.next.$get({ params: { id }, signal }),
  });
  // "Can't decide": another pair, nothing recorded.
  const skip = useMutation({
    mutationFn: (pair: [string, string]) =>
      api.manifestos[':id'].priorities.next.$get({
        params: { id },
        query: { skip: `${pair[0]},${pair[1]}` },
      }),
    onSuccess: (n) => qc.setQueryData(keys.priorityPair(id), n),
  });
  const choose = useMutation({
    mutationFn: (v: { winnerId: string; loserId: string }) =>
      api.manifestos[':id'].priorities.$post({ params: { id }, body: v }),
    onSuccess: (n) => {
      qc.setQueryData(keys.priorityPair(id), n);
      void qc.invalidateQueries({ queryKey: keys.priorities(id) });
    },
  });
  const pair = next.data?.pair ?? null;
  const pick = (first: boolean) => {
    const [a, b] = pair ?? [];
    if (!a || !b || choose.isPending) return;
    choose.mutate(first ? { winnerId: a.id, loserId: b.id } : { winnerId: b.id, loserId: a.id });
  };
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.target instanceof HTMLInputElement || e.target instanceof HTMLTextAreaElement) return;
      if (e.key === '1' || e.key === 'ArrowLeft') pick(true);
      if (e.key === '2' || e.key === 'ArrowRight') pick(false);
      if ((e.key === '0' || e.key === 'ArrowDown') && pair?.[0] && pair[1] && !skip.isPending)
        skip.mutate([pair[0].id, pair[1].id]);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });
  if (next.isPending) return <Loading />;
  if (next.error) return <ErrorNote error={next.error} />;
  if (!pair) return <Empty>{t('prio.needTwo')}</Empty>;
  return (
    <section aria-labelledby="which" className="mb-8">
      <h2 id="which" className="mb-1 text-xl font-bold">
        {t('prio.which')}
      </h2>
      <p className="mb-3 text-sm text-stone-600" aria-live="polite" data-testid="compared">
        {t('prio.compared', { count: next.data.compared })}
        <span className="pointer-coarse:hidden"> {t('prio.keys')}</span>
      </p>
      <div className="grid gap-3 sm:grid-cols-2">
        {pair.map((c, i) => (
          <button
            key={c.id}
            type="button"
            className="card min-h-28 text-left hover:border-orange-700 focus:border-orange-700 disabled:opacity-60"
            disabled={choose.isPending}
            onClick={() => pick(i === 0)}
          >
            <span className="block text-xs uppercase text-stone-500">{c.section}</span>
            <span className="block font-medium">{c.text}</span>
          </button>
        ))}
      </div>
      <button
        type="button"
        className="btn-secondary mt-3"
        disabled={skip.isPending || choose.isPending}
        onClick={() => {
          const [a, b] = pair;
          if (a && b) skip.mutate([a.id, b.id]);
        }}
      >
        {t('prio.skip')}
      </button>
      <ErrorNote error={choose.error ?? skip.error} />
    </section>
  );
}

/** How closely a group's order follows everyone's, as a level put in words (the statistic is in the details). */
const agreementLevel = (tau: number): string =>
  tau >= 0.8 ? 'same' : tau >= 0.4 ? 'similar' : tau > -0.4 ? 'different' : 'opposite';

function Results({ id }: { id: string }) {
  const result = useQuery({
    queryKey: keys.priorities(id),
    queryFn: ({ signal }) => api.manifestos[':id'].priorities.$get({ params: { id }, signal }),
  });
  const t = useT();
  if (result.isPending) return <Loading />;
  if (result.error) return <ErrorNote error={result.error} />;
  const r = result.data;
  if (r.comparisons === 0) return <Empty>{t('prio.none')}</Empty>;
  return (
    <section aria-labelledby="order">
      <h2 id="order" className="mb-1 text-xl font-bold">
        {t('prio.order')}
      </h2>
      <p className="mb-3 text-sm text-stone-600">
        {t('prio.summary', { comparisons: r.comparisons, voters: r.voters })}
      </p>
      <table className="stack-on-phone w-full text-sm">
        <caption className="sr-only">{t('prio.caption')}</caption>
        <thead>
          <tr className="text-left">
            <th scope="col">{t('prio.clause')}</th>
            <th scope="col">{t('prio.scoreAll')}</th>
            {r.groups.map((g) => (
              <th key={g.id} scope="col">
                <span
                  aria-hidden
                  className="mr-1 inline-block h-2 w-2 rounded-full"
                  style={{ background: colourOf(g.id) }}
                />
                {groupName(t, g.id)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {r.clauses.map((c) => (
            <tr key={c.id} className="border-t border-stone-200 align-top">
              <td className="py-1 pr-2">{c.text}</td>
              <td className="py-1 pr-2" data-label={t('prio.scoreAll')}>
                {Math.round(c.score)}
              </td>
              {r.groups.map((g) => (
                <td key={g.id} className="py-1 pr-2" data-label={groupName(t, g.id)}>
                  {Math.round(g.scores[c.id] ?? 50)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {r.groups.length > 0 && (
        <ul className="mt-3 text-sm text-stone-700">
          {r.groups.map((g) => (
            <li key={g.id}>
              {t('prio.groupLine', {
                label: groupName(t, g.id),
                answered: g.answered,
                comparisons: g.comparisons,
                level: agreementLevel(g.agreementWithOverall),
              })}
            </li>
          ))}
        </ul>
      )}
      <details className="mt-3 text-sm text-stone-700">
        <summary className="cursor-pointer text-orange-900">{t('prio.how')}</summary>
        <p className="mt-1">
          {t('prio.method', {
            strengths: r.clauses
              .map((c) =>
                t('prio.statistic', {
                  name: `${c.text.slice(0, 40)}${c.text.length > 40 ? '…' : ''}`,
                  value: c.strength.toFixed(2),
                }),
              )
              .join('; '),
            taus:
              r.groups
                .map((g) =>
                  t('prio.statistic', { name: groupName(t, g.id), value: g.agreementWithOverall.toFixed(2) }),
                )
                .join(', ') || t('prio.noGroups'),
          })}
        </p>
      </details>
    </section>
  );
}

export function PrioritiesPage() {
  const { id = '' } = useParams();
  const t = useT();
  return (
    <article>
      <PageTitle lead={t('prio.lead')}>{t('prio.title')}</PageTitle>
      <p className="-mt-2 mb-4 text-sm">
        <Link className="link" to={`/manifestos/${id}`}>
          {t('prio.back')}
        </Link>
      </p>
      <Compare id={id} />
      <Results id={id} />
    </article>
  );
}
