/** The day's drivers, put on duty in the committee room, and the lifts knockers-up asked for. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api.ts';
import { Empty, ErrorNote, Loading } from '../../components/ui.tsx';
import { timeOnly } from '../../format.ts';
import type { PollingDay } from '../../polling-day.ts';
import { keys } from '../../query-keys.ts';
import { PickMemberThen, useBranchMembers } from '../canvass/member-picker.tsx';

/** The day's drivers (put on duty here) and the lifts knockers-up were asked for. */
export function DriversAndLifts({ day, branchId }: { day: PollingDay; branchId: string }) {
  const qc = useQueryClient();
  const members = useBranchMembers(branchId);
  const drivers = useQuery({
    queryKey: [...keys.pollingDay(day.id), 'drivers'],
    queryFn: ({ signal }) => api.polling[':id'].drivers.$get({ params: { id: day.id }, signal }),
  });
  const lifts = useQuery({
    queryKey: [...keys.pollingDay(day.id), 'lifts'],
    queryFn: ({ signal }) => api.polling[':id'].lifts.$get({ params: { id: day.id }, signal }),
    refetchInterval: 30_000,
  });
  const put = useMutation({
    mutationFn: ({ memberId, on }: { memberId: string; on: boolean }) =>
      api.polling[':id'].drivers[on ? '$put' : '$delete']({ params: { id: day.id }, body: { memberId } }),
    onSuccess: (data) => {
      qc.setQueryData([...keys.pollingDay(day.id), 'drivers'], data);
    },
  });
  return (
    <section aria-labelledby="lifts" className="space-y-3">
      <h3 id="lifts" className="text-lg font-semibold">
        Drivers and lifts
      </h3>
      <PickMemberThen
        id="driver"
        label="Put a driver on duty"
        placeholder="Driver…"
        members={members.data?.items}
        action="Put on duty"
        pending={put.isPending}
        onPick={(memberId) => put.mutateAsync({ memberId, on: true })}
      />
      <ErrorNote error={put.error ?? drivers.error} />
      {drivers.data && (
        <p className="text-sm">
          {drivers.data.drivers.length === 0
            ? 'No driver on duty: drivers see the lifts on their phones.'
            : 'On duty: '}
          {drivers.data.drivers.map((d, i) => (
            <span key={d.id}>
              {i > 0 && ', '}
              {d.name}{' '}
              <button
                type="button"
                className="underline"
                onClick={() => put.mutate({ memberId: d.id, on: false })}
              >
                take off duty
              </button>
            </span>
          ))}
        </p>
      )}
      {lifts.isPending ? (
        <Loading />
      ) : lifts.error ? (
        <ErrorNote error={lifts.error} />
      ) : lifts.data.lifts.length === 0 ? (
        <Empty>No lift asked for yet: knockers-up record “needs a lift” at the door.</Empty>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm">
            <caption className="mb-1 text-left font-semibold">Lifts asked for</caption>
            <thead>
              <tr>
                <th scope="col">Voter</th>
                <th scope="col">Address</th>
                <th scope="col">Wanted</th>
                <th scope="col">Driver</th>
              </tr>
            </thead>
            <tbody>
              {lifts.data.lifts.map((l) => (
                <tr key={l.electorId} className={l.doneAt ? 'text-stone-500' : ''}>
                  <th scope="row" className="font-medium">
                    {l.name} <span className="text-xs text-stone-500">{l.number}</span>
                  </th>
                  <td>{l.address}</td>
                  <td>{l.wantedAt ?? 'As soon as can be'}</td>
                  <td>
                    {l.driver
                      ? `${l.driver.name}${l.doneAt ? `, done ${timeOnly(l.doneAt)}` : `, took it ${l.takenAt ? timeOnly(l.takenAt) : ''}`}`
                      : 'Not taken'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
