/**
 * The public page of a canvass session (for example, shared after a rally): what, when and where, and a
 * sign-up form with a name and an email. Members signed in sign up in one tap from their home page.
 */
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { api } from '../api.ts';
import { ErrorNote, Loading, Success } from '../components/ui.tsx';
import { keys } from '../query-keys.ts';
import { sessionTime } from '../format.ts';
import { usePageTitle } from '../page-title.ts';
import { language, useT } from '../i18n/index.ts';
import { LanguageChoice } from '../components/language.tsx';

export function PublicSessionPage() {
  const { id = '' } = useParams();
  const t = useT();
  const session = useQuery({
    queryKey: keys.publicSession(id),
    queryFn: ({ signal }) => api.public['canvass-sessions'][':id'].$get({ params: { id }, signal }),
  });
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [phone, setPhone] = useState('');
  const signUp = useMutation({
    mutationFn: () =>
      api.public['canvass-sessions'][':id'].signups.$post({
        params: { id },
        // Mail about the session is written in the language the page is read in.
        body: { name, email, phone: phone.trim(), language: language() },
      }),
  });
  usePageTitle(session.data ? session.data.title : t('session.title'));
  return (
    <main id="main" className="mx-auto max-w-xl px-4 py-8">
      <div className="mb-2 text-right">
        <LanguageChoice />
      </div>
      {session.isPending ? (
        <Loading />
      ) : session.error ? (
        <ErrorNote error={session.error} />
      ) : (
        <>
          <p className="text-sm uppercase tracking-wide text-orange-900">{session.data.branch}</p>
          <h1 className="mb-2 text-3xl font-bold">{session.data.title}</h1>
          <p className="text-lg">{sessionTime(t, session.data)}</p>
          <p className="mb-1 text-lg">{t('session.meetAt', { place: session.data.meetingPoint })}</p>
          <p className="mb-4">
            <a
              className="link"
              href={api.public['canvass-sessions'][':id']['session.ics'].$url({ params: { id } })}
              download
            >
              {t('session.calendar')}
            </a>
          </p>
          <p className="mb-6 text-stone-600">
            <span data-testid="going">
              {t('session.going', { count: (signUp.data ?? session.data).going })}
            </span>{' '}
            {t('session.noExperience')}
          </p>
          {signUp.isSuccess ? (
            <Success>{t('session.signedUpOnce')}</Success>
          ) : session.data.cancelledAt ? (
            <p role="status" className="font-semibold text-red-900">
              {t('session.cancelled')}
            </p>
          ) : !session.data.open ? (
            <p>{t('session.over')}</p>
          ) : (
            <form
              aria-label={t('session.form')}
              className="card space-y-3"
              onSubmit={(e) => {
                e.preventDefault();
                signUp.mutate();
              }}
            >
              <div>
                <label htmlFor="signup-name" className="label">
                  {t('session.name')}
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
                  {t('session.email')}
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
                  {t('session.phone')}
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
                  {t('session.phoneHint')}
                </p>
              </div>
              <p className="text-sm text-stone-600">{t('session.privacy')}</p>
              <button type="submit" className="btn" disabled={signUp.isPending}>
                {t('session.signUp')}
              </button>
              <ErrorNote error={signUp.error} />
            </form>
          )}
          <p className="mt-6 text-sm">
            {t.rich('session.member', {
              link: (c) => (
                <Link className="link" to="/">
                  {c}
                </Link>
              ),
            })}
          </p>
        </>
      )}
    </main>
  );
}
