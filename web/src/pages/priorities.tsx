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
        You have compared {next.data.compared} {next.data.compared === 1 ? 'pair' : 'pairs'}. Keys: 1 or ← for
        the first, 2 or → for the second.
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
      <ErrorNote error={choose.error} />
    </section>
  );
}

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
        {r.comparisons} comparisons by {r.voters} {r.voters === 1 ? 'member' : 'members'}. Score: the chance a
        clause wins against a randomly chosen other one. Strength: its Bradley–Terry estimate. Each group's
        scores count only its own members' answers; nobody's answers are shown.
      </p>
      <div className="overflow-x-auto">
        <table className="w-full text-sm">
          <caption className="sr-only">Clauses by priority, overall and in each opinion group</caption>
          <thead>
            <tr className="text-left">
              <th scope="col">Clause</th>
              <th scope="col">Score</th>
              <th scope="col">Strength</th>
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
                <td className="py-1 pr-2">{c.strength.toFixed(2)}</td>
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
              {g.label} ({g.comparisons} comparisons): its order agrees with the overall order at Kendall τ ={' '}
              {g.agreementWithOverall.toFixed(2)}
            </li>
          ))}
        </ul>
      )}
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
