/**
 * The page an email's "stop these mails" link opens: no sign-in; it says what the link is about and stops
 * that kind of mail with one button (a link alone never changes anything, so mail scanners that follow
 * links do not unsubscribe anyone).
 */
import { useMutation, useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api } from '../api.ts';
import { ErrorNote, Loading, PageTitle, Success } from '../components/ui.tsx';
import { keys } from '../query-keys.ts';
import { useT } from '../i18n/index.ts';
import { LanguageChoice } from '../components/language.tsx';

export function UnsubscribePage() {
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const state = useQuery({
    queryKey: keys.unsubscribe(token),
    queryFn: ({ signal }) => api.notifications.unsubscribe.$get({ query: { token }, signal }),
    enabled: token.length > 0,
    retry: false,
  });
  const stop = useMutation({ mutationFn: () => api.notifications.unsubscribe.$post({ query: { token } }) });
  const t = useT();
  const profile = (c: ReactNode[]) => <Link to="/me">{c}</Link>;
  return (
    <main id="main" className="mx-auto max-w-lg p-4">
      <div className="text-right">
        <LanguageChoice />
      </div>
      <PageTitle>{t('unsub.title')}</PageTitle>
      {!token ? (
        <p role="alert" className="rounded-lg border border-red-300 bg-red-50 p-3 text-red-900">
          {t.rich('unsub.noToken', { link: profile })}
        </p>
      ) : state.isPending ? (
        <Loading />
      ) : state.error ? (
        <>
          <ErrorNote error={state.error} />
          <p>{t.rich('unsub.orProfile', { link: profile })}</p>
        </>
      ) : stop.isSuccess || state.data.channel !== 'mail' ? (
        <Success>
          {t.rich('unsub.stopped', { topic: t(`topic.${state.data.topic}.about`), link: profile })}
        </Success>
      ) : (
        <div className="card">
          <p className="mb-3">
            {t.rich('unsub.ask', {
              topic: t(`topic.${state.data.topic}.about`),
              hint: t(`topic.${state.data.topic}.hint`),
              b: (c) => <strong>{c}</strong>,
            })}
          </p>
          <button type="button" className="btn" disabled={stop.isPending} onClick={() => stop.mutate()}>
            {stop.isPending ? t('unsub.stopping') : t('unsub.stop')}
          </button>
          <ErrorNote error={stop.error} />
        </div>
      )}
    </main>
  );
}
