/** The parts of a ballot's page: its results, the receipt shown once, closing it, checking a receipt. */
import { useMutation } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { api } from '../api.ts';
import { ErrorNote } from './ui.tsx';
import type { BallotView } from '../manifesto.ts';
import { dateTime } from '../format.ts';
import { useT } from '../i18n/index.ts';

/** A chain head as people compare it: its first 16 characters. */
export const seal = (head: string) => head.slice(0, 16);

export function Results({
  r,
  quorumPercent,
}: {
  r: NonNullable<BallotView['results']>;
  quorumPercent: number | null;
}) {
  const t = useT();
  const row = (
    key: string,
    label: string,
    n: { approve: number; reject: number; abstain: number; carried: boolean },
    section?: string,
  ) => (
    <tr key={key} className="border-t border-stone-200 align-top">
      <td className="py-1 pr-2">
        {section && <span className="block text-xs text-stone-600">{t('results.section', { section })}</span>}
        {label}
      </td>
      <td className="py-1 pr-2" data-label={t('choice.approve')}>
        {n.approve}
      </td>
      <td className="py-1 pr-2" data-label={t('choice.reject')}>
        {n.reject}
      </td>
      <td className="py-1 pr-2" data-label={t('choice.abstain')}>
        {n.abstain}
      </td>
      <td className="py-1 pr-2 font-semibold" data-label={t('results.result')}>
        {t(!r.quorate ? 'results.notQuorate' : n.carried ? 'results.carried' : 'results.notCarried')}
      </td>
    </tr>
  );
  return (
    <section aria-labelledby="results" className="mb-6">
      <h2 id="results" className="mb-2 text-xl font-bold">
        {t('results.title')}
      </h2>
      <p className="mb-2" data-testid="turnout">
        {t('results.turnout', { voted: r.voted, eligible: r.eligible, percent: Math.round(r.turnout * 100) })}
      </p>
      {quorumPercent !== null && (
        <p className={`mb-2 ${r.quorate ? '' : 'font-semibold text-red-900'}`} data-testid="quorum">
          {t(r.quorate ? 'results.quorate' : 'results.notQuorateNote', { percent: quorumPercent })}
        </p>
      )}
      <table className="stack-on-phone w-full text-sm">
        <caption className="sr-only">{t('results.caption')}</caption>
        <thead>
          <tr className="text-left">
            <th scope="col">{t('results.put')}</th>
            <th scope="col">{t('choice.approve')}</th>
            <th scope="col">{t('choice.reject')}</th>
            <th scope="col">{t('choice.abstain')}</th>
            <th scope="col">{t('results.result')}</th>
          </tr>
        </thead>
        <tbody>
          {r.document && row('document', t('results.wholeDocument'), r.document)}
          {r.clauses.map((c) => row(c.id, c.text, c, c.section))}
        </tbody>
      </table>
      <p className="mt-2 text-sm text-stone-600">
        {t('results.rule', { quorum: quorumPercent === null ? 'none' : quorumPercent })}
      </p>
      {r.countedHead && (
        <p className="mt-1 text-sm text-stone-600" data-testid="counted-seal">
          {t('keys.counted', { head: seal(r.countedHead) })}
        </p>
      )}
    </section>
  );
}

/** The receipt, shown once: copied, or saved as a small text file, to check the paper later. */
export function Receipt({
  receipt,
  ballot,
  box,
}: {
  receipt: string;
  ballot: BallotView;
  box: { paper: number; head: string } | null;
}) {
  const [copied, setCopied] = useState<boolean | null>(null);
  const t = useT();
  const text = t('receipt.file', { title: ballot.manifesto.title, branch: ballot.manifesto.branch, receipt });
  const file = `data:text/plain;charset=utf-8,${encodeURIComponent(text)}`;
  return (
    <div role="status" className="my-3 rounded-lg border border-green-300 bg-green-50 p-3 text-green-900">
      <p>{t.rich('receipt.cast', { receipt, code: (c) => <code data-testid="receipt">{c}</code> })}</p>
      {box && (
        <p className="mt-1 text-sm" data-testid="receipt-box">
          {t('keys.receiptBox', { paper: box.paper, head: seal(box.head) })}
        </p>
      )}
      <div className="mt-2 flex flex-wrap gap-2">
        <button
          type="button"
          className="btn-secondary"
          onClick={() => {
            navigator.clipboard.writeText(receipt).then(
              () => setCopied(true),
              () => setCopied(false),
            );
          }}
        >
          {t('receipt.copy')}
        </button>
        <a className="btn-secondary" href={file} download={`ballot-receipt-${ballot.id.slice(0, 8)}.txt`}>
          {t('receipt.save')}
        </a>
      </div>
      {copied === true && <p className="mt-1 text-sm">{t('receipt.copied')}</p>}
      {copied === false && <p className="mt-1 text-sm">{t('receipt.copyFailed')}</p>}
    </div>
  );
}

