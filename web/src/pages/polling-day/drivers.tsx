/** The day's drivers, put on duty in the committee room, and the lifts knockers-up asked for. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api.ts';
import { Empty, ErrorNote, Loading } from '../../components/ui.tsx';
import { timeOnly } from '../../format.ts';
import type { PollingDay } from '../../polling-day.ts';
import { keys } from '../../query-keys.ts';
import { PickMemberThen, useBranchMembers } from '../canvass/member-picker.tsx';
import { useT } from '../../i18n/index.ts';

/** The day's drivers (put on duty here) and the lifts knockers-up were asked for. */
export function DriversAndLifts({ day, branchId }: { day: PollingDay; branchId: string }) {
  const qc = useQueryClient();
  const members = useBranchMembers(branchId);
  const t = useT();
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
        {t('room.drivers')}
      </h3>
      <PickMemberThen
        id="driver"
        label={t('room.putDriver')}
        placeholder={t('room.driverPlaceholder')}
        members={members.data?.items}
        action={t('room.putOnDuty')}
        pending={put.isPending}
        onPick={(memberId) => put.mutateAsync({ memberId, on: true })}
      />
      <ErrorNote error={put.error ?? drivers.error} />
      {drivers.data && (
        <p className="text-sm">
          {drivers.data.drivers.length === 0 ? t('room.noDriver') : `${t('room.onDuty')} `}
          {drivers.data.drivers.map((d, i) => (
            <span key={d.id}>
              {i > 0 && ', '}
              {d.name}{' '}
              <button
                type="button"
                className="underline"
                onClick={() => put.mutate({ memberId: d.id, on: false })}
              >
                {t('room.driverOff')}
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
        <Empty>{t('room.noLifts')}</Empty>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm">
            <caption className="mb-1 text-left font-semibold">{t('room.liftsCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('room.voter')}</th>
                <th scope="col">{t('room.address')}</th>
                <th scope="col">{t('room.wanted')}</th>
                <th scope="col">{t('room.driver')}</th>
              </tr>
            </thead>
            <tbody>
              {lifts.data.lifts.map((l) => (
                <tr key={l.electorId} className={l.doneAt ? 'text-stone-500' : ''}>
                  <th scope="row" className="font-medium">
                    {l.name} <span className="text-xs text-stone-500">{l.number}</span>
                  </th>
                  <td>{l.address}</td>
                  <td>{l.wantedAt ?? t('lifts.soon')}</td>
                  <td>
                    {!l.driver
                      ? t('room.notTaken')
                      : l.doneAt
                        ? t('room.liftDone', { name: l.driver.name, time: timeOnly(l.doneAt) })
                        : t('room.liftTaken', {
                            name: l.driver.name,
                            time: l.takenAt ? timeOnly(l.takenAt) : '',
                          })}
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
