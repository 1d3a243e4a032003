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

const OUTCOMES = [
  ['voted', 'Voted'],
  ['called', 'Spoke: will vote'],
  ['no_answer', 'No answer'],
] as const;
const SAID = { voted: 'voted', called: 'spoke', no_answer: 'no answer' } as const;

export function PhoneBank({ dayId }: { dayId: string }) {
  const qc = useQueryClient();
  const key = [...keys.committeeRoom(dayId), 'phone-bank'];
  const bank = useQuery({
    queryKey: key,
    queryFn: ({ signal }) => api.polling[':id']['phone-bank'].$get({ params: { id: dayId }, signal }),
    refetchInterval: 30_000,
  });
  const call = useMutation({
    mutationFn: (body: { electorId: string; result: (typeof OUTCOMES)[number][0] }) =>
      api.polling[':id']['phone-bank'].$post({ params: { id: dayId }, body }),
    onSuccess: (data) => {
      qc.setQueryData(key, data);
      void qc.invalidateQueries({ queryKey: keys.committeeRoom(dayId), exact: true });
    },
  });
  return (
    <section aria-labelledby="phone-bank" className="space-y-2">
      <h3 id="phone-bank" className="text-lg font-semibold">
        Phone bank
      </h3>
      <ErrorNote error={call.error} />
      {bank.isPending ? (
        <Loading />
      ) : bank.error ? (
        <ErrorNote error={bank.error} />
      ) : bank.data.electors.length === 0 ? (
        <Empty>
          Nobody to call: no pledge still to vote has given a number. Canvassers ask for one on the doorstep
          (“may we call you on polling day?”).
        </Empty>
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
                    Last call {timeOnly(e.last.at)}: {SAID[e.last.result]}
                  </span>
                )}
              </span>
              <a className="btn-secondary" href={`tel:${e.phone.replace(/[^\d+]/g, '')}`}>
                Call {e.phone}
              </a>
              <span role="group" aria-label={`What the call to ${e.name} found`} className="flex gap-1">
                {OUTCOMES.map(([result, label]) => (
                  <button
                    key={result}
                    type="button"
                    className="btn-secondary"
                    disabled={call.isPending}
                    onClick={() => call.mutate({ electorId: e.id, result })}
                  >
                    {label}
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
