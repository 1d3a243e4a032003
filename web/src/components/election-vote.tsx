/**
 * Voting in an election: the roll (its size by branch, and whether the member is on it), the ranked paper,
 * and the returning officer's controls (open voting and hand out the key shares; close and count with them).
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type SyntheticEvent } from 'react';
import { api } from '../api.ts';
import { ErrorNote } from './ui.tsx';
import { Field } from './field.tsx';
import { keys } from '../query-keys.ts';
import { useT } from '../i18n/index.ts';
import type { ElectionView } from '../../../src/contract/elections.ts';

export function Roll({ e }: { e: ElectionView }) {
  const t = useT();
  if (!e.roll) return null;
  return (
    <div className="mb-3 text-sm" data-testid="roll">
      <p>
        {t('election.roll', { count: e.roll.total })}{' '}
        <strong>{t(e.me.onRoll ? 'election.onRoll' : 'election.notOnRoll')}</strong>{' '}
        {e.voted !== null && e.phase === 'voting' && t('election.turnoutSoFar', { voted: e.voted })}
      </p>
      <details>
        <summary className="cursor-pointer">{t('election.rollByBranch')}</summary>
        <ul className="mt-1 grid gap-x-4 sm:grid-cols-2">
          {e.roll.byBranch.map((r) => (
            <li key={r.branch}>
              {r.branch}: {r.members}
            </li>
          ))}
        </ul>
      </details>
    </div>
  );
}

/** What is wrong with a set of preference numbers, if anything: a number twice, a gap, none at all. */
function rankingProblem(prefs: Record<string, number>): { key: 'twice' | 'gap' | 'none'; n: number } | null {
  const given = Object.values(prefs).sort((a, b) => a - b);
  if (given.length === 0) return { key: 'none', n: 0 };
  const twice = given.find((n, i) => i > 0 && n === given[i - 1]);
  if (twice !== undefined) return { key: 'twice', n: twice };
  const gap = given.findIndex((n, i) => n !== i + 1);
  return gap >= 0 ? { key: 'gap', n: gap + 1 } : null;
}

export function RankVote({ e }: { e: ElectionView }) {
  const t = useT();
  const qc = useQueryClient();
  const paper = e.paper ?? [];
  const [prefs, setPrefs] = useState<Record<string, number>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [receipt, setReceipt] = useState<string | null>(null);
  const vote = useMutation({
    mutationFn: (ranking: string[]) =>
      api.elections[':id'].votes.$post({ params: { id: e.id }, body: { ranking } }),
    onSuccess: (r) => {
      setReceipt(r.receipt);
      void qc.invalidateQueries({ queryKey: keys.election(e.id) });
    },
  });
  if (receipt)
    return (
      <p className="card mb-4 border-green-300" role="status" data-testid="election-receipt">
        {t('election.receipt', { receipt })}
      </p>
    );
  if (e.me.voted) return <p className="card mb-4 font-medium">{t('election.voted')}</p>;
  if (!e.me.onRoll) return null;
  const submit = (ev: SyntheticEvent) => {
    ev.preventDefault();
    const p = rankingProblem(prefs);
    if (p) {
      setProblem(
        t(
          p.key === 'twice'
            ? 'election.rankTwice'
            : p.key === 'gap'
              ? 'election.rankGap'
              : 'election.rankNone',
          { n: p.n },
        ),
      );
      return;
    }
    setProblem(null);
    vote.mutate(
      Object.entries(prefs)
        .sort(([, a], [, b]) => a - b)
        .map(([id]) => id),
    );
  };
  return (
    <form onSubmit={submit} className="card mb-4 grid gap-3" aria-describedby="rank-lead">
      <p id="rank-lead">{t('election.rankLead')}</p>
      <ul className="grid gap-2">
        {paper.map((c) => (
          <li key={c.id} className="flex items-center justify-between gap-3 border-b border-stone-100 pb-2">
            <label htmlFor={`pref-${c.id}`} className="font-medium">
              {c.name}
            </label>
            <select
              id={`pref-${c.id}`}
              className="input w-32"
              aria-label={t('election.preference', { name: c.name })}
              value={prefs[c.id] ?? ''}
              onChange={(ev) => {
                setProblem(null);
                const rest = Object.fromEntries(Object.entries(prefs).filter(([k]) => k !== c.id));
                setPrefs(ev.target.value ? { ...rest, [c.id]: Number(ev.target.value) } : rest);
              }}
            >
              <option value="">{t('election.unranked')}</option>
              {paper.map((_, i) => (
                <option key={i} value={i + 1}>
                  {i + 1}
                </option>
              ))}
            </select>
          </li>
        ))}
      </ul>
      {problem && (
        <p role="alert" className="font-medium text-red-800">
          {problem}
        </p>
      )}
      <ErrorNote error={vote.error} />
      <button type="submit" className="btn w-fit" disabled={vote.isPending}>
        {t('election.rankSubmit')}
      </button>
    </form>
  );
}

