/** Targeting: a segment of the register, counted before it is saved, and the saved segments. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type SyntheticEvent } from 'react';
import { api } from '../../api.ts';
import { Empty, ErrorNote, Loading, Success } from '../../components/ui.tsx';
import type { SegmentFilter, SegmentList } from '../../canvass.ts';
import { fmt, useRegister } from './shared.ts';
import { keys } from '../../query-keys.ts';

const TURNOUT = [
  ['never_voted', 'Never voted'],
  ['lapsed', 'Lapsed (voted before, not last time)'],
  ['voted_last', 'Voted last time'],
] as const;

function toggle<T extends string>(list: T[] | undefined, value: T, on: boolean): T[] | undefined {
  const next = on ? [...(list ?? []), value] : (list ?? []).filter((v) => v !== value);
  return next.length ? next : undefined;
}

export function TargetingSection({ branchId }: { branchId: string }) {
  const qc = useQueryClient();
  const summary = useRegister(branchId);
  const [filter, setFilter] = useState<SegmentFilter>({});
  const [debounced, setDebounced] = useState<SegmentFilter>({});
  const [name, setName] = useState('');
  const [script, setScript] = useState('');
  useEffect(() => {
    const t = setTimeout(() => setDebounced(filter), 250);
    return () => clearTimeout(t);
  }, [filter]);
  const count = useQuery({
    queryKey: keys.segmentCount(branchId, debounced),
    // A count for an older filter is abandoned as soon as the filter changes.
    queryFn: ({ signal }) =>
      api.canvass.branches[':id'].segments.count.$post({
        params: { id: branchId },
        body: { filter: debounced },
        signal,
      }),
  });
  const save = useMutation({
    mutationFn: () =>
      api.canvass.branches[':id'].segments.$post({
        params: { id: branchId },
        body: { name, filter, script },
      }),
    onSuccess: () => {
      setName('');
      setScript('');
      void qc.invalidateQueries({ queryKey: keys.segments(branchId) });
    },
  });
  const onSubmit = (e: SyntheticEvent) => {
    e.preventDefault();
    save.mutate();
  };
  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <form aria-labelledby="build" className="card space-y-4" onSubmit={onSubmit}>
        <h2 id="build" className="text-lg font-semibold">
          Build a segment
        </h2>
        <fieldset>
          <legend className="label">Polling districts (none ticked: all)</legend>
          <div className="flex flex-wrap gap-3">
            {(summary.data?.districts ?? []).map((d) => (
              <label key={d.district} className="flex items-center gap-1">
                <input
                  type="checkbox"
                  checked={filter.districts?.includes(d.district) ?? false}
                  onChange={(e) =>
                    setFilter({
                      ...filter,
                      districts: toggle(filter.districts, d.district, e.target.checked),
                    })
                  }
                />
                {d.district}
              </label>
            ))}
          </div>
        </fieldset>
        <fieldset>
          <legend className="label">Turnout (any ticked)</legend>
          {TURNOUT.map(([k, label]) => (
            <label key={k} className="flex items-center gap-2">
              <input
                type="checkbox"
                checked={filter.turnout?.includes(k) ?? false}
                onChange={(e) =>
                  setFilter({ ...filter, turnout: toggle(filter.turnout, k, e.target.checked) })
                }
              />
              {label}
            </label>
          ))}
          {summary.data && summary.data.elections.length === 0 && (filter.turnout?.length ?? 0) > 0 && (
            <p role="alert" className="mt-1 rounded-lg border border-amber-300 bg-amber-50 p-2 text-sm">
              No marked register has been imported for this branch, so nobody is known to have voted: every
              elector counts as “never voted”. Import a marked register under Register first.
            </p>
          )}
        </fieldset>
        <fieldset>
          <legend className="label">Other</legend>
          <label className="flex items-center gap-2">
            <input
              type="checkbox"
              checked={filter.newAttainers ?? false}
              onChange={(e) => setFilter({ ...filter, newAttainers: e.target.checked || undefined })}
            />
            New attainers (young first-time voters)
          </label>
          <label className="flex items-center gap-2">
            <input
              type="checkbox"
              checked={filter.lastOutcome?.includes('not_canvassed') ?? false}
              onChange={(e) =>
                setFilter({
                  ...filter,
                  lastOutcome: toggle(filter.lastOutcome, 'not_canvassed', e.target.checked),
                })
              }
            />
            Not canvassed yet
          </label>
          <label className="flex items-center gap-2">
            <input
              type="checkbox"
              checked={filter.lastOutcome?.includes('not_in') ?? false}
              onChange={(e) =>
                setFilter({ ...filter, lastOutcome: toggle(filter.lastOutcome, 'not_in', e.target.checked) })
              }
            />
            Not in last time
          </label>
        </fieldset>
        <div
          role="status"
          aria-live="polite"
          className="rounded-lg bg-orange-50 p-3 text-orange-950"
          data-testid="segment-count"
        >
          {count.isPending
            ? 'Counting…'
            : count.error
              ? 'Could not count'
              : `${fmt(count.data.electors)} electors at ${fmt(count.data.doors)} doors`}
        </div>
        <ErrorNote error={count.error} />
        <div>
          <label htmlFor="segment-name" className="label">
            Name
          </label>
          <input
            id="segment-name"
            className="input"
            required
            maxLength={80}
            value={name}
            placeholder="Never voted, BW1–BW3"
            onChange={(e) => setName(e.target.value)}
          />
        </div>
        <ScriptField id="segment-script" value={script} onChange={setScript} />
        <button type="submit" className="btn" disabled={!name.trim() || save.isPending}>
          Save the segment
        </button>
        <ErrorNote error={save.error} />
        {save.isSuccess && <Success>Saved. Cut it into walks under Walks.</Success>}
      </form>
      <SegmentList branchId={branchId} />
    </div>
  );
}

const SCRIPT_HINT =
  'Canvassers see it above each walk cut from the segment. A few lines: who you are, one question.';

function ScriptField({ id, value, onChange }: { id: string; value: string; onChange: (v: string) => void }) {
  return (
    <div>
      <label htmlFor={id} className="label">
        Script for the door (optional)
      </label>
      <p id={`${id}-hint`} className="mb-1 text-sm text-stone-600">
        {SCRIPT_HINT}
      </p>
      <textarea
        id={id}
        className="input"
        rows={3}
        maxLength={600}
        aria-describedby={`${id}-hint`}
        value={value}
        placeholder="Hello, I'm calling for the party. What matters most to you round here?"
        onChange={(e) => onChange(e.target.value)}
      />
    </div>
  );
}

/** A saved segment's script, changed in place: walks already downloaded pick it up when next downloaded. */
function ScriptEditor({ segment, branchId }: { segment: SegmentList['segments'][number]; branchId: string }) {
  const qc = useQueryClient();
  const [text, setText] = useState(segment.script ?? '');
  const change = useMutation({
    mutationFn: () =>
      api.canvass.segments[':id'].script.$put({ params: { id: segment.id }, body: { script: text } }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: keys.segments(branchId) }),
  });
  return (
    <details className="w-full">
      <summary className="cursor-pointer text-sm">
        {segment.script ? 'Change the script' : 'Write a script'}
        <span className="sr-only"> for {segment.name}</span>
      </summary>
      <form
        className="mt-2 space-y-2"
        onSubmit={(e) => {
          e.preventDefault();
          change.mutate();
        }}
      >
        <ScriptField id={`script-${segment.id}`} value={text} onChange={setText} />
        <button type="submit" className="btn-secondary" disabled={change.isPending}>
          Save the script
        </button>
        <ErrorNote error={change.error} />
        {change.isSuccess && (
          <Success>
            {change.data.script ? 'Script saved.' : 'Script removed.'} Canvassers see it on their next
            download.
          </Success>
        )}
      </form>
    </details>
  );
}

