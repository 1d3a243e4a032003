/** The register: imports of the full register, monthly updates and marked registers, every bad row by line. */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api.ts';
import { Empty, ErrorNote, Loading, Success } from '../../components/ui.tsx';
import type { ImportResult } from '../../canvass.ts';
import { fmt, useRegister } from './shared.ts';
import { keys } from '../../query-keys.ts';
import { ColumnMapping, type ColumnChoice } from './column-mapping.tsx';

function ImportResultNote({ r }: { r: ImportResult }) {
  return (
    <Success>
      {r.dryRun ? 'The file is good: ' : 'Imported: '}
      {fmt(r.rows)} rows; {fmt(r.added)} new, {fmt(r.matched)} matched to electors already held
      {r.removed ? `, ${fmt(r.removed)} no longer on the register` : ''}
      {r.suppressed ? `, ${fmt(r.suppressed)} erased on request and left out` : ''}.
      {r.dryRun ? ' Nothing has been written yet.' : ''}
    </Success>
  );
}

export function RegisterSection({ branchId }: { branchId: string }) {
  const qc = useQueryClient();
  const summary = useRegister(branchId);
  const [kind, setKind] = useState<'full' | 'update'>('full');
  const [file, setFile] = useState<File | null>(null);
  const [mapping, setMapping] = useState<ColumnChoice>({});
  const upload = useMutation({
    mutationFn: (dryRun: boolean) => {
      if (!file) throw new Error('Choose a file first');
      return api.canvass.branches[':id'].register.$post({
        params: { id: branchId },
        query: {
          kind,
          dryRun: dryRun ? 'true' : 'false',
          ...(Object.keys(mapping).length ? { mapping: JSON.stringify(mapping) } : {}),
        },
        body: file,
      });
    },
    onSuccess: () => void qc.invalidateQueries({ queryKey: keys.register(branchId) }),
  });
  const [election, setElection] = useState('');
  const [heldOn, setHeldOn] = useState('');
  const [marked, setMarked] = useState<File | null>(null);
  const markedUpload = useMutation({
    mutationFn: () => {
      if (!marked) throw new Error('Choose a file first');
      return api.canvass.branches[':id']['marked-register'].$post({
        params: { id: branchId },
        query: { election, heldOn },
        body: marked,
      });
    },
    onSuccess: () => void qc.invalidateQueries({ queryKey: keys.register(branchId) }),
  });
  return (
    <div className="space-y-6">
      <section aria-labelledby="held" className="card">
        <h2 id="held" className="mb-2 text-lg font-semibold">
          The register held
        </h2>
        {summary.isPending ? (
          <Loading />
        ) : summary.error ? (
          <ErrorNote error={summary.error} />
        ) : summary.data.electors === 0 ? (
          <Empty>No register yet: import the electoral register below.</Empty>
        ) : (
          <>
            <p>
              {fmt(summary.data.electors)} electors ({fmt(summary.data.postal)} postal voters) in{' '}
              {summary.data.districts.map((d) => `${d.district} (${fmt(d.electors)})`).join(', ')}.
            </p>
            <p className="mt-1 text-sm text-stone-600">
              Turnout history:{' '}
              {summary.data.elections.length === 0
                ? 'none yet (import a marked register).'
                : summary.data.elections
                    .map((e) => `${e.name}, ${e.heldOn}: ${fmt(e.voted)} voted`)
                    .join('; ')}
            </p>
          </>
        )}
      </section>
      <form
        aria-labelledby="import-register"
        className="card space-y-3"
        onSubmit={(e) => {
          e.preventDefault();
          upload.mutate(true);
        }}
      >
        <h2 id="import-register" className="text-lg font-semibold">
          Import the register
        </h2>
        <p className="text-sm text-stone-600">
          The CSV supplied to parties (Elector Number Prefix, Elector Number, Suffix, Markers, DOB, Surname,
          Forename, PostCode, Address1–6, UPRN). All or nothing: if any row is wrong nothing is written and
          every bad row is listed by line. Electors are matched to those already held by UPRN or address and
          name, so their history survives renumbering.
        </p>
        <fieldset>
          <legend className="label">Kind of file</legend>
          <label className="mr-4">
            <input type="radio" name="kind" checked={kind === 'full'} onChange={() => setKind('full')} /> The
            full register
          </label>
          <label>
            <input type="radio" name="kind" checked={kind === 'update'} onChange={() => setKind('update')} />{' '}
            A monthly update (Change Type A, M or D)
          </label>
        </fieldset>
        <div>
          <label htmlFor="register-file" className="label">
            Register CSV
          </label>
          <input
            id="register-file"
            type="file"
            accept=".csv,text/csv"
            className="input"
            onChange={(e) => {
              setFile(e.target.files?.[0] ?? null);
              setMapping({});
            }}
          />
        </div>
        <details>
          <summary className="cursor-pointer">Another layout? Pick its columns</summary>
          <div className="mt-2">
            <ColumnMapping
              file={file}
              choice={mapping}
              onChange={(m) => {
                setMapping(m);
                upload.reset();
              }}
            />
          </div>
        </details>
        <div className="flex gap-2">
          <button type="submit" className="btn-secondary" disabled={!file || upload.isPending}>
            Check the file
          </button>
          <button
            type="button"
            className="btn"
            disabled={!file || upload.isPending}
            onClick={() => upload.mutate(false)}
          >
            {upload.isPending ? 'Working…' : 'Import'}
          </button>
        </div>
        <ErrorNote error={upload.error} />
        {upload.data && <ImportResultNote r={upload.data} />}
      </form>
      <form
        aria-labelledby="import-marked"
        className="card space-y-3"
        onSubmit={(e) => {
          e.preventDefault();
          markedUpload.mutate();
        }}
      >
        <h2 id="import-marked" className="text-lg font-semibold">
          Import a marked register
        </h2>
        <p className="text-sm text-stone-600">
          One row per elector who voted (Elector Number Prefix, Elector Number, Suffix), with a Postal column
          marking postal voters. Importing the same election again replaces its turnout.
        </p>
        <div className="grid gap-3 sm:grid-cols-2">
          <div>
            <label htmlFor="election" className="label">
              Election
            </label>
            <input
              id="election"
              className="input"
              required
              value={election}
              onChange={(e) => setElection(e.target.value)}
            />
          </div>
          <div>
            <label htmlFor="held-on" className="label">
              Held on
            </label>
            <input
              id="held-on"
              type="date"
              className="input"
              required
              value={heldOn}
              onChange={(e) => setHeldOn(e.target.value)}
            />
          </div>
        </div>
        <div>
          <label htmlFor="marked-file" className="label">
            Marked register CSV
          </label>
          <input
            id="marked-file"
            type="file"
            accept=".csv,text/csv"
            className="input"
            onChange={(e) => setMarked(e.target.files?.[0] ?? null)}
          />
        </div>
        <button type="submit" className="btn" disabled={!marked || markedUpload.isPending}>
          Import the marked register
        </button>
        <ErrorNote error={markedUpload.error} />
        {markedUpload.data && (
          <Success>{fmt(markedUpload.data.added)} electors marked as having voted.</Success>
        )}
      </form>
    </div>
  );
}
