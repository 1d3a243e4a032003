import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { Empty, ErrorNote, Loading, PageTitle, Success } from '../components/ui.tsx';
import { api } from '../api.ts';
import { keys } from '../query-keys.ts';
import { dateTime } from '../format.ts';
import { useT } from '../i18n/index.ts';
import { TopicFilter, topicName, useTopics } from './topics.tsx';
type Status = 'pending' | 'accepted' | 'rejected';

/** The moderation console: the queue from the top, accept or reject with a reason, bulk actions, the log. */
export function ModeratePage() {
  const { id = '' } = useParams();
  const qc = useQueryClient();
  const [status, setStatus] = useState<Status>('pending');
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [reason, setReason] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const topics = useTopics(id);
  const t = useT();
  const queue = useQuery({
    queryKey: keys.moderationQueue(id, status),
    queryFn: ({ signal }) =>
      api.conversations[':id'].moderation.$get({ params: { id }, query: { status }, signal }),
  });
  const log = useQuery({
    queryKey: keys.moderationLog(id),
    queryFn: ({ signal }) => api.conversations[':id'].moderation.log.$get({ params: { id }, signal }),
  });
  const decide = useMutation({
    mutationFn: (v: { ids: string[]; decision: 'accepted' | 'rejected' }) =>
      api.conversations[':id'].moderation.$post({
        params: { id },
        body: {
          statementIds: v.ids,
          decision: v.decision,
          // A reason goes with a rejection only: the author reads it.
          ...(v.decision === 'rejected' && reason.trim() ? { reason: reason.trim() } : {}),
        },
      }),
    onSuccess: (r, v) => {
      setDone(`${r.changed} statement${r.changed === 1 ? '' : 's'} ${v.decision}.`);
      setSelected(new Set());
      setReason('');
      void qc.invalidateQueries({ queryKey: keys.moderation(id) });
      void qc.invalidateQueries({ queryKey: keys.moderationLog(id) });
    },
  });
  const merge = useMutation({
    mutationFn: (v: { statementId: string; intoId: string }) =>
      api.conversations[':id'].moderation.merge.$post({ params: { id }, body: v }),
    onSuccess: () => {
      setDone('Merged: the author is told which statement to vote on instead.');
      void qc.invalidateQueries({ queryKey: keys.moderation(id) });
      void qc.invalidateQueries({ queryKey: keys.moderationLog(id) });
    },
  });
  // Topics are found among accepted statements: the filter serves the accepted and rejected lists.
  const byTopic = status !== 'pending';
  const items = (queue.data?.statements ?? []).filter((s) => !byTopic || topics.onTopic(s.id));
  const toggle = (sid: string) => {
    const next = new Set(selected);
    if (next.has(sid)) next.delete(sid);
    else next.add(sid);
    setSelected(next);
  };
  const act = (ids: string[], decision: 'accepted' | 'rejected') => {
    setDone(null);
    decide.mutate({ ids, decision });
  };
  return (
    <>
      <PageTitle lead="Accept statements, reject them with a reason the author will see, or merge them into a near-duplicate.">
        Moderation
      </PageTitle>
      <p className="-mt-2 mb-4 text-sm">
        <Link className="link" to={`/conversations/${id}`}>
          Back to the conversation
        </Link>
      </p>
      <div role="tablist" aria-label="Statements by status" className="mb-3 flex gap-2">
        {(['pending', 'accepted', 'rejected'] as const).map((s) => (
          <button
            key={s}
            role="tab"
            type="button"
            aria-selected={status === s}
            className={status === s ? 'btn' : 'btn-secondary'}
            onClick={() => {
              setStatus(s);
              setSelected(new Set());
            }}
          >
            {s === 'pending' ? 'Queue' : s === 'accepted' ? 'Accepted' : 'Rejected'}
          </button>
        ))}
      </div>
      {byTopic && <TopicFilter state={topics} t={t} id="moderation-topic" />}
      <div className="card mb-3 grid gap-2">
        <label htmlFor="reason" className="label">
          Reason (required to reject; the author sees it)
        </label>
        <input
          id="reason"
          className="input"
          maxLength={500}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
        />
        <div className="flex flex-wrap gap-2">
          <button
            type="button"
            className="btn"
            disabled={selected.size === 0 || decide.isPending}
            onClick={() => act([...selected], 'accepted')}
          >
            Accept selected ({selected.size})
          </button>
          <button
            type="button"
            className="btn-danger"
            disabled={selected.size === 0 || decide.isPending || !reason.trim()}
            onClick={() => act([...selected], 'rejected')}
          >
            Reject selected
          </button>
        </div>
      </div>
      <ErrorNote error={decide.error ?? merge.error} />
      {done && <Success>{done}</Success>}
      {queue.isPending ? (
        <Loading />
      ) : queue.error ? (
        <ErrorNote error={queue.error} />
      ) : items.length === 0 ? (
        <Empty>
          {status === 'pending'
            ? 'The queue is empty.'
            : topics.current
              ? `No ${status} statements on “${topicName(topics.current)}”.`
              : `No ${status} statements.`}
        </Empty>
      ) : (
        <ul className="grid gap-2" aria-label="Statements">
          {items.map((s) => (
            <li key={s.id} className="card flex flex-wrap items-start gap-3" data-testid="queue-item">
              <input
                type="checkbox"
                className="mt-1 h-5 w-5"
                aria-label={`Select: ${s.text}`}
                checked={selected.has(s.id)}
                onChange={() => toggle(s.id)}
              />
              <div className="min-w-0 flex-1">
                <p>{s.text}</p>
                <p className="text-sm text-stone-600">
                  #{s.number}
                  {s.seed && <span className="ml-2 rounded bg-stone-200 px-1 text-stone-800">seed</span>}
                  {s.flagged && (
                    <span className="ml-2 rounded bg-red-100 px-1 text-red-900">
                      flagged by the abuse screen
                    </span>
                  )}
                  {s.reason && ` · ${s.reason}`}
                </p>
                {s.similar.length > 0 && (
                  <div className="mt-2 rounded-lg bg-amber-50 p-2 text-sm">
                    <p className="font-medium">Nearly the same as:</p>
                    <ul>
                      {s.similar.map((d) => (
                        <li key={d.id} className="flex flex-wrap items-center gap-2">
                          <span className="flex-1">
                            #{d.number} {d.text}
                          </span>
                          <button
                            type="button"
                            className="btn-secondary"
                            disabled={merge.isPending}
                            onClick={() => {
                              setDone(null);
                              merge.mutate({ statementId: s.id, intoId: d.id });
                            }}
                          >
                            Merge into #{d.number}
                          </button>
                        </li>
                      ))}
                    </ul>
                  </div>
                )}
              </div>
              <div className="flex gap-2">
                {s.status !== 'accepted' && (
                  <button
                    type="button"
                    className="btn"
                    disabled={decide.isPending}
                    onClick={() => act([s.id], 'accepted')}
                  >
                    Accept
                  </button>
                )}
                {s.status !== 'rejected' && (
                  <button
                    type="button"
                    className="btn-danger"
                    disabled={decide.isPending || !reason.trim()}
                    title={reason.trim() ? undefined : 'Write a reason first'}
                    onClick={() => act([s.id], 'rejected')}
                  >
                    Reject
                  </button>
                )}
              </div>
            </li>
          ))}
        </ul>
      )}
      <section aria-labelledby="log" className="mt-8">
        <h2 id="log" className="mb-2 text-lg font-semibold">
          Moderation log
        </h2>
        {log.data && log.data.entries.length > 0 ? (
          <table className="stack-on-phone w-full text-left text-sm">
            <caption className="sr-only">Moderation decisions, newest first</caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Statement</th>
                <th scope="col">Decision</th>
                <th scope="col">By</th>
              </tr>
            </thead>
            <tbody>
              {log.data.entries.map((e) => (
                <tr key={e.id}>
                  <td data-label="When">{dateTime(e.at)}</td>
                  <td data-label="Statement">{e.text}</td>
                  <td data-label="Decision">
                    {e.decision}
                    {e.reason && ` (${e.reason})`}
                  </td>
                  <td data-label="By">{e.moderator ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <Empty>No decisions yet.</Empty>
        )}
      </section>
    </>
  );
}