/** Closing asks first: once closed, nobody else can vote and the papers are counted. */
export function CloseBallot({
  b,
  pending,
  error,
  onClose,
}: {
  b: BallotView;
  pending: boolean;
  error: unknown;
  onClose: (shares: string[]) => void;
}) {
  const t = useT();
  const [asking, setAsking] = useState(false);
  const needed = b.keys?.threshold ?? 0;
  const [shares, setShares] = useState<string[]>([]);
  // Asked, focus goes to the safe answer.
  const keep = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (asking) keep.current?.focus();
  }, [asking]);
  return (
    <div className="mt-4">
      {asking ? (
        <div
          role="alertdialog"
          aria-labelledby="close-q"
          aria-describedby="close-d"
          className="card border-red-300"
        >
          <p id="close-q" className="font-semibold">
            {b.closed ? t('keys.count') : t('close.question')}
          </p>
          <p id="close-d" className="mb-2 text-sm text-stone-700">
            {!b.closed && t('close.explain', { closesAt: b.closesAt ? dateTime(b.closesAt) : 'none' })}{' '}
            {needed > 0 && t('keys.needed', { threshold: needed })}
          </p>
          {Array.from({ length: needed }, (_, i) => (
            <div key={i} className="mb-2">
              <label htmlFor={`share-${i}`} className="label">
                {t('keys.shareLabel', { n: i + 1, threshold: needed })}
              </label>
              <input
                id={`share-${i}`}
                className="input font-mono"
                autoComplete="off"
                spellCheck={false}
                value={shares[i] ?? ''}
                onChange={(e) => {
                  const next = [...shares];
                  next[i] = e.target.value;
                  setShares(next);
                }}
              />
            </div>
          ))}
          <div className="flex flex-wrap gap-2">
            <button
              type="button"
              className="btn"
              disabled={pending || shares.filter((s) => s?.trim()).length < needed}
              onClick={() => onClose(shares)}
            >
              {pending ? t('close.counting') : b.closed ? t('keys.count') : t('close.yes')}
            </button>
            <button ref={keep} type="button" className="btn-secondary" onClick={() => setAsking(false)}>
              {t('close.keep')}
            </button>
          </div>
        </div>
      ) : (
        <button type="button" className="btn-secondary" onClick={() => setAsking(true)}>
          {b.closed ? t('keys.count') : t('close.ask')}
        </button>
      )}
      <ErrorNote error={error} />
    </div>
  );
}

export function VerifyReceipt({ id }: { id: string }) {
  const [receipt, setReceipt] = useState('');
  const t = useT();
  const verify = useMutation({
    mutationFn: () => api.ballots[':id'].verify.$post({ params: { id }, body: { receipt } }),
  });
  return (
    <form
      className="card mt-4 grid gap-2"
      onSubmit={(e) => {
        e.preventDefault();
        verify.mutate();
      }}
    >
      <label htmlFor="receipt" className="label">
        {t('verify.label')}
      </label>
      <input
        id="receipt"
        className="input"
        required
        value={receipt}
        onChange={(e) => setReceipt(e.target.value)}
      />
      <button type="submit" className="btn-secondary w-fit">
        {t('verify.submit')}
      </button>
      <ErrorNote error={verify.error} />
      {verify.data && (
        <p role="status">
          {t(`verify.${verify.data.status}`)}{' '}
          {verify.data.box &&
            t('keys.verifyBox', { paper: verify.data.box.paper, head: seal(verify.data.box.head) })}
        </p>
      )}
    </form>
  );
}
