/**
 * The phone bank, in the committee room: pledges who have not voted and gave a number to be called on
 * polling day, the least recently called first; each call's outcome recorded in one click ("voted" strikes
 * them off every list, as a teller's number would).
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api.ts';
import { Empty, ErrorNote, Loading } from '../../components/ui.tsx';
import { timeOnly } from '../../format.ts';
import { keys } from '../../query-keys.ts';
import { useT } from '../../i18n/index.ts';

const OUTCOMES = ['voted', 'called', 'no_answer'] as const;

export function PhoneBank({ dayId }: { dayId: string }) {
  const qc = useQueryClient();
  const key = [...keys.committeeRoom(dayId), 'phone-bank'];
  const t = useT();
  const bank = useQuery({
    queryKey: key,
    queryFn: ({ signal }) => api.polling[':id']['phone-bank'].$get({ params: { id: dayId }, signal }),
    refetchInterval: 30_000,
  });
  const call = useMutation({
    mutationFn: (body: { electorId: string; result: (typeof OUTCOMES)[number] }) =>
      api.polling[':id']['phone-bank'].$post({ params: { id: dayId }, body }),
    onSuccess: (data) => {
      qc.setQueryData(key, data);
      void qc.invalidateQueries({ queryKey: keys.committeeRoom(dayId), exact: true });
    },
  });
  return (
    <section aria-labelledby="phone-bank" className="space-y-2">
      <h3 id="phone-bank" className="text-lg font-semibold">
        {t('room.phoneBank')}
      </h3>
      <ErrorNote error={call.error} />
      {bank.isPending ? (
        <Loading />
      ) : bank.error ? (
        <ErrorNote error={bank.error} />
      ) : bank.data.electors.length === 0 ? (
        <Empty>{t('room.nobodyToCall')}</Empty>
      ) : (
        <ul className="space-y-2">
          {bank.data.electors.map((e) => (
            <li key={e.id} className="card flex flex-wrap items-center gap-2" aria-label={e.name}>
              <span className="min-w-0 flex-1">
                <span className="font-semibold">{e.name}</span>{' '}
                <span className="text-xs text-stone-500">{e.number}</span>
                <span className="block text-sm text-stone-600">{e.address.join(', ')}</span>
                {e.last && (
                  <span className="block text-sm">
                    {t('room.lastCall', { time: timeOnly(e.last.at), result: e.last.result })}
                  </span>
                )}
              </span>
              <a className="btn-secondary" href={`tel:${e.phone.replace(/[^\d+]/g, '')}`}>
                {t('room.call', { phone: e.phone })}
              </a>
              <span role="group" aria-label={t('room.callFound', { name: e.name })} className="flex gap-1">
                {OUTCOMES.map((result) => (
                  <button
                    key={result}
                    type="button"
                    className="btn-secondary"
                    disabled={call.isPending}
                    onClick={() => call.mutate({ electorId: e.id, result })}
                  >
                    {t(`room.outcome.${result}`)}
                  </button>
                ))}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
