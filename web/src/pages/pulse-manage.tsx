/**
 * Pulse for the national party's organisers: the poll series, the election results and the last election's
 * constituency results (each a CSV, taken whole or refused with every bad line named), and the model's
 * settings. English only, like the other consoles.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type InputHTMLAttributes } from 'react';
import { api } from '../api.ts';
import { ErrorNote, Success } from '../components/ui.tsx';
import { keys } from '../query-keys.ts';
import type { PulseView } from '../../../src/contract/pulse.ts';
type Kind = 'polls' | 'elections' | 'results';

const FILES: Record<Kind, { title: string; help: string }> = {
  polls: {
    title: 'Poll series',
    help: 'One row a poll: pollster, fieldwork start and end (YYYY-MM-DD), sample size, then one column a party in percent. It replaces the series held.',
  },
  elections: {
    title: 'Election results',
    help: 'One row an election: date (YYYY-MM-DD), then one column a party in percent. For a date already held, the file’s parties replace those parties’ results.',
  },
  results: {
    title: 'Last election, seat by seat',
    help: 'One row a candidate: constituency, party, votes. It replaces the results held.',
  },
};

function Upload({ kind }: { kind: Kind }) {
  const qc = useQueryClient();
  const id = useId();
  const [file, setFile] = useState<File | null>(null);
  const upload = useMutation({
    mutationFn: () => {
      if (!file) throw new Error('Choose a file first');
      return api.pulse.import[':kind'].$post({ params: { kind }, body: file });
    },
    onSuccess: () => void qc.invalidateQueries({ queryKey: keys.pulseAll() }),
  });
  return (
    <form
      className="space-y-2"
      onSubmit={(e) => {
        e.preventDefault();
        upload.mutate();
      }}
    >
      <h3 className="font-semibold">{FILES[kind].title}</h3>
      <p id={`${id}-help`} className="text-sm text-stone-600">
        {FILES[kind].help}
      </p>
      <label htmlFor={`${id}-file`} className="sr-only">
        {FILES[kind].title} (CSV)
      </label>
      <input
        id={`${id}-file`}
        type="file"
        accept=".csv,text/csv"
        aria-describedby={`${id}-help`}
        onChange={(e) => setFile(e.target.files?.[0] ?? null)}
      />
      <button type="submit" className="btn" disabled={!file || upload.isPending}>
        {upload.isPending ? 'Importing…' : `Import ${FILES[kind].title.toLowerCase()}`}
      </button>
      <ErrorNote error={upload.error} />
      {upload.data && (
        <Success>
          Imported {upload.data.rows} rows
          {upload.data.replaced ? ` (${upload.data.replaced} held before were replaced)` : ''}. Parties:{' '}
          {upload.data.parties.join(', ')}.
        </Success>
      )}
    </form>
  );
}

function Settings({ view }: { view: PulseView }) {
  const qc = useQueryClient();
  const [party, setParty] = useState(view.settings?.party ?? view.parties[0] ?? '');
  const [drift, setDrift] = useState(view.settings?.drift ?? false);
  const [breaks, setBreaks] = useState(view.settings?.breaks ?? []);
  const [pollster, setPollster] = useState('');
  const [date, setDate] = useState('');
  const save = useMutation({
    mutationFn: () => api.pulse.settings.$put({ body: { party, drift, breaks } }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: keys.pulseAll() }),
  });
  return (
    <form
      className="space-y-3"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <h3 className="font-semibold">The model</h3>
      <label className="block">
        <span className="block">Our party’s column in the poll files</span>
        <input
          className="input"
          list="pulse-parties"
          value={party}
          required
          onChange={(e) => setParty(e.target.value)}
        />
        <datalist id="pulse-parties">
          {view.parties.map((p) => (
            <option key={p} value={p} />
          ))}
        </datalist>
      </label>
      <label className="flex items-center gap-2">
        <input type="checkbox" checked={drift} onChange={(e) => setDrift(e.target.checked)} />
        Let each pollster’s lean drift slowly over time
      </label>
      <fieldset className="space-y-2">
        <legend>Changes of method (a pollster’s polls from the date on get a lean of their own)</legend>
        <ul className="space-y-1">
          {breaks.map((b, i) => (
            <li key={`${b.pollster}-${b.date}`} className="flex items-center gap-2">
              {b.pollster} from {b.date}
              <button
                type="button"
                className="btn-secondary"
                onClick={() => setBreaks(breaks.filter((_, j) => j !== i))}
              >
                Remove
                <span className="sr-only">
                  {' '}
                  {b.pollster}’s change of {b.date}
                </span>
              </button>
            </li>
          ))}
        </ul>
        <div className="flex flex-wrap items-end gap-2">
          <Small label="Pollster" value={pollster} onChange={setPollster} />
          <Small label="From" type="date" value={date} onChange={setDate} />
          <button
            type="button"
            className="btn-secondary"
            disabled={!pollster.trim() || !date}
            onClick={() => {
              setBreaks([...breaks, { pollster: pollster.trim(), date }]);
              setPollster('');
              setDate('');
            }}
          >
            Add change
          </button>
        </div>
      </fieldset>
      <button type="submit" className="btn" disabled={save.isPending}>
        {save.isPending ? 'Saving…' : 'Save the model'}
      </button>
      <ErrorNote error={save.error} />
      {save.isSuccess && <Success>Saved. The reading above is made again from it.</Success>}
    </form>
  );
}

/** A small labelled input of a row of them. */
function Small({
  label,
  onChange,
  ...input
}: { label: string; value: string; onChange: (value: string) => void } & Omit<
  InputHTMLAttributes<HTMLInputElement>,
  'onChange' | 'value'
>) {
  return (
    <label>
      <span className="block text-sm">{label}</span>
      <input className="input" {...input} onChange={(e) => onChange(e.target.value)} />
    </label>
  );
}

