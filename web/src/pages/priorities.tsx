import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { Link, useParams } from 'react-router';
import { api } from '../api.ts';
import { Empty, ErrorNote, Loading, PageTitle } from '../components/ui.tsx';
import { colourOf } from '../deliberation.ts';
import type { NextPair, Priorities } from '../manifesto.ts';
import { keys } from '../query-keys.ts';

/** The pair to compare: two large choices, also by keyboard (1 or ← for the first, 2 or → for the second). */
function Compare({ id }: { id: string }) {
  const qc = useQueryClient();
  const next = useQuery({
    queryKey: keys.priorityPair(id),
    queryFn: ({ signal }) => api<NextPair>(`/api/manifestos/${id}/priorities/next`, { signal }),
  });
  // "Can't decide": another pair, nothing recorded.
  const skip = useMutation({
    mutationFn: (pair: [string, string]) =>
      api<NextPair>(`/api/manifestos/${id}/priorities/next?skip=${pair[0]},${pair[1]}`),
    onSuccess: (n) => qc.setQueryData(keys.priorityPair(id), n),
  });
  const choose = useMutation({
    mutationFn: (v: { winnerId: string; loserId: string }) =>
      api<NextPair>(`/api/manifestos/${id}/priorities`, { method: 'POST', json: v }),
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
  if (!pair) return <Empty>The draft needs at least two clauses before they can be compared.</Empty>;
  return (
    <section aria-labelledby="which" className="mb-8">
      <h2 id="which" className="mb-1 text-xl font-bold">
        Which matters more?
      </h2>
      <p className="mb-3 text-sm text-stone-600" aria-live="polite" data-testid="compared">
        You have compared {next.data.compared} {next.data.compared === 1 ? 'pair' : 'pairs'}.
        <span className="pointer-coarse:hidden">
          {' '}
          Keys: 1 or ← for the first, 2 or → for the second, 0 or ↓ if you can&apos;t decide.
        </span>
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
        I can&apos;t decide: show me another pair
      </button>
      <ErrorNote error={choose.error ?? skip.error} />
    </section>
  );
}

/** How closely a group's order follows everyone's, in words (the statistic is in the details). */
const agreementWords = (tau: number): string =>
  tau >= 0.8
    ? 'puts the clauses in much the same order as everyone.'
    : tau >= 0.4
      ? 'puts the clauses in a broadly similar order to everyone.'
      : tau > -0.4
        ? 'orders the clauses quite differently from everyone.'
        : 'puts the clauses in nearly the opposite order to everyone.';

function Results({ id }: { id: string }) {
  const result = useQuery({
    queryKey: keys.priorities(id),
    queryFn: ({ signal }) => api<Priorities>(`/api/manifestos/${id}/priorities`, { signal }),
  });
  if (result.isPending) return <Loading />;
  if (result.error) return <ErrorNote error={result.error} />;
  const r = result.data;
  if (r.comparisons === 0) return <Empty>No comparisons yet: the order appears as members choose.</Empty>;
  return (
    <section aria-labelledby="order">
      <h2 id="order" className="mb-1 text-xl font-bold">
        The order so far
      </h2>
      <p className="mb-3 text-sm text-stone-600">
        {r.comparisons} comparisons by {r.voters} {r.voters === 1 ? 'member' : 'members'}. A clause&apos;s
        score is out of 100: how often it would be chosen over another clause picked at random. Each
        group&apos;s column counts only its own members&apos; answers, and appears once at least five of them
        have answered; nobody&apos;s answers are shown.
      </p>
      <div className="overflow-x-auto">
        <table className="w-full text-sm">
          <caption className="sr-only">Clauses by priority, overall and in each opinion group</caption>
          <thead>
            <tr className="text-left">
              <th scope="col">Clause</th>
              <th scope="col">Score (all)</th>
              {r.groups.map((g) => (
                <th key={g.id} scope="col">
                  <span
                    aria-hidden
                    className="mr-1 inline-block h-2 w-2 rounded-full"
                    style={{ background: colourOf(g.id) }}
                  />
                  {g.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {r.clauses.map((c) => (
              <tr key={c.id} className="border-t border-stone-200 align-top">
                <td className="py-1 pr-2">{c.text}</td>
                <td className="py-1 pr-2">{Math.round(c.score)}</td>
                {r.groups.map((g) => (
                  <td key={g.id} className="py-1 pr-2">
                    {Math.round(g.scores[c.id] ?? 50)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {r.groups.length > 0 && (
        <ul className="mt-3 text-sm text-stone-700">
          {r.groups.map((g) => (
            <li key={g.id}>
              {g.label} ({g.answered} members, {g.comparisons} comparisons):{' '}
              {agreementWords(g.agreementWithOverall)}
            </li>
          ))}
        </ul>
      )}
      <details className="mt-3 text-sm text-stone-700">
        <summary className="cursor-pointer text-orange-900">How these numbers are worked out</summary>
        <p className="mt-1">
          The scores come from a Bradley–Terry model fitted to every comparison: each clause gets a strength,
          and its score is its average chance of beating each other clause. Strengths:{' '}
          {r.clauses
            .map((c) => `${c.text.slice(0, 40)}${c.text.length > 40 ? '…' : ''} ${c.strength.toFixed(2)}`)
            .join('; ')}
          . How closely a group&apos;s order follows the overall order is Kendall&apos;s τ (1: the same order,
          0: unrelated, −1: reversed):{' '}
          {r.groups.map((g) => `${g.label} ${g.agreementWithOverall.toFixed(2)}`).join(', ') ||
            'no groups yet'}
          .
        </p>
      </details>
    </section>
  );
}

export function PrioritiesPage() {
  const { id = '' } = useParams();
  return (
    <article>
      <PageTitle lead="Two clauses at a time: choose the one that matters more to you.">Priorities</PageTitle>
      <p className="-mt-2 mb-4 text-sm">
        <Link className="link" to={`/manifestos/${id}`}>
          Back to the draft
        </Link>
      </p>
      <Compare id={id} />
      <Results id={id} />
    </article>
  );
}
