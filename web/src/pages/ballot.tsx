import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type SyntheticEvent } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { api } from '../api.ts';
import { Empty, ErrorNote, Loading, PageTitle } from '../components/ui.tsx';
import type { BallotView } from '../manifesto.ts';
import { keys } from '../query-keys.ts';
import { dateOnly, dateTime } from '../format.ts';
import { CloseBallot, Receipt, Results, seal, VerifyReceipt } from '../components/ballot-parts.tsx';
import { KeyShares } from '../components/key-shares.tsx';
import type { BallotChoice } from '../../../src/contract/vocabulary.ts';
import { useT } from '../i18n/index.ts';

type Choice = BallotChoice;

/** The draft's ballots, and (for its drafting committee) a form to open one. */
export function Ballots({ draftId, canDraft }: { draftId: string; canDraft: boolean }) {
  const navigate = useNavigate();
  const list = useQuery({
    queryKey: keys.ballots(draftId),
    queryFn: ({ signal }) => api.manifestos[':id'].ballots.$get({ params: { id: draftId }, signal }),
  });
  const [mode, setMode] = useState<'clauses' | 'document'>('clauses');
  const [cutoff, setCutoff] = useState(new Date().toISOString().slice(0, 10));
  const [closesAt, setClosesAt] = useState('');
  const [quorum, setQuorum] = useState('');
  const [holders, setHolders] = useState('1');
  const [threshold, setThreshold] = useState('1');
  const t = useT();
  const open = useMutation({
    mutationFn: () =>
      api.manifestos[':id'].ballots.$post({
        params: { id: draftId },
        body: {
          mode,
          cutoff,
          // The local date and time the drafter picked, sent as an instant.
          ...(closesAt ? { closesAt: new Date(closesAt).toISOString() } : {}),
          ...(quorum ? { quorumPercent: Number(quorum) } : {}),
          keyHolders: Number(holders) || 1,
          keyThreshold: Number(threshold) || 1,
        },
      }),
    // The key shares go to the ballot's page in memory only: shown there once, never stored.
    onSuccess: (b) => void navigate(`/ballots/${b.id}`, { state: { keyShares: b.keyShares } }),
  });
  const submit = (e: SyntheticEvent) => {
    e.preventDefault();
    open.mutate();
  };
  return (
    <section aria-labelledby="ratification" className="mb-8 print:hidden">
      <h2 id="ratification" className="mb-2 text-xl font-bold">
        {t('ratify.title')}
      </h2>
      {list.isPending ? (
        <Loading />
      ) : list.error ? (
        <ErrorNote error={list.error} />
      ) : list.data.ballots.length === 0 ? (
        <Empty>{t('ratify.none')}</Empty>
      ) : (
        <ul className="mb-3 grid gap-2">
          {list.data.ballots.map((b) => (
            <li key={b.id}>
              <Link className="link" to={`/ballots/${b.id}`}>
                {t('ratify.item', { mode: b.mode, date: dateOnly(b.opensAt) })}
              </Link>{' '}
              <span className="text-sm text-stone-600">{t(b.closed ? 'ratify.closed' : 'ratify.open')}</span>
            </li>
          ))}
        </ul>
      )}
      {canDraft && (
        <form onSubmit={submit} className="card grid gap-3 sm:grid-cols-3">
          <div>
            <label htmlFor="b-mode" className="label">
              {t('ratify.form.mode')}
            </label>
            <select
              id="b-mode"
              className="input"
              value={mode}
              onChange={(e) => setMode(e.target.value === 'document' ? 'document' : 'clauses')}
            >
              <option value="clauses">{t('ratify.form.clauses')}</option>
              <option value="document">{t('ratify.form.document')}</option>
            </select>
          </div>
          <div>
            <label htmlFor="b-cutoff" className="label">
              {t('ratify.form.cutoff')}
            </label>
            <input
              id="b-cutoff"
              type="date"
              className="input"
              required
              max={new Date().toISOString().slice(0, 10)}
              aria-describedby="b-cutoff-hint"
              value={cutoff}
              onChange={(e) => setCutoff(e.target.value)}
            />
          </div>
          <div>
            <label htmlFor="b-closes" className="label">
              {t('ratify.form.closes')}
            </label>
            <input
              id="b-closes"
              type="datetime-local"
              className="input"
              value={closesAt}
              onChange={(e) => setClosesAt(e.target.value)}
            />
          </div>
          <div>
            <label htmlFor="b-quorum" className="label">
              {t('ratify.form.quorum')}
            </label>
            <input
              id="b-quorum"
              type="number"
              inputMode="numeric"
              min={1}
              max={100}
              className="input"
              value={quorum}
              onChange={(e) => setQuorum(e.target.value)}
            />
          </div>
          <div>
            <label htmlFor="b-holders" className="label">
              {t('keys.holders')}
            </label>
            <input
              id="b-holders"
              type="number"
              inputMode="numeric"
              min={1}
              max={9}
              className="input"
              aria-describedby="b-keys-hint"
              value={holders}
              onChange={(e) => {
                setHolders(e.target.value);
                if (Number(e.target.value) > 1 && Number(threshold) < 2) setThreshold('2');
                if (Number(e.target.value) === 1) setThreshold('1');
              }}
            />
          </div>
          <div>
            <label htmlFor="b-threshold" className="label">
              {t('keys.threshold')}
            </label>
            <input
              id="b-threshold"
              type="number"
              inputMode="numeric"
              min={1}
              max={9}
              className="input"
              aria-describedby="b-keys-hint"
              value={threshold}
              onChange={(e) => setThreshold(e.target.value)}
            />
          </div>
          <div className="flex items-end">
            <button type="submit" className="btn" disabled={open.isPending}>
              {t('ratify.form.open')}
            </button>
          </div>
          <p id="b-cutoff-hint" className="text-sm text-stone-600 sm:col-span-3">
            {t('ratify.form.hint')}
          </p>
          <p id="b-keys-hint" className="text-sm text-stone-600 sm:col-span-3">
            {t('keys.hint')}
          </p>
          <div className="sm:col-span-3">
            <ErrorNote error={open.error} />
          </div>
        </form>
      )}
    </section>
  );
}

