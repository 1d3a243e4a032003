import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type ReactNode, type SyntheticEvent } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { OpinionMapView } from '../components/opinion-map.tsx';
import { VoteCard } from '../components/vote-card.tsx';
import { ErrorNote, Loading, PageTitle, Success } from '../components/ui.tsx';
import { api, ApiError } from '../api.ts';
import {
  inConversation,
  linkFor,
  rememberLink,
  useConversation,
  type ConversationView,
  useLiveMap,
} from '../deliberation.ts';
import { keys } from '../query-keys.ts';
import { dateTime } from '../format.ts';
import { useT } from '../i18n/index.ts';
import { LanguageChoice } from '../components/language.tsx';

const MAX = 280;

/**
 * When a statement is already in the conversation, the way to vote on it: its card comes up now, in place
 * of the next one.
 */
function DuplicateLink({ id, error }: { id: string; error: unknown }) {
  const qc = useQueryClient();
  const t = useT();
  if (!(error instanceof ApiError) || error.code !== 'DUPLICATE_STATEMENT') return null;
  const number = /#(\d+)/.exec(error.issues[0]?.message ?? '')?.[1];
  if (!number) return null;
  return (
    <p className="text-sm">
      <Link
        className="link"
        to={`?statement=${number}`}
        onClick={() => {
          void api.conversations[':id'].next
            .$get({ ...inConversation(id), query: { statement: number } })
            .then((card) => {
              qc.setQueryData(keys.next(id), card);
              document.getElementById('vote-heading')?.scrollIntoView({ block: 'start' });
            });
        }}
      >
        {t('write.duplicate', { number })}
      </Link>
    </p>
  );
}

