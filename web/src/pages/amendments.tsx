import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type ReactNode, type SyntheticEvent } from 'react';
import { Link } from 'react-router';
import { api } from '../api.ts';
import { Empty, ErrorNote, Loading } from '../components/ui.tsx';
import type { AmendmentList, Draft } from '../manifesto.ts';
import { keys } from '../query-keys.ts';
import { wordDiff } from '../word-diff.ts';
import { dateTime } from '../format.ts';
import { useLanguage, useT } from '../i18n/index.ts';
import { groupName } from '../deliberation.ts';
import { AMENDMENT_KINDS, type AmendmentKind as Kind } from '../../../src/contract/vocabulary.ts';

function Propose({ draft }: { draft: Draft }) {
  const qc = useQueryClient();
  const [kind, setKind] = useState<Kind>('replace');
  const [target, setTarget] = useState('');
  const [text, setText] = useState('');
  const t = useT();
  const propose = useMutation({
    mutationFn: () =>
      api.manifestos[':id'].amendments.$post({
        params: { id: draft.id },
        body:
          kind === 'add'
            ? { kind, sectionId: target, text }
            : kind === 'replace'
              ? { kind, clauseId: target, text }
              : { kind, clauseId: target },
      }),
    onSuccess: (l) => {
      qc.setQueryData(keys.amendments(draft.id), l);
      setText('');
    },
  });
  const submit = (e: SyntheticEvent) => {
    e.preventDefault();
    propose.mutate();
  };
  return (
    <form onSubmit={submit} className="card mb-3 grid gap-3">
      <p className="font-semibold">{t('amend.propose')}</p>
      <div className="grid gap-3 sm:grid-cols-2">
        <div>
          <label htmlFor="a-kind" className="label">
            {t('amend.amendment')}
          </label>
          <select
            id="a-kind"
            className="input"
            value={kind}
            onChange={(e) => {
              setKind(e.target.value as Kind);
              setTarget('');
            }}
          >
            {AMENDMENT_KINDS.map((k) => (
              <option key={k} value={k}>
                {t('amend.kind', { kind: k })}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="a-target" className="label">
            {t(kind === 'add' ? 'amend.toSection' : 'amend.theClause')}
          </label>
          <select
            id="a-target"
            className="input"
            required
            value={target}
            onChange={(e) => setTarget(e.target.value)}
          >
            <option value="">{t('amend.choose')}</option>
            {kind === 'add'
              ? draft.sections.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.title}
                  </option>
                ))
              : draft.sections.flatMap((s) =>
                  s.clauses.map((c) => (
                    <option key={c.id} value={c.id}>
                      {s.title}: {c.text.slice(0, 80)}
                    </option>
                  )),
                )}
          </select>
        </div>
      </div>
      {kind !== 'delete' && (
        <div>
          <label htmlFor="a-text" className="label">
            {t(kind === 'add' ? 'amend.newClause' : 'amend.newWording')}
          </label>
          <textarea
            id="a-text"
            className="input"
            required
            maxLength={240}
            value={text}
            onChange={(e) => setText(e.target.value)}
          />
        </div>
      )}
      <ErrorNote error={propose.error} />
      <button type="submit" className="btn w-fit" disabled={propose.isPending}>
        {t('amend.submit')}
      </button>
    </form>
  );
}

function Decide({ draftId, amendmentId }: { draftId: string; amendmentId: string }) {
  const qc = useQueryClient();
  const [reason, setReason] = useState('');
  const decide = useMutation({
    mutationFn: (decision: 'accept' | 'decline') =>
      api.manifestos[':id'].amendments[':amendmentId'].decision.$post({
        params: { id: draftId, amendmentId },
        body: { decision, reason },
      }),
    onSuccess: (l) => {
      qc.setQueryData(keys.amendments(draftId), l);
      void qc.invalidateQueries({ queryKey: keys.manifesto(draftId) });
    },
  });
  const id = `reason-${amendmentId}`;
  return (
    <div className="mt-2 grid gap-2">
      <label htmlFor={id} className="label">
        The committee's reason
      </label>
      <input id={id} className="input" value={reason} onChange={(e) => setReason(e.target.value)} />
      <div className="flex gap-2">
        <button
          type="button"
          className="btn-secondary"
          disabled={decide.isPending}
          onClick={() => decide.mutate('accept')}
        >
          Accept
        </button>
        <button
          type="button"
          className="btn-secondary"
          disabled={decide.isPending}
          onClick={() => decide.mutate('decline')}
        >
          Decline
        </button>
      </div>
      <ErrorNote error={decide.error} />
    </div>
  );
}

/**
 * The amendment window: open it (committee), propose, see the amendments (those with support in every group
 * first) with the clause before and after and their support, decide.
 */
type Amendment = AmendmentList['amendments'][number];

