/** Canvass sessions: planned, signed up for (publicly too), reminded. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { api } from '../../api.ts';
import { Empty, ErrorNote, Loading, Success } from '../../components/ui.tsx';
import type { SessionList } from '../../canvass.ts';
import { keys } from '../../query-keys.ts';
import { dateTime } from '../../format.ts';

type Listed = SessionList['sessions'][number];

/** Moving a session's place or cancelling it; everyone signed up is told either way. */
function SessionActions({ branchId, session }: { branchId: string; session: Listed }) {
  const qc = useQueryClient();
  const [open, setOpen] = useState<'change' | 'cancel' | null>(null);
  const [meetingPoint, setMeetingPoint] = useState(session.meetingPoint);
  const done = () => {
    setOpen(null);
    void qc.invalidateQueries({ queryKey: keys.canvassSessions(branchId) });
  };
  const change = useMutation({
    mutationFn: () =>
      api.canvass.sessions[':id'].$patch({ params: { id: session.id }, body: { meetingPoint } }),
    onSuccess: done,
  });
  const cancel = useMutation({
    mutationFn: () => api.canvass.sessions[':id'].cancel.$post({ params: { id: session.id } }),
    onSuccess: done,
  });
  return (
    <div className="mt-1">
      {open === null && (
        <div className="flex flex-wrap gap-2">
          <button type="button" className="link text-sm" onClick={() => setOpen('change')}>
            Change the meeting point
          </button>
          <button type="button" className="link text-sm" onClick={() => setOpen('cancel')}>
            Cancel the session
          </button>
        </div>
      )}
      {open === 'change' && (
        <form
          className="mt-1 flex flex-wrap items-end gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            change.mutate();
          }}
        >
          <div>
            <label htmlFor={`mp-${session.id}`} className="label">
              New meeting point
            </label>
            <input
              id={`mp-${session.id}`}
              className="input"
              required
              maxLength={200}
              value={meetingPoint}
              onChange={(e) => setMeetingPoint(e.target.value)}
            />
          </div>
          <button type="submit" className="btn" disabled={change.isPending}>
            Save and tell everyone
          </button>
          <button type="button" className="btn-secondary" onClick={() => setOpen(null)}>
            Keep it
          </button>
        </form>
      )}
      {open === 'cancel' && (
        <div
          role="alertdialog"
          aria-labelledby={`cancel-${session.id}`}
          className="mt-1 rounded-lg border border-red-300 p-2"
        >
          <p id={`cancel-${session.id}`} className="text-sm">
            Cancel “{session.title}”? The {session.signups} signed up will be told by mail.
          </p>
          <div className="mt-1 flex flex-wrap gap-2">
            <button type="button" className="btn" disabled={cancel.isPending} onClick={() => cancel.mutate()}>
              Yes, cancel it
            </button>
            <button type="button" className="btn-secondary" onClick={() => setOpen(null)}>
              No, keep it
            </button>
          </div>
        </div>
      )}
      <ErrorNote error={change.error ?? cancel.error} />
    </div>
  );
}

export function SessionsSection({ branchId }: { branchId: string }) {
  const qc = useQueryClient();
  const sessions = useQuery({
    queryKey: keys.canvassSessions(branchId),
    queryFn: ({ signal }) => api.canvass.branches[':id'].sessions.$get({ params: { id: branchId }, signal }),
  });
  const walks = useQuery({
    queryKey: keys.walks(branchId),
    queryFn: ({ signal }) => api.canvass.branches[':id'].walks.$get({ params: { id: branchId }, signal }),
  });
  const [form, setForm] = useState({ title: '', date: '', start: '10:00', end: '12:00', meetingPoint: '' });
  const [chosen, setChosen] = useState<string[]>([]);
  const create = useMutation({
    mutationFn: () =>
      api.canvass.branches[':id'].sessions.$post({
        params: { id: branchId },
        body: {
          title: form.title,
          startsAt: new Date(`${form.date}T${form.start}`).toISOString(),
          endsAt: new Date(`${form.date}T${form.end}`).toISOString(),
          meetingPoint: form.meetingPoint,
          walkIds: chosen,
        },
      }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: keys.canvassSessions(branchId) }),
  });
  const field = (k: keyof typeof form, label: string, type = 'text') => (
    <div>
      <label htmlFor={`session-${k}`} className="label">
        {label}
      </label>
      <input
        id={`session-${k}`}
        type={type}
        className="input"
        required
        value={form[k]}
        onChange={(e) => setForm({ ...form, [k]: e.target.value })}
      />
    </div>
  );
  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <form
        aria-labelledby="new-session"
        className="card space-y-3"
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate();
        }}
      >
        <h2 id="new-session" className="text-lg font-semibold">
          New canvass session
        </h2>
        {field('title', 'Title')}
        <div className="grid grid-cols-3 gap-2">
          {field('date', 'Date', 'date')}
          {field('start', 'From', 'time')}
          {field('end', 'Until', 'time')}
        </div>
        {field('meetingPoint', 'Meeting point')}
        <fieldset>
          <legend className="label">Walks</legend>
          <div className="max-h-40 overflow-y-auto">
            {(walks.data?.walks ?? []).map((w) => (
              <label key={w.id} className="flex items-center gap-2 text-sm">
                <input
                  type="checkbox"
                  checked={chosen.includes(w.id)}
                  onChange={(e) =>
                    setChosen(e.target.checked ? [...chosen, w.id] : chosen.filter((x) => x !== w.id))
                  }
                />
                {w.name}
              </label>
            ))}
          </div>
        </fieldset>
        <button type="submit" className="btn" disabled={create.isPending}>
          Create the session
        </button>
        <ErrorNote error={create.error} />
        {create.data && (
          <Success>
            Created. Share the sign-up page:{' '}
            <Link
              className="link"
              to={`/s/${create.data.id}`}
            >{`${location.origin}/s/${create.data.id}`}</Link>
          </Success>
        )}
      </form>
      <section aria-labelledby="upcoming" className="card">
        <h2 id="upcoming" className="mb-2 text-lg font-semibold">
          Sessions
        </h2>
        {sessions.isPending ? (
          <Loading />
        ) : sessions.error ? (
          <ErrorNote error={sessions.error} />
        ) : sessions.data.sessions.length === 0 ? (
          <Empty>No sessions planned.</Empty>
        ) : (
          <ul className="divide-y divide-stone-200">
            {sessions.data.sessions.map((s) => (
              <li key={s.id} className="py-2">
                <p className="font-medium">
                  {s.title}
                  {s.cancelledAt && (
                    <span className="ml-2 text-sm font-semibold text-red-900">Cancelled</span>
                  )}
                </p>
                <p className="text-sm text-stone-600">
                  {dateTime(s.startsAt)} · {s.meetingPoint} · {s.signups} signed up · {s.walks} walks ·{' '}
                  <Link className="link" to={`/s/${s.id}`}>
                    public sign-up page
                  </Link>
                </p>
                {!s.cancelledAt && new Date(s.endsAt) > new Date() && (
                  <SessionActions branchId={branchId} session={s} />
                )}
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
