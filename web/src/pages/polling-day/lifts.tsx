/**
 * A driver's lifts on polling day, on the phone: the voters knockers-up found needing a lift (the time they
 * want to go, or as soon as can be), taken in one tap (one driver a lift: whoever takes it first has it)
 * and marked done. Needs a signal: a lift taken offline could be taken twice.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useParams } from 'react-router';
import { api, errorOf } from '../../api.ts';
import { Empty, ErrorNote, Loading } from '../../components/ui.tsx';
import { timeOnly } from '../../format.ts';
import { useT } from '../../i18n/index.ts';
import { useMe } from '../../session.ts';
import { Shell } from '../doorstep/shell.tsx';

export function LiftsPage() {
  const { electionId = '' } = useParams();
  const t = useT();
  const me = useMe();
  const qc = useQueryClient();
  const key = ['lifts', electionId] as const;
  const lifts = useQuery({
    queryKey: key,
    queryFn: ({ signal }) => api.polling[':id'].lifts.$get({ params: { id: electionId }, signal }),
    refetchInterval: 20_000,
  });
  const step = useMutation({
    mutationFn: ({ electorId, done }: { electorId: string; done: boolean }) =>
      api.polling[':id'].lifts[':electorId'][done ? 'done' : 'take'].$post({
        params: { id: electionId, electorId },
      }),
    onSettled: () => void qc.invalidateQueries({ queryKey: key }),
  });
  const taken = errorOf(api.polling[':id'].lifts[':electorId'].take.$post, step.error)?.code === 'LIFT_TAKEN';
  const myId = me.data?.member?.id;
  return (
    <Shell title={t('lifts.title')}>
      <h1 className="text-2xl font-bold">{t('lifts.title')}</h1>
      {lifts.isPending ? (
        <Loading />
      ) : lifts.error ? (
        <ErrorNote error={lifts.error} />
      ) : lifts.data.lifts.length === 0 ? (
        <Empty>{t('lifts.none')}</Empty>
      ) : (
        <ol className="mt-3 space-y-2">
          {taken && (
            <p role="alert" className="rounded-lg border border-amber-300 bg-amber-50 p-3">
              {t('lifts.takenByOther')}
            </p>
          )}
          {!taken && <ErrorNote error={step.error} />}
          {lifts.data.lifts.map((l) => {
            const mine = l.driver?.id === myId;
            return (
              <li key={l.electorId} className="card" aria-label={l.name}>
                <p className="font-semibold">
                  {l.name} <span className="text-xs font-normal text-stone-500">{l.number}</span>
                </p>
                <p className="text-sm text-stone-700">{l.address}</p>
                <p className="text-sm">
                  {l.wantedAt ? t('lifts.wantedAt', { time: l.wantedAt }) : t('lifts.soon')}
                  {' · '}
                  {l.doneAt
                    ? t('lifts.done', { time: timeOnly(l.doneAt) })
                    : l.driver
                      ? mine
                        ? t('lifts.yours')
                        : t('lifts.takenBy', { name: l.driver.name })
                      : t('lifts.free')}
                </p>
                {!l.doneAt && (!l.driver || mine) && (
                  <button
                    type="button"
                    className="btn mt-2"
                    disabled={step.isPending}
                    onClick={() => step.mutate({ electorId: l.electorId, done: mine })}
                  >
                    {mine ? t('lifts.markDone') : t('lifts.take')}
                  </button>
                )}
              </li>
            );
          })}
        </ol>
      )}
    </Shell>
  );
}