/** The clause before and after, word by word (removed words struck through, added ones underlined). */
function AmendmentChange({ a, draft }: { a: Amendment; draft: Draft }) {
  const clause = draft.sections.flatMap((s) => s.clauses).find((c) => c.id === a.clauseId);
  const section = draft.sections.find((s) => s.id === a.sectionId);
  const t = useT();
  if (a.kind === 'add')
    return (
      <p className="font-medium">
        {section && (
          <span className="block text-sm font-normal text-stone-600">
            {t('amend.newIn', { section: section.title })}
          </span>
        )}
        <ins className="text-green-900">{a.text}</ins>
      </p>
    );
  if (a.kind === 'delete')
    return (
      <p className="font-medium">
        <span className="block text-sm font-normal text-stone-600">{t('amend.delete')}</span>
        <del className="text-red-900">{clause?.text ?? t('amend.goneClause')}</del>
      </p>
    );
  if (!clause) return <p className="font-medium">{a.text}</p>;
  return (
    <p className="font-medium" data-testid="amendment-diff">
      {wordDiff(clause.text, a.text ?? '').map((part, i) => (
        <span key={i}>
          {i > 0 && ' '}
          {part.kind === 'removed' ? (
            <del className="bg-red-50 text-red-900">{part.text}</del>
          ) : part.kind === 'added' ? (
            <ins className="bg-green-50 text-green-900">{part.text}</ins>
          ) : (
            part.text
          )}
        </span>
      ))}
    </p>
  );
}

/** The amendment's support in its conversation: overall, and in each group (the bridge it makes or not). */
function Support({ support }: { support: Amendment['support'] }) {
  const t = useT();
  const lang = useLanguage();
  if (!support) return <p className="text-sm text-stone-600">{t('amend.noVotes')}</p>;
  const votes = support.agree + support.disagree + support.pass;
  const share = votes > 0 ? Math.round((support.agree / votes) * 100) : 0;
  // The groups' shares are a list of values, joined as the language joins a list.
  const groups = new Intl.ListFormat(lang, { type: 'unit', style: 'short' }).format(
    support.byGroup.map((g) =>
      t('amend.groupShare', { label: groupName(t, g.group), percent: Math.round(g.agreeShare * 100) }),
    ),
  );
  return (
    <div className="text-sm text-stone-600">
      <p>
        {t('amend.support', {
          share,
          agree: support.agree,
          votes,
          disagree: support.disagree,
          pass: support.pass,
        })}
      </p>
      {support.byGroup.length > 0 && <p>{t('amend.inEachGroup', { groups })}</p>}
    </div>
  );
}

/** The link to the amendments' conversation, for a message's <link> part. */
const voteLink = (conversationId: string) => (c: ReactNode[]) => (
  <Link className="link" to={`/conversations/${conversationId}`}>
    {c}
  </Link>
);

export function Amendments({ draft }: { draft: Draft }) {
  const list = useQuery({
    queryKey: keys.amendments(draft.id),
    queryFn: ({ signal }) => api.manifestos[':id'].amendments.$get({ params: { id: draft.id }, signal }),
  });
  const qc = useQueryClient();
  const t = useT();
  const [closesAt, setClosesAt] = useState(() =>
    new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10),
  );
  const open = useMutation({
    mutationFn: () =>
      api.manifestos[':id']['amendment-window'].$post({
        params: { id: draft.id },
        body: { closesAt: new Date(`${closesAt}T23:59:00`).toISOString() },
      }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: keys.amendments(draft.id) }),
  });
  if (list.isPending) return <Loading />;
  if (list.error) return <ErrorNote error={list.error} />;
  const l = list.data;
  return (
    <section aria-labelledby="amendments" className="mb-8 print:hidden">
      <h2 id="amendments" className="mb-2 text-xl font-bold">
        {t('amend.title')}
      </h2>
      {l.window?.open ? (
        <p className="mb-3 text-sm">
          {l.window.closesAt
            ? t.rich('amend.openUntil', {
                link: voteLink(l.window.conversationId),
                time: dateTime(l.window.closesAt),
              })
            : t.rich('amend.open', { link: voteLink(l.window.conversationId) })}
        </p>
      ) : (
        <p className="mb-3 text-sm text-stone-600">{t('amend.closed')}</p>
      )}
      {l.window?.open && <Propose draft={draft} />}
      {draft.canDraft && !l.window?.open && (
        <form
          className="card mb-3 flex flex-wrap items-end gap-3"
          onSubmit={(e) => {
            e.preventDefault();
            open.mutate();
          }}
        >
          <div>
            <label htmlFor="w-closes" className="label">
              Open the window until
            </label>
            <input
              id="w-closes"
              type="date"
              className="input"
              required
              value={closesAt}
              onChange={(e) => setClosesAt(e.target.value)}
            />
          </div>
          <button type="submit" className="btn" disabled={open.isPending}>
            Open the amendment window
          </button>
          <ErrorNote error={open.error} />
        </form>
      )}
      {l.amendments.length === 0 ? (
        <Empty>{t('amend.none')}</Empty>
      ) : (
        <ol className="grid gap-3">
          {l.amendments.map((a) => (
            <li key={a.id} className="card">
              <p className="text-xs uppercase text-stone-500">
                {t('amend.heading', { kind: a.kind, status: a.status })}
              </p>
              <AmendmentChange a={a} draft={draft} />
              <Support support={a.support} />
              {a.reason && <p className="text-sm">{t('amend.committee', { reason: a.reason })}</p>}
              {l.canDecide && a.status === 'pending' && <Decide draftId={draft.id} amendmentId={a.id} />}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
