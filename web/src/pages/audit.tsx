/**
 * The audit log as a data officer reads it: who (by name; "deleted member" after an erasure) did what to
 * whom, filtered by branch, person, kind of action and days, and exported as CSV with the same filters.
 */
import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../api.ts';
import { Empty, ErrorNote, Loading, PageTitle } from '../components/ui.tsx';
import { BranchSelect, useBranches } from '../components/branch-select.tsx';
import type { BranchNode } from '../api.ts';
import { keys } from '../query-keys.ts';
import { dateTime } from '../format.ts';
import { AUDIT_ACTIONS, type AuditAction } from '../../../src/contract/vocabulary.ts';
import { useMe } from '../session.ts';
import { ErasureQueue } from '../components/erasure.tsx';

const ACTION_LABELS: Record<AuditAction, string> = {
  view: 'Viewed',
  export: 'Exported',
  change: 'Changed',
  create: 'Created',
  erase: 'Erased',
  import: 'Imported',
  'sign-in': 'Signed in',
};

interface Filters {
  branch: string;
  actor: { id: string; name: string } | null;
  action: AuditAction | '';
  from: string;
  to: string;
}

/** The filters as the audit endpoints take them (a filter left empty is no filter). */
const queryOf = (f: Filters) => ({
  ...(f.branch ? { branch: f.branch } : {}),
  ...(f.actor ? { actor: f.actor.id } : {}),
  ...(f.action ? { action: f.action } : {}),
  ...(f.from ? { from: f.from } : {}),
  ...(f.to ? { to: f.to } : {}),
});

export function AuditPage() {
  const { data: me } = useMe();
  const [filters, setFilters] = useState<Filters>({ branch: '', actor: null, action: '', from: '', to: '' });
  const query = queryOf(filters);
  const q = useInfiniteQuery({
    queryKey: [...keys.audit(), query],
    initialPageParam: 0,
    queryFn: ({ pageParam, signal }) =>
      api.audit.$get({ query: { ...query, limit: 50, ...(pageParam ? { before: pageParam } : {}) }, signal }),
    getNextPageParam: (last) => last.nextBefore ?? undefined,
  });
  const entries = q.data?.pages.flatMap((p) => p.entries) ?? [];
  const set = (patch: Partial<Filters>) => setFilters({ ...filters, ...patch });
  // The branches whose log this officer may read: where they hold the role, and everything below.
  const branches = useBranches().data?.branches ?? [];
  const byId = new Map(branches.map((b) => [b.id, b]));
  const roots = new Set(me?.capabilities['audit.read'] ?? []);
  const readable = (b: BranchNode): boolean => {
    for (let cur: BranchNode | undefined = b; cur; cur = cur.parentId ? byId.get(cur.parentId) : undefined)
      if (roots.has(cur.id)) return true;
    return false;
  };
  return (
    <>
      <PageTitle lead="Append-only: who viewed, exported or changed personal data in your branches. Reading it is recorded too.">
        Audit log
      </PageTitle>
      <ErasureQueue />
      <form
        aria-label="Filter the audit log"
        className="card mb-4 grid gap-3 sm:grid-cols-2 lg:grid-cols-4"
        onSubmit={(e) => e.preventDefault()}
      >
        <div>
          <label htmlFor="audit-branch" className="label">
            Branch
          </label>
          <BranchSelect
            id="audit-branch"
            value={filters.branch}
            onChange={(branch) => set({ branch })}
            placeholder="All my branches"
            only={readable}
          />
        </div>
        <div>
          <label htmlFor="audit-action" className="label">
            Action
          </label>
          <select
            id="audit-action"
            className="input"
            value={filters.action}
            onChange={(e) => {
              const action = AUDIT_ACTIONS.find((a) => a === e.target.value) ?? '';
              set({ action });
            }}
          >
            <option value="">Any</option>
            {AUDIT_ACTIONS.map((a) => (
              <option key={a} value={a}>
                {ACTION_LABELS[a]}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="audit-from" className="label">
            From
          </label>
          <input
            id="audit-from"
            type="date"
            className="input"
            value={filters.from}
            onChange={(e) => set({ from: e.target.value })}
          />
        </div>
        <div>
          <label htmlFor="audit-to" className="label">
            To
          </label>
          <input
            id="audit-to"
            type="date"
            className="input"
            value={filters.to}
            onChange={(e) => set({ to: e.target.value })}
          />
        </div>
        <p className="text-sm text-stone-600 sm:col-span-2 lg:col-span-4">
          {filters.actor ? (
            <>
              Only what <strong>{filters.actor.name}</strong> did.{' '}
              <button type="button" className="link" onClick={() => set({ actor: null })}>
                Everyone
              </button>
            </>
          ) : (
            'Choose a name in the table to see only what that person did.'
          )}{' '}
          ·{' '}
          <a className="link" href={api['audit.csv'].$url({ query })} download>
            Export these entries (CSV)
          </a>
        </p>
      </form>
      {q.isPending && <Loading />}
      <ErrorNote error={q.error} />
      {q.data && entries.length === 0 && <Empty>Nothing recorded matches.</Empty>}
      {entries.length > 0 && (
        <table className="stack-on-phone w-full bg-white text-left text-sm">
          <caption className="sr-only">Audit entries, newest first</caption>
          <thead>
            <tr className="border-b border-stone-300">
              <th scope="col" className="p-2">
                When
              </th>
              <th scope="col" className="p-2">
                Who
              </th>
              <th scope="col" className="p-2">
                Action
              </th>
              <th scope="col" className="p-2">
                About
              </th>
              <th scope="col" className="p-2">
                Branch
              </th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.id} className="border-b border-stone-100">
                <td className="p-2 whitespace-nowrap" data-label="When">
                  {dateTime(e.at)}
                </td>
                <td className="p-2" data-label="Who">
                  {e.actorId && e.actorName ? (
                    <button
                      type="button"
                      className="link text-left"
                      onClick={() => {
                        if (e.actorId) set({ actor: { id: e.actorId, name: e.actorName ?? '' } });
                      }}
                    >
                      {e.actorName}
                    </button>
                  ) : (
                    'The system'
                  )}
                </td>
                <td className="p-2" data-label="Action">
                  {ACTION_LABELS[AUDIT_ACTIONS.find((a) => a === e.action) ?? 'view']}
                </td>
                <td className="p-2" data-label="About">
                  {e.subjectType.replace(/[-_]/g, ' ')}
                  {e.subjectName ? `: ${e.subjectName}` : ''}
                </td>
                <td className="p-2" data-label="Branch">
                  {e.branchName}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {q.hasNextPage && (
        <button
          type="button"
          className="btn-secondary mt-3"
          onClick={() => void q.fetchNextPage()}
          disabled={q.isFetchingNextPage}
        >
          {q.isFetchingNextPage ? 'Loading…' : 'Show older entries'}
        </button>
      )}
    </>
  );
}
