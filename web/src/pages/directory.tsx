import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api } from '../api.ts';
import { BranchSelect } from '../components/branch-select.tsx';
import { Empty, ErrorNote, Loading, PageTitle } from '../components/ui.tsx';
import { keys } from '../query-keys.ts';

export function DirectoryPage() {
  const [params, setParams] = useSearchParams();
  const page = Number(params.get('page') ?? '1') || 1;
  const branch = params.get('branch') ?? '';
  const [q, setQ] = useState(params.get('q') ?? '');
  useEffect(() => {
    const t = setTimeout(() => {
      if ((params.get('q') ?? '') !== q) {
        const next = new URLSearchParams(params);
        if (q) next.set('q', q);
        else next.delete('q');
        next.delete('page');
        setParams(next, { replace: true });
      }
    }, 250);
    return () => clearTimeout(t);
  }, [q, params, setParams]);

  const search = { page, pageSize: 25, q: params.get('q') || undefined, branch: branch || undefined };
  const list = useQuery({
    queryKey: keys.membersFound(JSON.stringify(search)),
    queryFn: ({ signal }) => api.members.$get({ query: search, signal }),
    placeholderData: keepPreviousData,
  });
  const pages = list.data ? Math.max(1, Math.ceil(list.data.total / list.data.pageSize)) : 1;
  const go = (p: number) => {
    const next = new URLSearchParams(params);
    next.set('page', String(p));
    setParams(next);
  };

  return (
    <>
      <PageTitle lead="Members of the branches you organise. Viewing this list is recorded in the audit log.">
        Members
      </PageTitle>
      <div className="mb-4 flex flex-wrap items-end gap-3">
        <div className="min-w-48 flex-1">
          <label htmlFor="q" className="label">
            Search by name or email
          </label>
          <input id="q" type="search" className="input" value={q} onChange={(e) => setQ(e.target.value)} />
        </div>
        <div>
          <label htmlFor="branch" className="label">
            Branch
          </label>
          <BranchSelect
            id="branch"
            value={branch}
            placeholder="All my branches"
            only={(b) => b.canListMembers}
            onChange={(value) => {
              const next = new URLSearchParams(params);
              if (value) next.set('branch', value);
              else next.delete('branch');
              next.delete('page');
              setParams(next);
            }}
          />
        </div>
        <Link to="/members/import" className="btn-secondary">
          Import CSV
        </Link>
      </div>
      {list.isPending && <Loading />}
      <ErrorNote error={list.error} />
      {list.data && list.data.items.length === 0 && <Empty>No members match.</Empty>}
      {list.data && list.data.items.length > 0 && (
        <>
          <p className="mb-2 text-sm text-stone-600" aria-live="polite">
            {list.data.total} members · page {list.data.page} of {pages}
          </p>
          <div className="overflow-x-auto">
            <table className="stack-on-phone w-full border-collapse bg-white text-left">
              <caption className="sr-only">Members</caption>
              <thead>
                <tr className="border-b border-stone-300">
                  <th scope="col" className="p-2">
                    Name
                  </th>
                  <th scope="col" className="p-2">
                    Ward
                  </th>
                  <th scope="col" className="p-2">
                    Email
                  </th>
                  <th scope="col" className="p-2">
                    Status
                  </th>
                </tr>
              </thead>
              <tbody>
                {list.data.items.map((m) => (
                  <tr key={m.id} className="border-b border-stone-100">
                    <td className="p-2" data-label="Name">
                      <Link to={`/members/${m.id}`} className="link">
                        {m.name}
                      </Link>
                    </td>
                    <td className="p-2" data-label="Ward">
                      {m.homeWard.name}
                    </td>
                    <td className="p-2 break-all" data-label="Email">
                      {m.email ?? '—'}
                    </td>
                    <td className="p-2" data-label="Status">
                      {m.status}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <nav aria-label="Pages" className="mt-3 flex gap-2">
            <button type="button" className="btn-secondary" disabled={page <= 1} onClick={() => go(page - 1)}>
              Previous
            </button>
            <button
              type="button"
              className="btn-secondary"
              disabled={page >= pages}
              onClick={() => go(page + 1)}
            >
              Next
            </button>
          </nav>
        </>
      )}
    </>
  );
}
