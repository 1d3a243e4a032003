/**
 * An election, as a member follows it: its rules and dates, who stands and who nominated them, the
 * hustings, the vote (the roll, a ranked paper, a receipt) and, once counted, the result round by round
 * with turnout, the quota and the papers to count again. Its returning officers run it from here.
 */
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { api } from '../api.ts';
import { ErrorNote, Loading, PageTitle } from '../components/ui.tsx';
import { Candidates, Hustings } from '../components/election-parts.tsx';
import { RankVote, Roll, RunControls, VerifyReceipt } from '../components/election-vote.tsx';
import { CountView } from '../components/count-view.tsx';
import { dateOnly, dateTime } from '../format.ts';
import { keys } from '../query-keys.ts';
import { useT } from '../i18n/index.ts';
import type { ElectionView } from '../../../src/contract/elections.ts';

export function ElectionPage() {
  const { id = '' } = useParams();
  const t = useT();
  const election = useQuery({
    queryKey: keys.election(id),
    queryFn: ({ signal }) => api.elections[':id'].$get({ params: { id }, signal }),
  });
  if (election.isPending) return <Loading />;
  if (election.error) return <ErrorNote error={election.error} />;
  const e = election.data;
  return (
    <article>
      <PageTitle
        lead={t('election.lead', {
          branch: e.branch.name,
          seats: e.seats,
          method: t(`count.method.${e.method}`),
          freeze: dateOnly(e.freezeOn),
        })}
      >
        {e.post}
      </PageTitle>
      <p className="-mt-2 mb-2 text-sm">
        <Link className="link" to="/elections">
          {t('election.back')}
        </Link>
      </p>
      <p className="mb-1">
        <span className="badge" data-testid="election-phase">
          {t(`elections.phase.${e.phase}`)}
        </span>
      </p>
      <p className="mb-1 text-sm text-stone-700">
        {t('election.timeline', {
          nominations: dateTime(e.nominationsCloseAt),
          voting: dateTime(e.votingClosesAt),
        })}
      </p>
      {e.minWomen > 0 && (
        <p className="mb-1 text-sm text-stone-700">{t('election.quotaRule', { n: e.minWomen })}</p>
      )}
      <div className="mt-4" />
      {e.result && <Result e={e} />}
      <RunControls e={e} />
      {e.phase === 'voting' && (
        <section aria-labelledby="vote" className="mb-8">
          <h2 id="vote" className="mb-2 text-xl font-bold">
            {t('election.vote')}
          </h2>
          <Roll e={e} />
          <RankVote e={e} />
        </section>
      )}
      <VerifyReceipt e={e} />
      <Candidates e={e} />
      <Hustings e={e} />
    </article>
  );
}

function Result({ e }: { e: ElectionView }) {
  const t = useT();
  const r = e.result;
  if (!r) return null;
  return (
    <section aria-labelledby="result" className="mb-8">
      <h2 id="result" className="mb-2 text-xl font-bold">
        {t('election.result')}
      </h2>
      <div className="card mb-4">
        <p className="text-lg font-semibold" data-testid="election-elected">
          {t('election.elected', { names: r.count.elected.join(', ') })}
        </p>
        <p data-testid="election-turnout">
          {t('election.turnout', { voted: r.voted, eligible: r.eligible, turnout: r.turnout })}
        </p>
        {r.quota && r.quota.withdrawn.length > 0 && (
          <p>{t('election.quotaWithdrawn', { names: r.quota.withdrawn.join(', ') })}</p>
        )}
        {r.quota &&
          (r.quota.met ? (
            <p>{t('election.quotaMet', { names: r.quota.women.join(', ') })}</p>
          ) : (
            <p>{t('election.quotaUnmet')}</p>
          ))}
        <a
          className="link mt-2 inline-block"
          href={api.elections[':id']['papers.blt'].$url({ params: { id: e.id } })}
          download
        >
          {t('election.papers')}
        </a>
      </div>
      <CountView r={r.count} />
    </section>
  );
}
