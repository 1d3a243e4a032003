import { useInfiniteQuery } from '@tanstack/react-query';
import { api } from '../api.ts';
import { Empty, ErrorNote, Loading, PageTitle } from '../components/ui.tsx';
import { keys } from '../query-keys.ts';

interface Entry {
  id: number;
  at: string;
  actorId: string | null;
  action: string;
  subjectType: string;
  subjectId: string | null;
  branchName: string;
}

export function AuditPage() {
  const q = useInfiniteQuery({
    queryKey: keys.audit(),
    initialPageParam: 0,
    queryFn: ({ pageParam }) =>
      api<{ entries: Entry[]; nextBefore: number | null }>(
        `/api/audit?limit=50${pageParam ? `&before=${pageParam}` : ''}`,
      ),
    getNextPageParam: (last) => last.nextBefore ?? undefined,
  });
  const entries = q.data?.pages.flatMap((p) => p.entries) ?? [];
  return (
    <>
      <PageTitle lead="Append-only: who viewed, exported or changed personal data in your branches. Reading it is recorded too.">
        Audit log
      </PageTitle>
      {q.isPending && <Loading />}
      <ErrorNote error={q.error} />
      {q.data && entries.length === 0 && <Empty>Nothing recorded yet.</Empty>}
      {entries.length > 0 && (
        <div className="overflow-x-auto">
          <table className="w-full bg-white text-left text-sm">
            <caption className="sr-only">Audit entries, newest first</caption>
            <thead>
              <tr className="border-b border-stone-300">
                <th scope="col" className="p-2">
                  When
                </th>
                <th scope="col" className="p-2">
                  Action
                </th>
                <th scope="col" className="p-2">
                  Subject
                </th>
                <th scope="col" className="p-2">
                  Branch
                </th>
                <th scope="col" className="p-2">
                  By
                </th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr key={e.id} className="border-b border-stone-100">
                  <td className="p-2 whitespace-nowrap">{new Date(e.at).toLocaleString('en-GB')}</td>
                  <td className="p-2">{e.action}</td>
                  <td className="p-2">
                    {e.subjectType}
                    {e.subjectId ? ` ${e.subjectId.slice(0, 8)}…` : ''}
                  </td>
                  <td className="p-2">{e.branchName}</td>
                  <td className="p-2 font-mono text-xs">{e.actorId?.slice(0, 8) ?? 'system'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
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
