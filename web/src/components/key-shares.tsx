/**
 * The key shares of a ballot just opened, shown once to the member who opened it: one to hand to each key
 * holder. They live only in this page's memory (the server keeps none): copied, saved as a file, or lost.
 */
import { useT } from '../i18n/index.ts';
import type { BallotView } from '../manifesto.ts';

export function KeyShares({ shares, ballot }: { shares: string[]; ballot: BallotView }) {
  const t = useT();
  const holders = ballot.keys?.holders ?? shares.length;
  const threshold = ballot.keys?.threshold ?? shares.length;
  const text = t('keys.file', {
    title: ballot.manifesto.title,
    branch: ballot.manifesto.branch,
    threshold,
    holders,
    shares: shares.map((s, i) => `${t('keys.share', { n: i + 1 })}: ${s}`).join('\n'),
  });
  return (
    <section
      aria-labelledby="key-shares"
      className="my-3 rounded-lg border border-amber-400 bg-amber-50 p-3 text-amber-950"
    >
      <h2 id="key-shares" className="font-semibold">
        {t('keys.title')}
      </h2>
      <p className="mb-2 text-sm">{t('keys.explain', { holders, threshold })}</p>
      <ol className="mb-2 grid gap-1">
        {shares.map((s, i) => (
          <li key={s}>
            <span className="text-sm">{t('keys.share', { n: i + 1 })}: </span>
            <code className="break-all" data-testid="key-share">
              {s}
            </code>
          </li>
        ))}
      </ol>
      <a
        className="btn-secondary"
        href={`data:text/plain;charset=utf-8,${encodeURIComponent(text)}`}
        download={`ballot-key-shares-${ballot.id.slice(0, 8)}.txt`}
      >
        {t('keys.save')}
      </a>
    </section>
  );
}
