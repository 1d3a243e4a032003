/** The parts of a ballot's page: its results, the receipt shown once, closing it, checking a receipt. */
import { useMutation } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { api } from '../api.ts';
import { ErrorNote } from './ui.tsx';
import type { BallotView } from '../manifesto.ts';
import { dateTime } from '../format.ts';

export function Results({
  r,
  quorumPercent,
}: {
  r: NonNullable<BallotView['results']>;
  quorumPercent: number | null;
}) {
  const pct = (x: number) => `${Math.round(x * 100)}%`;
  const row = (label: string, t: { approve: number; reject: number; abstain: number; carried: boolean }) => (
    <tr key={label} className="border-t border-stone-200 align-top">
      <td className="py-1 pr-2">{label}</td>
      <td className="py-1 pr-2">{t.approve}</td>
      <td className="py-1 pr-2">{t.reject}</td>
      <td className="py-1 pr-2">{t.abstain}</td>
      <td className="py-1 pr-2 font-semibold">
        {!r.quorate ? 'Not quorate' : t.carried ? 'Carried' : 'Not carried'}
      </td>
    </tr>
  );
  return (
    <section aria-labelledby="results" className="mb-6">
      <h2 id="results" className="mb-2 text-xl font-bold">
        Results
      </h2>
      <p className="mb-2" data-testid="turnout">
        Turnout: {r.voted} of {r.eligible} eligible members ({pct(r.turnout)}).
      </p>
      {quorumPercent !== null && (
        <p className={`mb-2 ${r.quorate ? '' : 'font-semibold text-red-900'}`} data-testid="quorum">
          {r.quorate
            ? `The quorum of ${quorumPercent}% was reached.`
            : `Not quorate: fewer than ${quorumPercent}% of the electorate voted, so no result stands.`}
        </p>
      )}
      <table className="w-full text-sm">
        <caption className="sr-only">Votes cast</caption>
        <thead>
          <tr className="text-left">
            <th scope="col">Put to the vote</th>
            <th scope="col">Approve</th>
            <th scope="col">Reject</th>
            <th scope="col">Abstain</th>
            <th scope="col">Result</th>
          </tr>
        </thead>
        <tbody>
          {r.document && row('The whole document', r.document)}
          {r.clauses.map((c) => row(c.text, c))}
        </tbody>
      </table>
    </section>
  );
}

/** The receipt, shown once: copied, or saved as a small text file, to check the paper later. */
export function Receipt({ receipt, ballot }: { receipt: string; ballot: BallotView }) {
  const [copied, setCopied] = useState<boolean | null>(null);
  const text = `Broadchurch ballot receipt\n\nBallot: ${ballot.manifesto.title} (${ballot.manifesto.branch})\nReceipt: ${receipt}\n\nCheck it on the ballot's page: it shows whether your paper is sealed in the box or counted, never how you voted.\n`;
  const file = `data:text/plain;charset=utf-8,${encodeURIComponent(text)}`;
  return (
    <div role="status" className="my-3 rounded-lg border border-green-300 bg-green-50 p-3 text-green-900">
      <p>
        Your vote is in the ballot box. Your receipt: <code data-testid="receipt">{receipt}</code> — keep it;
        it is shown only now.
      </p>
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
          Copy the receipt
        </button>
        <a className="btn-secondary" href={file} download={`ballot-receipt-${ballot.id.slice(0, 8)}.txt`}>
          Save it as a file
        </a>
      </div>
      {copied === true && <p className="mt-1 text-sm">Copied.</p>}
      {copied === false && <p className="mt-1 text-sm">Could not copy: select the receipt and copy it.</p>}
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
  onClose: () => void;
}) {
  const [asking, setAsking] = useState(false);
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
            Close the ballot now and count it?
          </p>
          <p id="close-d" className="mb-2 text-sm text-stone-700">
            Members who have not voted will not be able to.
            {b.closesAt && ` It would otherwise close by itself at ${dateTime(b.closesAt)}.`} This cannot be
            undone.
          </p>
          <div className="flex flex-wrap gap-2">
            <button type="button" className="btn" disabled={pending} onClick={onClose}>
              {pending ? 'Counting…' : 'Yes, close and count'}
            </button>
            <button ref={keep} type="button" className="btn-secondary" onClick={() => setAsking(false)}>
              Keep it open
            </button>
          </div>
        </div>
      ) : (
        <button type="button" className="btn-secondary" onClick={() => setAsking(true)}>
          Close the ballot and count
        </button>
      )}
      <ErrorNote error={error} />
    </div>
  );
}

export function VerifyReceipt({ id }: { id: string }) {
  const [receipt, setReceipt] = useState('');
  const verify = useMutation({
    mutationFn: () =>
      api<{ status: 'sealed' | 'counted' | 'unknown' }>(`/api/ballots/${id}/verify`, {
        method: 'POST',
        json: { receipt },
      }),
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
        Check a receipt
      </label>
      <input
        id="receipt"
        className="input"
        required
        value={receipt}
        onChange={(e) => setReceipt(e.target.value)}
      />
      <button type="submit" className="btn-secondary w-fit">
        Check
      </button>
      <ErrorNote error={verify.error} />
      {verify.data && (
        <p role="status">
          {
            {
              sealed: 'This paper is in the ballot box, sealed. It will be counted when the ballot closes.',
              counted: 'This paper was counted.',
              unknown: 'No paper with this receipt is in this ballot.',
            }[verify.data.status]
          }
        </p>
      )}
    </form>
  );
}
