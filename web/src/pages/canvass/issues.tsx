/** Issues raised on the doorstep: exported, or sent to Common Ground as statements. */
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api.ts';
import { Empty, ErrorNote, Loading, Success } from '../../components/ui.tsx';
import { keys } from '../../query-keys.ts';

export function IssuesSection({ branchId }: { branchId: string }) {
  const issues = useQuery({
    queryKey: keys.doorstepIssues(branchId),
    queryFn: ({ signal }) =>
      api.canvass.branches[':id'].issues.$get({ params: { id: branchId }, query: { days: 90 }, signal }),
  });
  const conversations = useQuery({
    queryKey: keys.issueTargets(branchId),
    queryFn: ({ signal }) =>
      api.canvass.branches[':id'].issues.targets.$get({ params: { id: branchId }, signal }),
  });
  const [conversationId, setConversationId] = useState('');
  const [texts, setTexts] = useState<Record<string, string>>({});
  const [picked, setPicked] = useState<string[]>([]);
  const send = useMutation({
    mutationFn: () =>
      api.canvass.branches[':id'].issues.send.$post({
        params: { id: branchId },
        body: { conversationId, statements: picked.map((i) => texts[i] ?? '') },
      }),
  });
  if (issues.isPending) return <Loading />;
  if (issues.error) return <ErrorNote error={issues.error} />;
  if (issues.data.issues.length === 0)
    return <Empty>No issues raised on the doorstep in the last 90 days.</Empty>;
  return (
    <form
      aria-labelledby="raised"
      className="card space-y-3"
      onSubmit={(e) => {
        e.preventDefault();
        send.mutate();
      }}
    >
      <h2 id="raised" className="text-lg font-semibold">
        Raised on the doorstep (last 90 days)
      </h2>
      <p className="text-sm text-stone-600">
        Only the issues and how often: never who raised them. Tick the ones to put to members, write each as a
        statement they can agree or disagree with, and send them to a Common Ground conversation.{' '}
        <a
          className="link"
          href={api.canvass.branches[':id']['issues.csv'].$url({
            params: { id: branchId },
            query: { days: 90 },
          })}
        >
          Export as CSV
        </a>
      </p>
      <ul className="space-y-2">
        {issues.data.issues.map((i) => (
          <li key={i.issue} className="flex flex-wrap items-center gap-2">
            <label className="flex min-w-40 items-center gap-2">
              <input
                type="checkbox"
                checked={picked.includes(i.issue)}
                onChange={(e) => {
                  setPicked(e.target.checked ? [...picked, i.issue] : picked.filter((x) => x !== i.issue));
                  if (!texts[i.issue])
                    setTexts({ ...texts, [i.issue]: `We should act on ${i.issue} in our area.` });
                }}
              />
              <span className="font-medium">{i.issue}</span>{' '}
              <span className="text-stone-600">×{i.raised}</span>
            </label>
            {picked.includes(i.issue) && (
              <input
                aria-label={`Statement for ${i.issue}`}
                className="input flex-1 basis-full sm:basis-auto"
                maxLength={280}
                value={texts[i.issue] ?? ''}
                onChange={(e) => setTexts({ ...texts, [i.issue]: e.target.value })}
              />
            )}
          </li>
        ))}
      </ul>
      <label htmlFor="send-to" className="label">
        Conversation
      </label>
      <select
        id="send-to"
        className="input"
        required
        value={conversationId}
        onChange={(e) => setConversationId(e.target.value)}
      >
        <option value="">Choose…</option>
        {(conversations.data?.conversations ?? []).map((c) => (
          <option key={c.id} value={c.id}>
            {c.title} ({c.branch})
          </option>
        ))}
      </select>
      {conversations.data?.conversations.length === 0 && (
        <p className="text-sm text-stone-600">
          No conversation is open in this branch or the branches above it.{' '}
          <a className="link" href="/conversations">
            Start one in Common Ground
          </a>
          , then send the issues to it.
        </p>
      )}
      <button
        type="submit"
        className="btn"
        disabled={picked.length === 0 || !conversationId || send.isPending}
      >
        Send {picked.length} as statements
      </button>
      <ErrorNote error={send.error} />
      {send.data && (
        <Success>
          {send.data.added} added
          {send.data.pending ? `, ${send.data.pending} waiting for a moderator` : ''}
          {send.data.skipped ? `, ${send.data.skipped} already there` : ''}.
        </Success>
      )}
    </form>
  );
}