/** Writing a statement: at most 280 characters, with "is this what you mean?" before posting. */
function WriteStatement({ id }: { id: string }) {
  const qc = useQueryClient();
  const t = useT();
  const [text, setText] = useState('');
  const [query, setQuery] = useState('');
  const [posted, setPosted] = useState<string | null>(null);
  useEffect(() => {
    const timer = setTimeout(() => setQuery(text.trim()), 300);
    return () => clearTimeout(timer);
  }, [text]);
  const similar = useQuery({
    queryKey: keys.similar(id, query),
    queryFn: ({ signal }) =>
      api.conversations[':id'].similar.$get({ ...inConversation(id), query: { text: query }, signal }),
    enabled: query.length >= 8,
  });
  const mine = useQuery({
    queryKey: keys.myStatements(id),
    queryFn: ({ signal }) =>
      api.conversations[':id']['my-statements'].$get({ ...inConversation(id), signal }),
  });
  const post = useMutation({
    mutationFn: () =>
      api.conversations[':id'].statements.$post({ ...inConversation(id), body: { text: text.trim() } }),
    onSuccess: (r) => {
      setPosted(r.statement.status === 'accepted' ? t('write.posted') : t('write.sentToModerators'));
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
        {t('write.heading')}
      </h2>
      <form onSubmit={submit}>
        <label htmlFor="statement-text" className="label">
          {t('write.label')}
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
          {left >= 0 ? t('write.left', { count: left }) : t('write.over', { count: -left })}
        </p>
        {matches.length > 0 && (
          <div
            className="my-2 rounded-lg border border-amber-300 bg-amber-50 p-3"
            role="region"
            aria-label={t('write.similar')}
          >
            <p className="font-medium">{t('write.similarLead')}</p>
            <ul className="mt-1 list-disc pl-5">
              {matches.map((m) => (
                <li key={m.id}>{t('write.quoted', { text: m.text })}</li>
              ))}
            </ul>
            <p className="mt-1 text-sm text-stone-700">{t('write.similarHint')}</p>
          </div>
        )}
        <button
          type="submit"
          className="btn mt-2"
          disabled={post.isPending || text.trim().length === 0 || left < 0}
        >
          {post.isPending ? t('write.posting') : t('write.post')}
        </button>
      </form>
      <ErrorNote error={post.error} />
      <DuplicateLink id={id} error={post.error} />
      {posted && <Success>{posted}</Success>}
      {mine.data && mine.data.statements.length > 0 && (
        <div className="mt-4">
          <h3 className="font-semibold">{t('write.mine')}</h3>
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
                  {t('write.status', { status: s.status })}
                </span>
                {s.text}
                {s.reason && (
                  <span className="block text-red-900">{t('write.reason', { reason: s.reason })}</span>
                )}
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
      api.conversations[':id'].$patch({
        params: { id: c.id },
        body: { closesAt: new Date(Date.now() + 1000).toISOString() },
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
      const c = await api.join[':token'].$get({ params: { token } });
      rememberLink(c.id, token);
      return c;
    },
    retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 2,
  });
}

/** A share link that opens nothing, said in words. */
export function BadLink({ error }: { error: unknown }) {
  const t = useT();
  // Not found, or not even shaped like a link (cut short, mistyped): the same words either way.
  if (!(error instanceof ApiError) || !['NOT_FOUND', 'VALIDATION_FAILED'].includes(error.code))
    return <ErrorNote error={error} />;
  return (
    <div role="alert" className="rounded-lg border border-red-300 bg-red-50 p-4 text-red-900">
      <p className="font-semibold">{t('conv.badLink')}</p>
      <p className="mt-1">
        {t.rich('conv.badLinkHelp', {
          link: (c) => (
            <Link className="link" to="/sign-in">
              {c}
            </Link>
          ),
        })}
      </p>
    </div>
  );
}

/** The frame of a page a share link opens (signed out): the brand, the language, then what the link opens. */
export function JoinFrame({ children }: { children: (conversationId: string) => ReactNode }) {
  const { token = '' } = useParams();
  const joined = useJoin(token);
  const t = useT();
  return (
    <main id="main" className="mx-auto max-w-5xl px-4 py-6">
      <div className="mb-4 flex flex-wrap items-baseline justify-between gap-2">
        <p className="text-lg font-bold text-orange-900">{t('conv.brand')}</p>
        <LanguageChoice />
      </div>
      {joined.isPending ? (
        <Loading />
      ) : joined.error ? (
        <BadLink error={joined.error} />
      ) : (
        children(joined.data.id)
      )}
    </main>
  );
}

export function JoinPage() {
  return <JoinFrame>{(id) => <Conversation id={id} />}</JoinFrame>;
}

function Conversation({ id }: { id: string }) {
  const conversation = useConversation(id);
  const [params] = useSearchParams();
  const linked = params.get('statement');
  const map = useLiveMap(id);
  const t = useT();
  if (conversation.isPending) return <Loading />;
  if (conversation.error) return <ErrorNote error={conversation.error} />;
  const c = conversation.data;
  return (
    <>
      <PageTitle lead={c.question}>{c.title}</PageTitle>
      <p className="-mt-2 mb-4 text-sm text-stone-600">
        {c.closesAt
          ? t('conv.metaUntil', {
              branch: c.branch.name,
              state: t('conv.state', { phase: c.phase }),
              until: dateTime(c.closesAt),
            })
          : t('conv.meta', { branch: c.branch.name, state: t('conv.state', { phase: c.phase }) })}{' '}
        ·{' '}
        <Link
          className="link"
          to={linkFor(id) ? `/join/${linkFor(id)}/report` : `/conversations/${id}/report`}
        >
          {t('conv.report')}
        </Link>
        {c.canModerate && (
          <>
            {' · '}
            <Link className="link" to={`/conversations/${id}/moderate`}>
              {t('conv.moderate')}
            </Link>
          </>
        )}
      </p>
      {c.description && <p className="mb-4 max-w-prose whitespace-pre-line">{c.description}</p>}
      {c.canModerate && <RunConversation c={c} />}
      <p className="mb-4 rounded-lg bg-stone-100 p-3 text-sm text-stone-700">{t('conv.privacy')}</p>
      <div className="grid gap-4 lg:grid-cols-2">
        <VoteCard id={id} first={linked !== null && /^\d+$/.test(linked) ? Number(linked) : null} />
        <WriteStatement id={id} />
      </div>
      <section aria-labelledby="map-heading" className="mt-6">
        <h2 id="map-heading" className="mb-2 flex items-center gap-2 text-lg font-semibold">
          {t('conv.where')}
          <span className="text-xs font-normal text-stone-500" aria-live="polite">
            {map.connected ? t('conv.live') : t('conv.reconnecting')}
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
