/**
 * The public page of a canvass session (for example, shared after a rally): what, when and where, and a
 * sign-up form with a name and an email. Members signed in sign up in one tap from their home page.
 */
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { api } from '../api.ts';
import type { PublicSession } from '../canvass.ts';
import { ErrorNote, Loading, Success } from '../components/ui.tsx';
import { keys } from '../query-keys.ts';
import { longDayTime, timeOnly } from '../format.ts';
import { usePageTitle } from '../page-title.ts';

export const sessionTime = (s: { startsAt: string; endsAt: string }) =>
  `${longDayTime(s.startsAt)} to ${timeOnly(s.endsAt)}`;

export function PublicSessionPage() {
  const { id = '' } = useParams();
  const session = useQuery({
    queryKey: keys.publicSession(id),
    queryFn: ({ signal }) => api<PublicSession>(`/api/public/canvass-sessions/${id}`, { signal }),
  });
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [phone, setPhone] = useState('');
  const signUp = useMutation({
    mutationFn: () =>
      api<PublicSession>(`/api/public/canvass-sessions/${id}/signups`, {
        method: 'POST',
        json: { name, email, phone: phone.trim() },
      }),
  });
  usePageTitle(session.data ? session.data.title : 'Canvass session');
  return (
    <main id="main" className="mx-auto max-w-xl px-4 py-8">
      {session.isPending ? (
        <Loading />
      ) : session.error ? (
        <ErrorNote error={session.error} />
      ) : (
        <>
          <p className="text-sm uppercase tracking-wide text-orange-900">{session.data.branch}</p>
          <h1 className="mb-2 text-3xl font-bold">{session.data.title}</h1>
          <p className="text-lg">{sessionTime(session.data)}</p>
          <p className="mb-1 text-lg">Meet at: {session.data.meetingPoint}</p>
          <p className="mb-4">
            <a className="link" href={`/api/public/canvass-sessions/${id}/session.ics`} download>
              Add to my calendar (.ics)
            </a>
          </p>
          <p className="mb-6 text-stone-600">
            <span data-testid="going">{(signUp.data ?? session.data).going} going.</span> No experience
            needed: you go in pairs, with a walk of about sixty doors and an app (or a paper sheet) that tells
            you where.
          </p>
          {signUp.isSuccess ? (
            <Success>
              You're signed up (once, however often you use this address). We've emailed you the details and
              will remind you the day before.
            </Success>
          ) : session.data.cancelledAt ? (
            <p role="status" className="font-semibold text-red-900">
              This session has been cancelled. Everyone who signed up has been told.
            </p>
          ) : !session.data.open ? (
            <p>This session is over.</p>
          ) : (
            <form
              aria-label="Sign up"
              className="card space-y-3"
              onSubmit={(e) => {
                e.preventDefault();
                signUp.mutate();
              }}
            >
              <div>
                <label htmlFor="signup-name" className="label">
                  Your name
                </label>
                <input
                  id="signup-name"
                  className="input"
                  required
                  maxLength={100}
                  autoComplete="name"
                  value={name}
                  onChange={(e) => setName(e.target.value)}
                />
              </div>
              <div>
                <label htmlFor="signup-email" className="label">
                  Email address
                </label>
                <input
                  id="signup-email"
                  type="email"
                  className="input"
                  required
                  autoComplete="email"
                  value={email}
                  onChange={(e) => setEmail(e.target.value)}
                />
              </div>
              <div>
                <label htmlFor="signup-phone" className="label">
                  Phone (optional)
                </label>
                <input
                  id="signup-phone"
                  type="tel"
                  className="input"
                  autoComplete="tel"
                  aria-describedby="signup-phone-hint"
                  value={phone}
                  onChange={(e) => setPhone(e.target.value)}
                />
                <p id="signup-phone-hint" className="mt-1 text-sm text-stone-600">
                  So the organiser can ring you on the day if plans change.
                </p>
              </div>
              <p className="text-sm text-stone-600">
                We use your details only for this session: a confirmation, a reminder, and news if it changes.
              </p>
              <button type="submit" className="btn" disabled={signUp.isPending}>
                Sign me up
              </button>
              <ErrorNote error={signUp.error} />
            </form>
          )}
          <p className="mt-6 text-sm">
            Already a member?{' '}
            <Link className="link" to="/">
              Sign in
            </Link>{' '}
            to sign up in one tap.
          </p>
        </>
      )}
    </main>
  );
}
