import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type SyntheticEvent } from 'react';
import { Link } from 'react-router';
import { api } from '../api.ts';
import { Empty, ErrorNote, Loading } from '../components/ui.tsx';
import type { AmendmentList, Draft } from '../manifesto.ts';
import { keys } from '../query-keys.ts';
import { wordDiff } from '../word-diff.ts';
import { dateTime } from '../format.ts';

const KIND_LABEL = { replace: 'Reword a clause', add: 'Add a clause', delete: 'Delete a clause' } as const;
type Kind = keyof typeof KIND_LABEL;

function Propose({ draft }: { draft: Draft }) {
  const qc = useQueryClient();
  const [kind, setKind] = useState<Kind>('replace');
  const [target, setTarget] = useState('');
  const [text, setText] = useState('');
  const propose = useMutation({
    mutationFn: () =>
      api<AmendmentList>(`/api/manifestos/${draft.id}/amendments`, {
        method: 'POST',
        json:
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
      <p className="font-semibold">Propose an amendment</p>
      <div className="grid gap-3 sm:grid-cols-2">
        <div>
          <label htmlFor="a-kind" className="label">
            Amendment
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
            {(Object.keys(KIND_LABEL) as Kind[]).map((k) => (
              <option key={k} value={k}>
                {KIND_LABEL[k]}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="a-target" className="label">
            {kind === 'add' ? 'To the section' : 'The clause'}
          </label>
          <select
            id="a-target"
            className="input"
            required
            value={target}
            onChange={(e) => setTarget(e.target.value)}
          >
            <option value="">Choose…</option>
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
            {kind === 'add' ? 'The new clause' : 'The new wording'} (at most 240 characters)
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
        Propose it
      </button>
    </form>
  );
}

function Decide({ draftId, amendmentId }: { draftId: string; amendmentId: string }) {
  const qc = useQueryClient();
  const [reason, setReason] = useState('');
  const decide = useMutation({
    mutationFn: (decision: 'accept' | 'decline') =>
      api<AmendmentList>(`/api/manifestos/${draftId}/amendments/${amendmentId}/decision`, {
        method: 'POST',
        json: { decision, reason },
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
  if (a.kind === 'add')
    return (
      <p className="font-medium">
        {section && <span className="block text-sm font-normal text-stone-600">New in {section.title}:</span>}
        <ins className="text-green-900">{a.text}</ins>
      </p>
    );
  if (a.kind === 'delete')
    return (
      <p className="font-medium">
        <span className="block text-sm font-normal text-stone-600">Delete:</span>
        <del className="text-red-900">{clause?.text ?? 'a clause no longer in the draft'}</del>
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
  if (!support) return <p className="text-sm text-stone-600">No votes on it yet.</p>;
  const votes = support.agree + support.disagree + support.pass;
  const share = votes > 0 ? Math.round((support.agree / votes) * 100) : 0;
  return (
    <p className="text-sm text-stone-600">
      {share}% agree ({support.agree} of {votes} votes; {support.disagree} disagree, {support.pass} pass)
      {support.byGroup.length > 0 &&
        ` · in each group: ${support.byGroup.map((g) => `${g.label} ${Math.round(g.agreeShare * 100)}%`).join(', ')}`}
    </p>
  );
}

export function Amendments({ draft }: { draft: Draft }) {
  const list = useQuery({
    queryKey: keys.amendments(draft.id),
    queryFn: ({ signal }) => api<AmendmentList>(`/api/manifestos/${draft.id}/amendments`, { signal }),
  });
  const qc = useQueryClient();
  const [closesAt, setClosesAt] = useState(() =>
    new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10),
  );
  const open = useMutation({
    mutationFn: () =>
      api(`/api/manifestos/${draft.id}/amendment-window`, {
        method: 'POST',
        json: { closesAt: new Date(`${closesAt}T23:59:00`).toISOString() },
      }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: keys.amendments(draft.id) }),
  });
  if (list.isPending) return <Loading />;
  if (list.error) return <ErrorNote error={list.error} />;
  const l = list.data;
  return (
    <section aria-labelledby="amendments" className="mb-8 print:hidden">
      <h2 id="amendments" className="mb-2 text-xl font-bold">
        Amendments
      </h2>
      {l.window?.open ? (
        <p className="mb-3 text-sm">
          The amendment window is open
          {l.window.closesAt && ` until ${dateTime(l.window.closesAt)}`}.{' '}
          <Link className="link" to={`/conversations/${l.window.conversationId}`}>
            Vote on the amendments
          </Link>
        </p>
      ) : (
        <p className="mb-3 text-sm text-stone-600">The amendment window is closed.</p>
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
        <Empty>No amendments proposed.</Empty>
      ) : (
        <ol className="grid gap-3">
          {l.amendments.map((a) => (
            <li key={a.id} className="card">
              <p className="text-xs uppercase text-stone-500">
                {KIND_LABEL[a.kind]} · {a.status}
              </p>
              <AmendmentChange a={a} draft={draft} />
              <Support support={a.support} />
              {a.reason && <p className="text-sm">Committee: {a.reason}</p>}
              {l.canDecide && a.status === 'pending' && <Decide draftId={draft.id} amendmentId={a.id} />}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