function SegmentList({ branchId }: { branchId: string }) {
  const qc = useQueryClient();
  const segments = useQuery({
    queryKey: keys.segments(branchId),
    queryFn: ({ signal }) => api.canvass.branches[':id'].segments.$get({ params: { id: branchId }, signal }),
  });
  const [doors, setDoors] = useState(60);
  const cut = useMutation({
    mutationFn: (id: string) =>
      api.canvass.segments[':id'].walks.$post({ params: { id }, body: { doorsPerWalk: doors } }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: keys.segments(branchId) });
      void qc.invalidateQueries({ queryKey: keys.walks(branchId) });
    },
  });
  return (
    <section aria-labelledby="saved" className="card">
      <h2 id="saved" className="mb-2 text-lg font-semibold">
        Saved segments
      </h2>
      <label htmlFor="doors-per-walk" className="label">
        Doors per walk (60 is two hours for two people)
      </label>
      <input
        id="doors-per-walk"
        type="number"
        min={5}
        max={300}
        className="input mb-3 w-32"
        value={doors}
        onChange={(e) => setDoors(Number(e.target.value))}
      />
      {segments.isPending ? (
        <Loading />
      ) : segments.error ? (
        <ErrorNote error={segments.error} />
      ) : segments.data.segments.length === 0 ? (
        <Empty>No segments yet.</Empty>
      ) : (
        <ul className="divide-y divide-stone-200">
          {segments.data.segments.map((s) => (
            <li key={s.id} className="flex flex-wrap items-center gap-2 py-2">
              <span className="flex-1">
                <span className="font-medium">{s.name}</span>{' '}
                <span className="text-sm text-stone-600">
                  {fmt(s.electors)} electors · {s.walks} walks
                </span>
              </span>
              <button
                type="button"
                className="btn-secondary"
                disabled={cut.isPending}
                onClick={() => cut.mutate(s.id)}
              >
                Cut into walks
              </button>
              <ScriptEditor segment={s} branchId={branchId} />
            </li>
          ))}
        </ul>
      )}
      <ErrorNote error={cut.error} />
      {cut.data && (
        <Success>
          Cut {fmt(cut.data.electors)} electors into {cut.data.walks.length} walks.
        </Success>
      )}
    </section>
  );
}
