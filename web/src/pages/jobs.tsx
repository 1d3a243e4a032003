/**
 * The dead-letter view, for a national admin: the background jobs failing now (mail, counts of closed
 * ballots, reminders, housekeeping), how often each has been tried, its last error and its next try, and a
 * button to try one again at once once its cause is fixed.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../api.ts';
import { Empty, ErrorNote, Loading, PageTitle, Success } from '../components/ui.tsx';
import { dateTime } from '../format.ts';
import { keys } from '../query-keys.ts';
import { useT } from '../i18n/index.ts';

export function JobsPage() {
  const t = useT();
  const client = useQueryClient();
  const [done, setDone] = useState<string | null>(null);
  const q = useQuery({
    queryKey: keys.failingJobs(),
    queryFn: ({ signal }) => api.jobs.failing.$get({ signal }),
    // The list changes as the worker tries again: kept fresh while the page is open.
    refetchInterval: 10_000,
  });
  const retry = useMutation({
    mutationFn: (id: string) => api.jobs[':id'].retry.$post({ params: { id } }),
    onSuccess: async (_r, id) => {
      setDone(q.data?.jobs.find((j) => j.id === id)?.task ?? id);
      await client.invalidateQueries({ queryKey: keys.failingJobs() });
    },
  });
  return (
    <>
      <PageTitle lead={t('jobs.lead')}>{t('jobs.title')}</PageTitle>
      {done && <Success>{t('jobs.retried', { task: done })}</Success>}
      {retry.error && <ErrorNote error={retry.error} />}
      {q.isPending ? (
        <Loading />
      ) : q.error ? (
        <ErrorNote error={q.error} />
      ) : q.data.jobs.length === 0 ? (
        <Empty>{t('jobs.none')}</Empty>
      ) : (
        <div className="card overflow-x-auto">
          <table className="w-full text-left text-sm">
            <thead>
              <tr>
                <th scope="col">{t('jobs.task')}</th>
                <th scope="col">{t('jobs.tries')}</th>
                <th scope="col">{t('jobs.error')}</th>
                <th scope="col">{t('jobs.next')}</th>
                <th scope="col">
                  <span className="sr-only">{t('jobs.retry')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {q.data.jobs.map((j) => (
                <tr key={j.id} className="border-t border-stone-200 align-top">
                  <th scope="row" className="py-2 pr-3 font-mono font-normal">
                    {j.task}
                  </th>
                  <td className="py-2 pr-3">
                    {t('jobs.triesOf', { attempts: j.attempts, max: j.maxAttempts })}
                  </td>
                  <td className="py-2 pr-3 break-words">{j.lastError}</td>
                  <td className="py-2 pr-3">{j.nextTry ? dateTime(j.nextTry) : t('jobs.gaveUp')}</td>
                  <td className="py-2">
                    <button
                      type="button"
                      className="btn-secondary"
                      aria-label={t('jobs.retryOf', { task: j.task })}
                      disabled={retry.isPending}
                      onClick={() => retry.mutate(j.id)}
                    >
                      {t('jobs.retry')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
