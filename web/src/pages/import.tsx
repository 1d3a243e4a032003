import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type SyntheticEvent } from 'react';
import { api } from '../api.ts';
import { BranchSelect } from '../components/branch-select.tsx';
import { ErrorNote, PageTitle, Success } from '../components/ui.tsx';

import { keys } from '../query-keys.ts';

export function ImportPage() {
  const queryClient = useQueryClient();
  const [branch, setBranch] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const run = useMutation({
    mutationFn: async (dryRun: boolean) => {
      if (!file) throw new Error('Choose a file first');
      return api.members.import.$post({
        query: { branch, dryRun: dryRun ? 'true' : 'false' },
        body: await file.text(),
      });
    },
    onSuccess: (r) => {
      if (!r.dryRun) void queryClient.invalidateQueries({ queryKey: keys.members() });
    },
  });
  const submit = (e: SyntheticEvent) => {
    e.preventDefault();
    run.mutate(true);
  };
  return (
    <>
      <PageTitle lead="All or nothing: if any row is wrong, nothing is imported and every bad row is listed by line.">
        Import members
      </PageTitle>
      <form onSubmit={submit} className="card max-w-xl space-y-3">
        <p className="text-sm text-stone-600">
          Columns: <code>name, email, ward</code> (a ward code such as N-MIL-1), and optionally{' '}
          <code>phone, joined_on, status</code>.
        </p>
        <div>
          <label htmlFor="branch" className="label">
            Into branch
          </label>
          <BranchSelect
            id="branch"
            required
            value={branch}
            placeholder="Choose…"
            only={(b) => b.canListMembers}
            onChange={setBranch}
          />
        </div>
        <div>
          <label htmlFor="file" className="label">
            CSV file
          </label>
          <input
            id="file"
            type="file"
            accept=".csv,text/csv"
            className="input"
            onChange={(e) => setFile(e.target.files?.[0] ?? null)}
          />
        </div>
        <div className="flex gap-2">
          <button type="submit" className="btn-secondary" disabled={!branch || !file || run.isPending}>
            Check the file
          </button>
          <button
            type="button"
            className="btn"
            disabled={!branch || !file || run.isPending}
            onClick={() => run.mutate(false)}
          >
            Import
          </button>
        </div>
        {run.isPending && <p role="status">Working…</p>}
        {run.data && (
          <Success>
            {run.data.dryRun
              ? `All ${run.data.rows} rows are good. Press Import to add them.`
              : `Imported ${run.data.imported} members.`}
            {run.data.backdated > 0 &&
              ` ${run.data.backdated} ${run.data.backdated === 1 ? 'row has a joining date' : 'rows have joining dates'} before today; ${run.data.dryRun ? 'each will be' : 'each was'} recorded in the audit log.`}
          </Success>
        )}
        <ErrorNote error={run.error} />
      </form>
    </>
  );
}