/** The returning officer's controls: open voting (and see the key shares once), then count. */
export function RunControls({ e }: { e: ElectionView }) {
  const t = useT();
  const qc = useQueryClient();
  const [holders, setHolders] = useState('3');
  const [threshold, setThreshold] = useState('2');
  const [shares, setShares] = useState<string[] | null>(null);
  const [given, setGiven] = useState<string[]>([]);
  const open = useMutation({
    mutationFn: () =>
      api.elections[':id'].open.$post({
        params: { id: e.id },
        body: { keyHolders: Number(holders) || 1, keyThreshold: Number(threshold) || 1 },
      }),
    onSuccess: (r) => {
      setShares(r.keyShares);
      qc.setQueryData(keys.election(e.id), r);
    },
  });
  const count = useMutation({
    mutationFn: () =>
      api.elections[':id'].count.$post({ params: { id: e.id }, body: { shares: given.filter(Boolean) } }),
    onSuccess: (r) => qc.setQueryData(keys.election(e.id), r),
  });
  if (!e.canRun) return null;
  return (
    <section aria-label={t('election.openVoting')} className="mb-6">
      {shares && (
        <div className="my-3 rounded-lg border border-amber-400 bg-amber-50 p-3 text-amber-950">
          <h3 className="font-semibold">{t('election.sharesTitle')}</h3>
          <p className="mb-2 text-sm">
            {t('election.sharesLead', { holders: shares.length, threshold: Number(threshold) || 1 })}
          </p>
          <ol className="grid gap-1">
            {shares.map((s, i) => (
              <li key={s}>
                <span className="text-sm">{t('election.share', { n: i + 1 })}: </span>
                <code className="break-all" data-testid="key-share">
                  {s}
                </code>
              </li>
            ))}
          </ol>
        </div>
      )}
      {e.phase === 'nominations-closed' && (
        <form
          className="card grid gap-3 sm:grid-cols-3"
          onSubmit={(ev) => {
            ev.preventDefault();
            open.mutate();
          }}
        >
          <p className="sm:col-span-3">{t('election.openVotingLead')}</p>
          <div>
            <label htmlFor="el-holders" className="label">
              {t('keys.holders')}
            </label>
            <input
              id="el-holders"
              className="input"
              type="number"
              inputMode="numeric"
              min={1}
              max={9}
              value={holders}
              onChange={(ev) => setHolders(ev.target.value)}
            />
          </div>
          <div>
            <label htmlFor="el-threshold" className="label">
              {t('keys.threshold')}
            </label>
            <input
              id="el-threshold"
              className="input"
              type="number"
              inputMode="numeric"
              min={1}
              max={9}
              value={threshold}
              onChange={(ev) => setThreshold(ev.target.value)}
            />
          </div>
          <div className="flex items-end">
            <button type="submit" className="btn" disabled={open.isPending}>
              {t('election.openVoting')}
            </button>
          </div>
          <div className="sm:col-span-3">
            <ErrorNote error={open.error} />
          </div>
        </form>
      )}
      {e.phase === 'voting' && (
        <form
          className="card grid gap-3"
          onSubmit={(ev) => {
            ev.preventDefault();
            count.mutate();
          }}
        >
          <h3 className="font-semibold">{t('election.count')}</h3>
          <p className="text-sm">{t('election.countLead', { threshold: e.keys?.threshold ?? 1 })}</p>
          {Array.from({ length: e.keys?.threshold ?? 1 }, (_, i) => (
            <div key={i}>
              <label htmlFor={`el-share-${i}`} className="label">
                {t('election.share', { n: i + 1 })}
              </label>
              <input
                id={`el-share-${i}`}
                className="input font-mono"
                autoComplete="off"
                spellCheck={false}
                value={given[i] ?? ''}
                onChange={(ev) => {
                  const next = [...given];
                  next[i] = ev.target.value;
                  setGiven(next);
                }}
              />
            </div>
          ))}
          <ErrorNote error={count.error} />
          <button type="submit" className="btn w-fit" disabled={count.isPending}>
            {t('election.countSubmit')}
          </button>
        </form>
      )}
    </section>
  );
}

/** A member checks their receipt: their paper is in the box, or was counted (never what it says). */
export function VerifyReceipt({ e }: { e: ElectionView }) {
  const t = useT();
  const [given, setGiven] = useState('');
  const verify = useMutation({
    mutationFn: () => api.elections[':id'].verify.$post({ params: { id: e.id }, body: { receipt: given } }),
  });
  if (e.phase !== 'voting' && e.phase !== 'counted') return null;
  const submit = (ev: SyntheticEvent) => {
    ev.preventDefault();
    verify.mutate();
  };
  return (
    <form onSubmit={submit} className="card mb-6 grid gap-2" aria-labelledby="verify-receipt">
      <h2 id="verify-receipt" className="font-semibold">
        {t('election.verify')}
      </h2>
      <Field id="el-receipt" label={t('election.verifyLabel')} field="receipt" error={verify.error}>
        {(c) => (
          <input
            {...c}
            className="input font-mono"
            autoComplete="off"
            spellCheck={false}
            required
            value={given}
            onChange={(ev) => setGiven(ev.target.value)}
          />
        )}
      </Field>
      <button type="submit" className="btn-secondary w-fit" disabled={verify.isPending}>
        {t('election.verifySubmit')}
      </button>
      <ErrorNote error={verify.error} />
      {verify.data && (
        <p role="status" data-testid="receipt-status">
          {t(`election.verify.${verify.data.status}`)}
        </p>
      )}
    </form>
  );
}
