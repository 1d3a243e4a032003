/** Erasure asked for by the member (profile) and decided by their data officer (the audit log page). */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../api.ts';
import { ErrorNote, Loading, Success } from './ui.tsx';
import { keys } from '../query-keys.ts';
import { dateOnly } from '../format.ts';
import { useT } from '../i18n/index.ts';

export function AskErasure() {
  const qc = useQueryClient();
  const mine = useQuery({
    queryKey: keys.myErasure(),
    queryFn: ({ signal }) => api.me['erasure-request'].$get({ signal }),
  });
  const [asking, setAsking] = useState(false);
  const t = useT();
  const ask = useMutation({
    mutationFn: () => api.me['erasure-request'].$post(),
    onSuccess: (r) => {
      qc.setQueryData(keys.myErasure(), r);
      setAsking(false);
    },
  });
  if (mine.isPending) return <Loading />;
  const r = mine.data?.request;
  if (r?.status === 'pending')
    return <Success>{t('erase.pending', { date: dateOnly(r.requestedAt) })}</Success>;
  return (
    <div className="mt-3">
      {r?.status === 'declined' && (
        <p className="mb-2 rounded-lg border border-amber-300 bg-amber-50 p-3 text-sm">
          {t('erase.declined', { date: dateOnly(r.requestedAt), reason: r.reason ?? '' })}
        </p>
      )}
      {asking ? (
        <div role="alertdialog" aria-labelledby="erase-q" className="rounded-lg border border-red-300 p-3">
          <p id="erase-q" className="mb-2">
            {t('erase.confirm')}
          </p>
          <div className="flex flex-wrap gap-2">
            <button
              type="button"
              className="btn-danger"
              disabled={ask.isPending}
              onClick={() => ask.mutate()}
            >
              {t('erase.yes')}
            </button>
            <button type="button" className="btn-secondary" onClick={() => setAsking(false)}>
              {t('erase.no')}
            </button>
          </div>
        </div>
      ) : (
        <button type="button" className="btn-secondary" onClick={() => setAsking(true)}>
          {t('erase.ask')}
        </button>
      )}
      <ErrorNote error={ask.error ?? mine.error} />
    </div>
  );
}

function Decide({ id, name }: { id: string; name: string }) {
  const qc = useQueryClient();
  const [declining, setDeclining] = useState(false);
  const [reason, setReason] = useState('');
  const done = () => void qc.invalidateQueries({ queryKey: keys.erasureQueue() });
  const confirm = useMutation({
    mutationFn: () => api['erasure-requests'][':id'].confirm.$post({ params: { id } }),
    onSuccess: done,
  });
  const decline = useMutation({
    mutationFn: () => api['erasure-requests'][':id'].decline.$post({ params: { id }, body: { reason } }),
    onSuccess: done,
  });
  return (
    <div className="mt-1">
      {declining ? (
        <form
          className="grid gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            decline.mutate();
          }}
        >
          <label htmlFor={`why-${id}`} className="label">
            Why (the member is told)
          </label>
          <textarea
            id={`why-${id}`}
            className="input"
            required
            maxLength={500}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
          />
          <div className="flex flex-wrap gap-2">
            <button type="submit" className="btn" disabled={decline.isPending}>
              Decline
            </button>
            <button type="button" className="btn-secondary" onClick={() => setDeclining(false)}>
              Back
            </button>
          </div>
        </form>
      ) : (
        <div className="flex flex-wrap gap-2">
          <button
            type="button"
            className="btn-danger"
            disabled={confirm.isPending}
            onClick={() => confirm.mutate()}
            aria-label={`Erase now: ${name}`}
          >
            Erase now
          </button>
          <button type="button" className="btn-secondary" onClick={() => setDeclining(true)}>
            Decline…
          </button>
        </div>
      )}
      <ErrorNote error={confirm.error ?? decline.error} fields={['body.reason']} />
    </div>
  );
}

/** The data officer's queue of members' requests to be erased (nothing shown when it is empty). */
export function ErasureQueue() {
  const queue = useQuery({
    queryKey: keys.erasureQueue(),
    queryFn: ({ signal }) => api['erasure-requests'].$get({ signal }),
  });
  if (!queue.data || queue.data.requests.length === 0) return null;
  return (
    <section aria-labelledby="erasure-h" className="card mb-4">
      <h2 id="erasure-h" className="mb-2 text-lg font-semibold">
        Members asking to be erased ({queue.data.requests.length})
      </h2>
      <ul className="divide-y divide-stone-200">
        {queue.data.requests.map((r) => (
          <li key={r.id} className="py-2">
            <p>
              <strong>{r.member.name}</strong> ({r.ward}), asked {dateOnly(r.requestedAt)}
            </p>
            <Decide id={r.id} name={r.member.name} />
          </li>
        ))}
      </ul>
    </section>
  );
}
