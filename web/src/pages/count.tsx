/**
 * Counting an election from its ballot file: an election held on paper, or a declared result checked. The
 * count comes back round by round and is shown as a chart (each candidate's votes by round, the quota
 * beside them), a table (every figure) and what happened at each round, with any tie and how it was broken.
 */
import { useMutation } from '@tanstack/react-query';
import { useState, type SyntheticEvent } from 'react';
import { api } from '../api.ts';
import { ErrorNote, Loading, PageTitle } from '../components/ui.tsx';
import { useT } from '../i18n/index.ts';
import { CountView } from '../components/count-view.tsx';
import { COUNT_METHODS } from '../../../src/contract/vocabulary.ts';

type Method = (typeof COUNT_METHODS)[number];
export function CountPage() {
  const t = useT();
  const [file, setFile] = useState<File | null>(null);
  const [method, setMethod] = useState<Method>('scottish-stv');
  const [seed, setSeed] = useState('');
  const count = useMutation({
    mutationFn: (f: File) =>
      api.elections.count.$post({
        query: { method, ...(seed.trim() ? { seed: seed.trim() } : {}) },
        body: f,
        contentType: 'text/plain',
      }),
  });
  const submit = (e: SyntheticEvent) => {
    e.preventDefault();
    if (file) count.mutate(file);
  };
  return (
    <div>
      <PageTitle lead={t('count.lead')}>{t('count.title')}</PageTitle>
      <form onSubmit={submit} className="card mb-6 grid gap-3 sm:grid-cols-3">
        <div>
          <label htmlFor="count-file" className="label">
            {t('count.file')}
          </label>
          <input
            id="count-file"
            type="file"
            accept=".blt,text/plain"
            className="block w-full text-sm"
            onChange={(e) => setFile(e.target.files?.[0] ?? null)}
          />
        </div>
        <div>
          <label htmlFor="count-method" className="label">
            {t('count.method')}
          </label>
          <select
            id="count-method"
            className="input"
            value={method}
            onChange={(e) => setMethod(COUNT_METHODS.find((m) => m === e.target.value) ?? 'scottish-stv')}
          >
            {COUNT_METHODS.map((m) => (
              <option key={m} value={m}>
                {t(`count.method.${m}`)}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="count-seed" className="label">
            {t('count.seed')}
          </label>
          <input
            id="count-seed"
            className="input"
            aria-describedby="count-seed-hint"
            value={seed}
            onChange={(e) => setSeed(e.target.value)}
          />
        </div>
        <p id="count-seed-hint" className="text-sm text-stone-600 sm:col-span-3">
          {t('count.seedHint')}
        </p>
        <div className="sm:col-span-3">
          <button type="submit" className="btn" disabled={!file || count.isPending}>
            {count.isPending ? t('count.counting') : t('count.submit')}
          </button>
        </div>
        <div className="sm:col-span-3">
          <ErrorNote error={count.error} />
        </div>
      </form>
      {count.isPending && <Loading label={t('count.counting')} />}
      {count.data && <CountView r={count.data} />}
    </div>
  );
}
