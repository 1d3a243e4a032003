/** The vote card of a conversation: one statement at a time, by tap or by key, with undo. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { ErrorNote, Loading, Success } from './ui.tsx';
import { api } from '../api.ts';
import { inConversation, type NextCard } from '../deliberation.ts';
import { keys } from '../query-keys.ts';
import { useT, type MessageKey } from '../i18n/index.ts';

type Value = -1 | 0 | 1;
const CHOICES: { value: Value; key: string; label: MessageKey; className: string }[] = [
  { value: 1, key: 'a', label: 'vote.agree', className: 'btn bg-green-700 hover:bg-green-800' },
  { value: -1, key: 'd', label: 'vote.disagree', className: 'btn bg-red-700 hover:bg-red-800' },
  { value: 0, key: 'p', label: 'vote.pass', className: 'btn-secondary' },
];

const typing = (t: EventTarget | null) =>
  t instanceof HTMLElement && (t.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName));

/** One statement card at a time: agree, disagree or pass, by tap or by the keys a, d, p; u undoes. */
export function VoteCard({ id, first }: { id: string; first?: number | null }) {
  const qc = useQueryClient();
  const t = useT();
  const next = useQuery({
    queryKey: keys.next(id),
    // A link to a statement (?statement=N) shows it first, if the member has not voted on it.
    queryFn: ({ signal }) =>
      api.conversations[':id'].next.$get({
        ...inConversation(id),
        query: first === null || first === undefined ? {} : { statement: first },
        signal,
      }),
  });
  // After a vote, focus goes to the next statement, so keyboard users carry on from the card (one Tab
  // to Agree) instead of from the top of the page.
  const cardRef = useRef<HTMLQuoteElement>(null);
  const refocus = useRef(false);
  const [last, setLast] = useState<{ id: string; text: string; value: Value } | null>(null);
  // The answer to a vote or an undo carries the next card: shown at once, with no second request.
  const showNext = (card: NextCard) => {
    qc.setQueryData(keys.next(id), card);
    void qc.invalidateQueries({ queryKey: keys.myVotes(id) });
  };
  const vote = useMutation({
    mutationFn: (v: { statementId: string; text: string; value: Value }) =>
      api.conversations[':id'].votes.$post({
        ...inConversation(id),
        body: { statementId: v.statementId, value: v.value },
      }),
    onSuccess: (r, v) => {
      setLast({ id: v.statementId, text: v.text, value: v.value });
      showNext(r.next);
      refocus.current = true;
    },
  });
  const undo = useMutation({
    mutationFn: (statementId: string) =>
      api.conversations[':id'].votes.undo.$post({ ...inConversation(id), body: { statementId } }),
    onSuccess: (r) => {
      setLast(null);
      showNext(r.next);
    },
  });
  const card = next.data?.statement ?? null;
  const busy = vote.isPending || undo.isPending || next.isFetching;
  useEffect(() => {
    if (!refocus.current) return;
    refocus.current = false;
    cardRef.current?.focus();
  }, [card]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || typing(e.target)) return;
      const k = e.key.toLowerCase();
      if (k === 'u' && last && !busy) {
        e.preventDefault();
        undo.mutate(last.id);
        return;
      }
      const choice = CHOICES.find((c) => c.key === k);
      if (choice && card && !busy) {
        e.preventDefault();
        vote.mutate({ statementId: card.id, text: card.text, value: choice.value });
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [card, last, busy, vote, undo]);

  if (next.isPending) return <Loading label={t('vote.loading')} />;
  if (next.error) return <ErrorNote error={next.error} />;
  const { progress } = next.data;
  return (
    <section aria-labelledby="vote-heading" className="card">
      <div className="mb-2 flex items-center justify-between gap-2">
        <h2 id="vote-heading" className="text-lg font-semibold">
          {t('vote.heading')}
        </h2>
        <p className="text-sm text-stone-600" data-testid="progress" aria-live="polite">
          {t('vote.progress', { voted: progress.voted, total: progress.total })}
        </p>
      </div>
      <progress className="mb-3 h-2 w-full" max={progress.total || 1} value={progress.voted} aria-hidden />
      {card ? (
        <>
          <blockquote
            ref={cardRef}
            tabIndex={-1}
            className="mb-4 min-h-16 text-xl focus:outline-2 focus:outline-offset-4 focus:outline-orange-700"
            data-testid="statement-card"
            aria-live="polite"
          >
            {card.text}
          </blockquote>
          <div className="grid grid-cols-1 gap-2 sm:grid-cols-3">
            {CHOICES.map((c) => (
              <button
                key={c.key}
                type="button"
                className={c.className}
                disabled={busy || next.data.phase !== 'open'}
                aria-keyshortcuts={c.key}
                onClick={() => vote.mutate({ statementId: card.id, text: card.text, value: c.value })}
              >
                {t(c.label)} {/* Keys are for keyboards: no hint on a touch screen. */}
                <kbd className="rounded bg-black/15 px-1 text-xs pointer-coarse:hidden">
                  {c.key.toUpperCase()}
                </kbd>
              </button>
            ))}
          </div>
        </>
      ) : (
        <Success>{progress.total === 0 ? t('vote.noneYet') : t('vote.allDone')}</Success>
      )}
      {next.data.phase !== 'open' && (
        <p className="mt-2 text-stone-600">
          {t(next.data.phase === 'closed' ? 'vote.closed' : 'vote.notOpen')}
        </p>
      )}
      <ErrorNote error={vote.error ?? undo.error} />
      {last && (
        <p className="mt-3 flex flex-wrap items-center gap-2 text-sm text-stone-700" role="status">
          {t('vote.youVoted', {
            value: last.value === 1 ? 'agree' : last.value === -1 ? 'disagree' : 'pass',
            text: last.text,
          })}
          <button type="button" className="link" aria-keyshortcuts="u" onClick={() => undo.mutate(last.id)}>
            {t('vote.undo')}
          </button>
        </p>
      )}
    </section>
  );
}