/** One party's result at one election, entered by hand (sent as a one-line elections file). */
function EnterResult({ parties }: { parties: string[] }) {
  const qc = useQueryClient();
  const [date, setDate] = useState('');
  const [party, setParty] = useState(parties[0] ?? '');
  const [share, setShare] = useState('');
  const enter = useMutation({
    mutationFn: () => {
      const quoted = `"${party.replace(/"/g, '""')}"`;
      return api.pulse.import[':kind'].$post({
        params: { kind: 'elections' },
        body: `date,${quoted}\n${date},${share}\n`,
      });
    },
    onSuccess: () => void qc.invalidateQueries({ queryKey: keys.pulseAll() }),
  });
  return (
    <form
      className="space-y-2"
      onSubmit={(e) => {
        e.preventDefault();
        enter.mutate();
      }}
    >
      <h3 className="font-semibold">Enter an election result</h3>
      <div className="flex flex-wrap items-end gap-2">
        <Small label="Held on" type="date" required value={date} onChange={setDate} />
        <Small label="Party" list="pulse-parties" required value={party} onChange={setParty} />
        <Small label="Share (%)" inputMode="decimal" required value={share} onChange={setShare} />
        <button type="submit" className="btn" disabled={enter.isPending}>
          {enter.isPending ? 'Saving…' : 'Enter result'}
        </button>
      </div>
      <ErrorNote error={enter.error} />
      {enter.isSuccess && (
        <Success>
          Entered: {party} {share}% on {date}.
        </Success>
      )}
    </form>
  );
}

export function PulseManage({ view }: { view: PulseView }) {
  return (
    <section aria-labelledby="pulse-manage" className="card mt-6 space-y-6" lang="en-GB">
      <div>
        <h2 id="pulse-manage" className="text-lg font-semibold">
          Polls and results (national organisers)
        </h2>
        <p className="text-sm text-stone-600">
          Held now: {view.counts.polls} polls, {view.counts.elections} election results,{' '}
          {view.counts.constituencies} constituencies. Every import is recorded in the audit log.
        </p>
      </div>
      <Settings view={view} />
      <EnterResult parties={view.parties} />
      {(['polls', 'elections', 'results'] as const).map((k) => (
        <Upload key={k} kind={k} />
      ))}
    </section>
  );
}
