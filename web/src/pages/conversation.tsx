import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type SyntheticEvent } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { OpinionMapView } from '../components/opinion-map.tsx';
import { VoteCard } from '../components/vote-card.tsx';
import { ErrorNote, Loading, PageTitle, Success } from '../components/ui.tsx';
import { api, ApiError } from '../api.ts';
import {
  convApi,
  linkFor,
  rememberLink,
  useConversation,
  type ConversationView,
  useLiveMap,
  type NextCard,
  type OwnStatements,
  type Similar,
} from '../deliberation.ts';
import { keys } from '../query-keys.ts';
import { dateTime } from '../format.ts';

const MAX = 280;

/**
 * When a statement is already in the conversation, the way to vote on it: its card comes up now, in place
 * of the next one.
 */
function DuplicateLink({ id, error }: { id: string; error: unknown }) {
  const qc = useQueryClient();
  if (!(error instanceof ApiError) || error.code !== 'DUPLICATE_STATEMENT') return null;
  const number = /#(\d+)/.exec(error.issues[0]?.message ?? '')?.[1];
  if (!number) return null;
  return (
    <p className="text-sm">
      <Link
        className="link"
        to={`?statement=${number}`}
        onClick={() => {
          void convApi<NextCard>(id, `/next?statement=${number}`).then((card) => {
            qc.setQueryData(keys.next(id), card);
            document.getElementById('vote-heading')?.scrollIntoView({ block: 'start' });
          });
        }}
      >
        Vote on statement #{number} instead
      </Link>
    </p>
  );
}

