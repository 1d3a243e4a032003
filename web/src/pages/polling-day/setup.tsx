/** Setting up a polling day: the election, its day, who counts as a pledge (counted as it changes), the
 * target and the polling stations with their districts. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type SyntheticEvent } from 'react';
import { api } from '../../api.ts';
import { ErrorNote } from '../../components/ui.tsx';
import { Field } from '../../components/field.tsx';
import { keys } from '../../query-keys.ts';
import { fmt } from '../canvass/shared.ts';
import { useT } from '../../i18n/index.ts';

interface StationDraft {
  name: string;
  address: string;
  districts: string;
}

export function NewPollingDay({ branchId, onMade }: { branchId: string; onMade: (id: string) => void }) {
  const qc = useQueryClient();
  const t = useT();
  const [name, setName] = useState('');
  const [heldOn, setHeldOn] = useState('');
  const [minStrength, setMinStrength] = useState(2);
  const [target, setTarget] = useState('');
  const [rounds, setRounds] = useState('10:00, 14:00, 17:00, 19:30');
  const [stations, setStations] = useState<StationDraft[]>([{ name: '', address: '', districts: '' }]);
  const [segmentId, setSegmentId] = useState('');
  const segments = useQuery({
    queryKey: keys.segments(branchId),
    queryFn: ({ signal }) => api.canvass.branches[':id'].segments.$get({ params: { id: branchId }, signal }),
  });
  const rule = { codes: ['US'], minStrength, segmentId: segmentId || null };
  const counted = useQuery({
    queryKey: ['pledge-count', branchId, minStrength, segmentId],
    queryFn: ({ signal }) =>
      api.canvass.branches[':id'].pledges.count.$post({ params: { id: branchId }, body: { rule }, signal }),
  });
  const make = useMutation({
    mutationFn: () =>
      api.canvass.branches[':id']['polling-days'].$post({
        params: { id: branchId },
        body: {
          name,
          heldOn,
          rule,
          target: target ? Number(target) : null,
          rounds: rounds.split(/[\s,]+/).filter(Boolean),
          stations: stations.map((s) => ({
            ...s,
            districts: s.districts.split(/[\s,]+/).filter(Boolean),
          })),
        },
      }),
    onSuccess: (day) => {
      void qc.invalidateQueries({ queryKey: keys.pollingDays(branchId) });
      onMade(day.id);
    },
  });
  const submit = (e: SyntheticEvent) => {
    e.preventDefault();
    make.mutate();
  };
  const setStation = (i: number, patch: Partial<StationDraft>) =>
    setStations(stations.map((s, j) => (j === i ? { ...s, ...patch } : s)));
  return (
    <form onSubmit={submit} className="card space-y-3" aria-labelledby="new-day">
      <h2 id="new-day" className="text-lg font-semibold">
        {t('setup.title')}
      </h2>
      <Field id="pd-name" label={t('setup.election')} field="name" error={make.error}>
        {(p) => <input {...p} className="input" value={name} onChange={(e) => setName(e.target.value)} />}
      </Field>
      <Field id="pd-heldOn" label={t('setup.day')} field="heldOn" error={make.error}>
        {(p) => (
          <input
            {...p}
            type="date"
            className="input w-auto"
            value={heldOn}
            onChange={(e) => setHeldOn(e.target.value)}
          />
        )}
      </Field>
      <fieldset>
        <legend className="label">{t('setup.pledges')}</legend>
        <div className="flex flex-wrap gap-3" aria-disabled={segmentId ? true : undefined}>
          {([1, 2, 3] as const).map((v) => (
            <label key={v} className="flex items-center gap-1">
              <input
                type="radio"
                name="strength"
                checked={minStrength === v}
                disabled={segmentId !== ''}
                onChange={() => setMinStrength(v)}
              />
              {t(`setup.strength.${v}`)}
            </label>
          ))}
        </div>
        <label className="mt-2 flex flex-wrap items-center gap-2">
          {t('setup.segment')}
          <select className="input w-auto" value={segmentId} onChange={(e) => setSegmentId(e.target.value)}>
            <option value="">{t('setup.noSegment')}</option>
            {segments.data?.segments.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
        <p className="mt-1 text-sm text-stone-600" role="status" aria-live="polite">
          {counted.data
            ? t('setup.counted', {
                count: counted.data.pledges,
                districts:
                  counted.data.byDistrict.map((d) => `${d.district} ${fmt(d.pledges)}`).join(', ') ||
                  t('setup.noneYet'),
              })
            : t('setup.counting')}
        </p>
      </fieldset>
      <Field id="pd-target" label={t('setup.target')} field="target" error={make.error}>
        {(p) => (
          <input
            {...p}
            type="number"
            min={1}
            className="input w-40"
            value={target}
            onChange={(e) => setTarget(e.target.value)}
          />
        )}
      </Field>
      <Field
        id="pd-rounds"
        label={t('setup.rounds')}
        field="rounds"
        error={make.error}
        hint={t('setup.roundsHint')}
      >
        {(p) => (
          <input {...p} className="input w-72" value={rounds} onChange={(e) => setRounds(e.target.value)} />
        )}
      </Field>
      <fieldset className="space-y-2">
        <legend className="label">{t('setup.stations')}</legend>
        {stations.map((s, i) => (
          <div key={i} className="grid gap-2 sm:grid-cols-3">
            <Field
              id={`pd-station-${i}-name`}
              label={t('setup.station', { n: i + 1 })}
              field={`stations.${i}.name`}
              error={make.error}
            >
              {(p) => (
                <input
                  {...p}
                  className="input"
                  value={s.name}
                  onChange={(e) => setStation(i, { name: e.target.value })}
                />
              )}
            </Field>
            <Field
              id={`pd-station-${i}-address`}
              label={t('setup.address')}
              field={`stations.${i}.address`}
              error={make.error}
            >
              {(p) => (
                <input
                  {...p}
                  className="input"
                  value={s.address}
                  onChange={(e) => setStation(i, { address: e.target.value })}
                />
              )}
            </Field>
            <Field
              id={`pd-station-${i}-districts`}
              label={t('setup.districts')}
              field={`stations.${i}.districts`}
              error={make.error}
            >
              {(p) => (
                <input
                  {...p}
                  className="input"
                  value={s.districts}
                  onChange={(e) => setStation(i, { districts: e.target.value })}
                />
              )}
            </Field>
          </div>
        ))}
        <button
          type="button"
          className="btn-secondary"
          onClick={() => setStations([...stations, { name: '', address: '', districts: '' }])}
        >
          {t('setup.another')}
        </button>
      </fieldset>
      <ErrorNote error={make.error} fields={['name', 'heldOn', 'target', 'rounds', 'stations']} />
      <button type="submit" className="btn" disabled={make.isPending}>
        {make.isPending ? t('setup.saving') : t('setup.save')}
      </button>
    </form>
  );
}
