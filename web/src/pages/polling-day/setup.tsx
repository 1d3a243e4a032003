/** Setting up a polling day: the election, its day, who counts as a pledge (counted as it changes), the
 * target and the polling stations with their districts. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type SyntheticEvent } from 'react';
import { api } from '../../api.ts';
import { ErrorNote } from '../../components/ui.tsx';
import { Field } from '../../components/field.tsx';
import { keys } from '../../query-keys.ts';
import { fmt } from '../canvass/shared.ts';

interface StationDraft {
  name: string;
  address: string;
  districts: string;
}

export function NewPollingDay({ branchId, onMade }: { branchId: string; onMade: (id: string) => void }) {
  const qc = useQueryClient();
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
        Set up a polling day
      </h2>
      <Field id="pd-name" label="Election" field="name" error={make.error}>
        {(p) => <input {...p} className="input" value={name} onChange={(e) => setName(e.target.value)} />}
      </Field>
      <Field id="pd-heldOn" label="Polling day" field="heldOn" error={make.error}>
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
        <legend className="label">Pledges: our supporters at least</legend>
        <div className="flex flex-wrap gap-3" aria-disabled={segmentId ? true : undefined}>
          {(
            [
              [1, 'soft'],
              [2, 'leaning'],
              [3, 'firm'],
            ] as const
          ).map(([v, label]) => (
            <label key={v} className="flex items-center gap-1">
              <input
                type="radio"
                name="strength"
                checked={minStrength === v}
                disabled={segmentId !== ''}
                onChange={() => setMinStrength(v)}
              />
              {label}
            </label>
          ))}
        </div>
        <label className="mt-2 flex flex-wrap items-center gap-2">
          or the electors of a saved segment
          <select className="input w-auto" value={segmentId} onChange={(e) => setSegmentId(e.target.value)}>
            <option value="">(none: by intention)</option>
            {segments.data?.segments.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
        <p className="mt-1 text-sm text-stone-600" role="status" aria-live="polite">
          {counted.data
            ? `${fmt(counted.data.pledges)} pledges: ${counted.data.byDistrict.map((d) => `${d.district} ${fmt(d.pledges)}`).join(', ') || 'none yet'}`
            : 'Counting pledges…'}
        </p>
      </fieldset>
      <Field id="pd-target" label="Target: pledges who must vote" field="target" error={make.error}>
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
        label="Knock-up rounds (times the lists go out)"
        field="rounds"
        error={make.error}
        hint="Between the polls opening and closing, e.g. 10:00, 14:00, 17:00, 19:30"
      >
        {(p) => (
          <input {...p} className="input w-72" value={rounds} onChange={(e) => setRounds(e.target.value)} />
        )}
      </Field>
      <fieldset className="space-y-2">
        <legend className="label">Polling stations</legend>
        {stations.map((s, i) => (
          <div key={i} className="grid gap-2 sm:grid-cols-3">
            <Field
              id={`pd-station-${i}-name`}
              label={`Station ${i + 1}`}
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
              label="Address"
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
              label="Polling districts (e.g. AB1, AB2)"
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
          Another station
        </button>
      </fieldset>
      <ErrorNote error={make.error} fields={['name', 'heldOn', 'target', 'rounds', 'stations']} />
      <button type="submit" className="btn" disabled={make.isPending}>
        {make.isPending ? 'Saving…' : 'Save polling day'}
      </button>
    </form>
  );
}