/** Writing a statement: at most 280 characters, with "is this what you mean?" before posting. */
function WriteStatement({ id }: { id: string }) {
  const qc = useQueryClient();
  const [text, setText] = useState('');
  const [query, setQuery] = useState('');
  const [posted, setPosted] = useState<string | null>(null);
  useEffect(() => {
    const t = setTimeout(() => setQuery(text.trim()), 300);
    return () => clearTimeout(t);
  }, [text]);
  const similar = useQuery({
    queryKey: keys.similar(id, query),
    queryFn: ({ signal }) => convApi<Similar>(id, `/similar?text=${encodeURIComponent(query)}`, { signal }),
    enabled: query.length >= 8,
  });
  const mine = useQuery({
    queryKey: keys.myStatements(id),
    queryFn: ({ signal }) => convApi<OwnStatements>(id, '/my-statements', { signal }),
  });
  const post = useMutation({
    mutationFn: () =>
      convApi<{ statement: { status: string } }>(id, '/statements', {
        method: 'POST',
        json: { text: text.trim() },
      }),
    onSuccess: (r) => {
      setPosted(
        r.statement.status === 'accepted'
          ? 'Posted. Others will now be asked to vote on it.'
          : 'Sent to the moderators; you will see their decision below.',
      );
      setText('');
      void qc.invalidateQueries({ queryKey: keys.myStatements(id) });
      void qc.invalidateQueries({ queryKey: keys.next(id) });
    },
  });
  const left = MAX - text.length;
  const submit = (e: SyntheticEvent) => {
    e.preventDefault();
    setPosted(null);
    post.mutate();
  };
  const matches = query.length >= 8 ? (similar.data?.similar ?? []) : [];
  return (
    <section aria-labelledby="write-heading" className="card">
      <h2 id="write-heading" className="mb-2 text-lg font-semibold">
        Add a statement
      </h2>
      <form onSubmit={submit}>
        <label htmlFor="statement-text" className="label">
          Say one thing, plainly, that others can agree or disagree with
        </label>
        <textarea
          id="statement-text"
          className="input min-h-24"
          value={text}
          maxLength={MAX + 20}
          aria-describedby="statement-count"
          aria-invalid={left < 0}
          onChange={(e) => setText(e.target.value)}
        />
        <p id="statement-count" className={`mt-1 text-sm ${left < 0 ? 'text-red-800' : 'text-stone-600'}`}>
          {left >= 0 ? `${left} characters left` : `${-left} characters too many`}
        </p>
        {matches.length > 0 && (
          <div
            className="my-2 rounded-lg border border-amber-300 bg-amber-50 p-3"
            role="region"
            aria-label="Similar statements"
          >
            <p className="font-medium">Is this what you mean? It is already in the conversation:</p>
            <ul className="mt-1 list-disc pl-5">
              {matches.map((m) => (
                <li key={m.id}>“{m.text}”</li>
              ))}
            </ul>
            <p className="mt-1 text-sm text-stone-700">
              If so, vote on it when it comes up instead of posting it again.
            </p>
          </div>
        )}
        <button
          type="submit"
          className="btn mt-2"
          disabled={post.isPending || text.trim().length === 0 || left < 0}
        >
          {post.isPending ? 'Posting…' : 'Post statement'}
        </button>
      </form>
      <ErrorNote error={post.error} />
      <DuplicateLink id={id} error={post.error} />
      {posted && <Success>{posted}</Success>}
      {mine.data && mine.data.statements.length > 0 && (
        <div className="mt-4">
          <h3 className="font-semibold">Your statements</h3>
          <ul className="mt-1 grid gap-1">
            {mine.data.statements.map((s) => (
              <li key={s.id} className="text-sm" data-testid="my-statement">
                <span
                  className={`mr-2 rounded-full px-2 py-0.5 text-xs ${
                    s.status === 'accepted'
                      ? 'bg-green-100 text-green-900'
                      : s.status === 'rejected'
                        ? 'bg-red-100 text-red-900'
                        : 'bg-amber-100 text-amber-900'
                  }`}
                >
                  {s.status === 'pending' ? 'waiting for a moderator' : s.status}
                </span>
                {s.text}
                {s.reason && <span className="block text-red-900">Reason: {s.reason}</span>}
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}

/** For those who run the conversation: the share link (link conversations) and closing it. */
function RunConversation({ c }: { c: ConversationView }) {
  const qc = useQueryClient();
  const [copied, setCopied] = useState(false);
  const close = useMutation({
    mutationFn: () =>
      api<unknown>(`/api/conversations/${c.id}`, {
        method: 'PATCH',
        json: { closesAt: new Date(Date.now() + 1000).toISOString() },
      }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: keys.conversation(c.id) });
      void qc.invalidateQueries({ queryKey: keys.next(c.id) });
    },
  });
  const link = c.link ? `${window.location.origin}${c.link}` : null;
  const taking = c.takingPart;
  return (
    <div className="card mb-4 flex flex-wrap items-center gap-3 text-sm">
      {taking && (
        <p className="w-full" data-testid="taking-part">
          {taking.members + taking.visitors + taking.others} taking part: {taking.members}{' '}
          {taking.members === 1 ? 'member' : 'members'}
          {c.access === 'link' &&
            `, ${taking.visitors} ${taking.visitors === 1 ? 'visitor' : 'visitors'} without an account (through the link)`}
          {taking.others > 0 && `, ${taking.others} imported or since erased`}.
        </p>
      )}
      {link && (
        <>
          <label htmlFor="share-link" className="font-medium">
            Share link (anyone with it can take part, pseudonymously)
          </label>
          <input
            id="share-link"
            className="input max-w-md"
            readOnly
            value={link}
            onFocus={(e) => e.target.select()}
          />
          <button
            type="button"
            className="btn-secondary"
            onClick={() => void navigator.clipboard.writeText(link).then(() => setCopied(true))}
          >
            {copied ? 'Copied' : 'Copy'}
          </button>
        </>
      )}
      {c.phase === 'open' && (
        <button
          type="button"
          className="btn-secondary"
          disabled={close.isPending}
          onClick={() => {
            if (window.confirm('Close this conversation? Nobody will be able to vote or post after this.'))
              close.mutate();
          }}
        >
          Close the conversation
        </button>
      )}
      <ErrorNote error={close.error} />
    </div>
  );
}

export function ConversationPage() {
  const { id = '' } = useParams();
  return <Conversation id={id} />;
}

/** A conversation reached through its share link: works signed out, pseudonymously. */
/** The conversation a share link opens (its secret kept for this tab). */
export function useJoin(token: string) {
  return useQuery({
    queryKey: keys.join(token),
    queryFn: async () => {
      const c = await api<ConversationView>(`/api/join/${encodeURIComponent(token)}`);
      rememberLink(c.id, token);
      return c;
    },
    retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 2,
  });
}

/** A share link that opens nothing, said in words. */
export function BadLink({ error }: { error: unknown }) {
  // Not found, or not even shaped like a link (cut short, mistyped): the same words either way.
  if (!(error instanceof ApiError) || !['NOT_FOUND', 'VALIDATION_FAILED'].includes(error.code))
    return <ErrorNote error={error} />;
  return (
    <div role="alert" className="rounded-lg border border-red-300 bg-red-50 p-4 text-red-900">
      <p className="font-semibold">This link does not open a conversation.</p>
      <p className="mt-1">
        It may have been cut short or mistyped when it was copied, or the conversation&apos;s organisers may
        have stopped sharing it. Ask whoever sent it for the link again, or{' '}
        <Link className="link" to="/sign-in">
          sign in
        </Link>{' '}
        to see the conversations of your branch.
      </p>
    </div>
  );
}

export function JoinPage() {
  const { token = '' } = useParams();
  const joined = useJoin(token);
  return (
    <main id="main" className="mx-auto max-w-5xl px-4 py-6">
      <p className="mb-4 text-lg font-bold text-orange-900">Broadchurch · Common Ground</p>
      {joined.isPending ? (
        <Loading />
      ) : joined.error ? (
        <BadLink error={joined.error} />
      ) : (
        <Conversation id={joined.data.id} />
      )}
    </main>
  );
}

function Conversation({ id }: { id: string }) {
  const conversation = useConversation(id);
  const [params] = useSearchParams();
  const linked = params.get('statement');
  const map = useLiveMap(id);
  if (conversation.isPending) return <Loading />;
  if (conversation.error) return <ErrorNote error={conversation.error} />;
  const c = conversation.data;
  return (
    <>
      <PageTitle lead={c.question}>{c.title}</PageTitle>
      <p className="-mt-2 mb-4 text-sm text-stone-600">
        {c.branch.name} · {c.phase === 'open' ? 'open' : c.phase}
        {c.closesAt && ` until ${dateTime(c.closesAt)}`} ·{' '}
        <Link
          className="link"
          to={linkFor(id) ? `/join/${linkFor(id)}/report` : `/conversations/${id}/report`}
        >
          Report
        </Link>
        {c.canModerate && (
          <>
            {' · '}
            <Link className="link" to={`/conversations/${id}/moderate`}>
              Moderate
            </Link>
          </>
        )}
      </p>
      {c.description && <p className="mb-4 max-w-prose whitespace-pre-line">{c.description}</p>}
      {c.canModerate && <RunConversation c={c} />}
      <p className="mb-4 rounded-lg bg-stone-100 p-3 text-sm text-stone-700">
        Your votes are private. Everyone sees groups and statements, never who voted what; groups smaller than
        five people are shown only as “others”.
      </p>
      <div className="grid gap-4 lg:grid-cols-2">
        <VoteCard id={id} first={linked !== null && /^\d+$/.test(linked) ? Number(linked) : null} />
        <WriteStatement id={id} />
      </div>
      <section aria-labelledby="map-heading" className="mt-6">
        <h2 id="map-heading" className="mb-2 flex items-center gap-2 text-lg font-semibold">
          Where people stand
          <span className="text-xs font-normal text-stone-500" aria-live="polite">
            {map.connected ? '● live' : '○ reconnecting'}
          </span>
        </h2>
        {map.isPending ? (
          <Loading />
        ) : map.error ? (
          <ErrorNote error={map.error} />
        ) : (
          map.data && <OpinionMapView map={map.data} />
        )}
      </section>
    </>
  );
}
