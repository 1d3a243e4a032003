/** Electors: search, an elector's card, subject access and erasure, retention. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api.ts';
import { Empty, ErrorNote, Loading } from '../../components/ui.tsx';
import { useMe } from '../../session.ts';
import { fmt } from './shared.ts';
import { keys } from '../../query-keys.ts';
import { dateOnly, dateTime } from '../../format.ts';

export function ElectorsSection({ branchId }: { branchId: string }) {
  const me = useMe();
  const officer = (me.data?.capabilities['electors.rights']?.length ?? 0) > 0;
  return (
    <div className="space-y-6">
      <ElectorSearch branchId={branchId} officer={officer} />
      {officer && <RetentionPanel />}
    </div>
  );
}

function ElectorDetails({ id }: { id: string }) {
  const card = useQuery({
    queryKey: keys.elector(id),
    queryFn: ({ signal }) => api.canvass.electors[':id'].$get({ params: { id }, signal }),
  });
  if (card.isPending) return <Loading />;
  if (card.error) return <ErrorNote error={card.error} />;
  const c = card.data;
  const latest = c.latestIntention;
  return (
    <div className="mt-2 w-full rounded-lg bg-stone-50 p-3 text-sm">
      <p>
        {c.postal ? 'Postal voter. ' : ''}Voted in:{' '}
        {c.turnout.length
          ? c.turnout.map((t) => `${t.election}${t.postal ? ' (by post)' : ''}`).join(', ')
          : 'none recorded'}
        .
      </p>
      <p>
        Latest intention:{' '}
        {latest
          ? `${latest.intention}${latest.strength ? ` (${latest.strength}/3)` : ''}, ${dateOnly(latest.madeAt)}`
          : 'none recorded'}
      </p>
      <ul className="mt-1 list-disc pl-5">
        {c.records.map((r) => (
          <li key={r.id}>
            {dateTime(r.madeAt)}: {r.outcome.replace(/_/g, ' ')}
            {r.intention ? `, ${r.intention}` : ''}
            {r.issues.length ? `; raised ${r.issues.join(', ')}` : ''}
          </li>
        ))}
      </ul>
    </div>
  );
}

function RetentionPanel() {
  const qc = useQueryClient();
  const status = useQuery({
    queryKey: keys.retention(),
    queryFn: ({ signal }) => api.canvass.retention.$get({ signal }),
  });
  const run = useMutation({
    mutationFn: () => api.canvass.retention.$post(),
    onSuccess: () => void qc.invalidateQueries({ queryKey: keys.retention() }),
  });
  if (status.isPending) return <Loading />;
  if (status.error) return <ErrorNote error={status.error} />;
  return (
    <section aria-labelledby="retention" className="card space-y-2">
      <h2 id="retention" className="text-lg font-semibold">
        Retention
      </h2>
      <p className="text-sm text-stone-600">
        Doorstep records are deleted {fmt(status.data.days)} days after they were made, and sign-ups once a
        session is that old. The job runs daily.
      </p>
      {status.data.runs.length === 0 ? (
        <Empty>The job has not run yet.</Empty>
      ) : (
        <ul className="text-sm">
          {status.data.runs.map((r) => (
            <li key={r.id}>
              {dateTime(r.ranAt)}: deleted {fmt(r.canvassRecords)} doorstep records and {fmt(r.signups)}{' '}
              sign-ups made before {dateOnly(r.cutoff)}
            </li>
          ))}
        </ul>
      )}
      <button type="button" className="btn-secondary" disabled={run.isPending} onClick={() => run.mutate()}>
        Run it now
      </button>
      <ErrorNote error={run.error} />
    </section>
  );
}

function ElectorSearch({ branchId, officer }: { branchId: string; officer: boolean }) {
  const [q, setQ] = useState('');
  const [search, setSearch] = useState('');
  const [open, setOpen] = useState<string | null>(null);
  const hits = useQuery({
    queryKey: keys.electors(branchId, search),
    queryFn: ({ signal }) =>
      api.canvass.branches[':id'].electors.$get({ params: { id: branchId }, query: { q: search }, signal }),
    enabled: search.length >= 2,
  });
  const erase = useMutation({
    mutationFn: (id: string) => api.canvass.electors[':id'].$delete({ params: { id } }),
    onSuccess: () => void hits.refetch(),
  });
  return (
    <section aria-labelledby="find" className="card space-y-3">
      <h2 id="find" className="text-lg font-semibold">
        Find an elector
      </h2>
      <p className="text-sm text-stone-600">Every search and every look is recorded in the audit log.</p>
      <form
        role="search"
        className="flex gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          setSearch(q.trim());
        }}
      >
        <label htmlFor="elector-q" className="sr-only">
          Name, address or postcode
        </label>
        <input
          id="elector-q"
          className="input"
          placeholder="Name, address or postcode"
          value={q}
          onChange={(e) => setQ(e.target.value)}
        />
        <button type="submit" className="btn">
          Search
        </button>
      </form>
      {hits.isFetching && <Loading label="Searching…" />}
      <ErrorNote error={hits.error ?? erase.error} />
      {hits.data && hits.data.electors.length === 0 && <Empty>No elector matches.</Empty>}
      <ul className="divide-y divide-stone-200">
        {hits.data?.electors.map((e) => (
          <li key={e.id} className="flex flex-wrap items-center gap-2 py-2">
            <span className="flex-1">
              <span className="font-medium">{e.name}</span> <span className="text-xs">{e.electorNumber}</span>
              <br />
              <span className="text-sm text-stone-600">
                {e.address}
                {e.removed ? ' (no longer on the register)' : ''}
              </span>
            </span>
            <button
              type="button"
              className="btn-secondary"
              aria-expanded={open === e.id}
              onClick={() => setOpen(open === e.id ? null : e.id)}
            >
              {open === e.id ? 'Hide' : 'View'}
            </button>
            {officer && (
              <>
                <a
                  className="btn-secondary"
                  href={api.canvass.electors[':id'].data.$url({ params: { id: e.id } })}
                >
                  Subject-access export
                </a>
                <button
                  type="button"
                  className="btn-danger"
                  onClick={() => {
                    if (
                      window.confirm(
                        `Erase ${e.name} and every doorstep record about them? This cannot be undone.`,
                      )
                    )
                      erase.mutate(e.id);
                  }}
                >
                  Erase
                </button>
              </>
            )}
            {open === e.id && <ElectorDetails id={e.id} />}
          </li>
        ))}
      </ul>
    </section>
  );
}