function ApproveReject({
  name,
  label,
  value,
  onChange,
}: {
  name: string;
  label: string;
  value: Choice | undefined;
  onChange: (c: Choice) => void;
}) {
  const t = useT();
  return (
    <fieldset className="card">
      <legend className="sr-only">{label}</legend>
      <p className="mb-2 font-medium">{label}</p>
      <div className="flex gap-4">
        {(['approve', 'reject', 'abstain'] as const).map((c) => (
          <label key={c} className="flex items-center gap-2">
            <input
              type="radio"
              name={name}
              value={c}
              checked={value === c}
              onChange={() => onChange(c)}
              required
            />
            {t(`choice.${c}`)}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

export function BallotPage() {
  const { id = '' } = useParams();
  const qc = useQueryClient();
  const t = useT();
  const ballot = useQuery({
    queryKey: keys.ballot(id),
    queryFn: ({ signal }) => api.ballots[':id'].$get({ params: { id }, signal }),
  });
  const [choices, setChoices] = useState<Record<string, Choice>>({});
  const [receipt, setReceipt] = useState<{
    receipt: string;
    box: { paper: number; head: string } | null;
  } | null>(null);
  const location = useLocation();
  const navigate = useNavigate();
  // The shares arrive in the navigation's state: kept in this page's memory only, and taken out of the
  // browser's history at once, so going back, forward or reloading never shows them again.
  const [keyShares] = useState(() => (location.state as { keyShares?: string[] } | null)?.keyShares ?? null);
  useEffect(() => {
    if ((location.state as { keyShares?: string[] } | null)?.keyShares)
      void navigate(location.pathname, { replace: true, state: null });
  }, [location.state, location.pathname, navigate]);
  const cast = useMutation({
    mutationFn: (b: BallotView) =>
      api.ballots[':id'].votes.$post({
        params: { id },
        body: b.mode === 'document' ? { document: choices.document } : { clauses: choices },
      }),
    onSuccess: (r) => {
      setReceipt(r);
      void qc.invalidateQueries({ queryKey: keys.ballot(id) });
    },
  });
  const close = useMutation({
    mutationFn: (shares: string[]) => api.ballots[':id'].close.$post({ params: { id }, body: { shares } }),
    onSuccess: (b) => qc.setQueryData(keys.ballot(id), b),
  });
  if (ballot.isPending) return <Loading />;
  if (ballot.error) return <ErrorNote error={ballot.error} />;
  const b = ballot.data;
  const set = (key: string) => (c: Choice) => setChoices({ ...choices, [key]: c });
  return (
    <article>
      <PageTitle
        lead={t('ballot.lead', {
          manifesto: b.manifesto.title,
          branch: b.manifesto.branch,
          cutoff: b.cutoff,
        })}
      >
        {t('ballot.title')}
      </PageTitle>
      <p className="-mt-2 mb-4 text-sm">
        <Link className="link" to={`/manifestos/${b.manifesto.id}`}>
          {t('ballot.back')}
        </Link>
      </p>
      <p className="card mb-4 text-sm">{t('ballot.secret')}</p>
      {keyShares && b.keys && !b.results && <KeyShares shares={keyShares} ballot={b} />}
      {receipt && <Receipt receipt={receipt.receipt} box={receipt.box} ballot={b} />}
      {b.awaitingCount && b.keys && (
        <p className="card mb-4 font-medium" role="status">
          {t('keys.awaiting', { threshold: b.keys.threshold })}
        </p>
      )}
      {b.results && <Results r={b.results} quorumPercent={b.quorumPercent} />}
      {!b.closed && (b.closesAt || b.quorumPercent !== null) && (
        <p className="mb-4 text-sm text-stone-700">
          {b.closesAt && t('ballot.closesAt', { time: dateTime(b.closesAt) })}{' '}
          {b.quorumPercent !== null && t('ballot.quorumRule', { percent: b.quorumPercent })}
        </p>
      )}
      {!b.refusal && !b.closed ? (
        <form
          className="grid gap-3"
          onSubmit={(e) => {
            e.preventDefault();
            cast.mutate(b);
          }}
        >
          {b.mode === 'document' ? (
            <ApproveReject
              name="document"
              label={t('ballot.whole')}
              value={choices.document}
              onChange={set('document')}
            />
          ) : (
            b.clauses.map((c) => (
              <ApproveReject
                key={c.id}
                name={c.id}
                label={t('ballot.clause', { section: c.section, text: c.text })}
                value={choices[c.id]}
                onChange={set(c.id)}
              />
            ))
          )}
          <ErrorNote error={cast.error} />
          <button type="submit" className="btn w-fit" disabled={cast.isPending}>
            {t('ballot.cast')}
          </button>
        </form>
      ) : (
        !b.closed && <p className="mb-4">{t('ballot.refusal', { reason: b.refusal ?? '' })}</p>
      )}
      <section aria-label={t('roll.byBranch')} className="mb-4 text-sm" data-testid="roll">
        <p>
          {t('roll.size', { count: b.roll.size })}{' '}
          <strong>{t(b.roll.onRoll ? 'roll.you' : 'roll.notYou')}</strong>
        </p>
        {b.roll.byBranch.length > 0 && (
          <details>
            <summary className="cursor-pointer">{t('roll.byBranch')}</summary>
            <ul className="mt-1 grid gap-x-4 sm:grid-cols-2">
              {b.roll.byBranch.map((r) => (
                <li key={r.branch}>
                  {r.branch}: {r.members}
                </li>
              ))}
            </ul>
          </details>
        )}
      </section>
      {b.keys && b.box.head && !b.results && (
        <p className="mb-4 text-sm text-stone-600" data-testid="box-seal">
          {t('keys.box', { papers: b.box.papers, head: seal(b.box.head) })}
        </p>
      )}
      {b.canClose && (
        <CloseBallot
          b={b}
          pending={close.isPending}
          error={close.error}
          onClose={(shares) => close.mutate(shares)}
        />
      )}
      <VerifyReceipt id={id} />
    </article>
  );
}
