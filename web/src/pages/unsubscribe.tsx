/**
 * The page an email's "stop these mails" link opens: no sign-in; it says what the link is about and stops
 * that kind of mail with one button (a link alone never changes anything, so mail scanners that follow
 * links do not unsubscribe anyone).
 */
import { useMutation, useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { api } from '../api.ts';
import { ErrorNote, Loading, PageTitle, Success } from '../components/ui.tsx';
import { keys } from '../query-keys.ts';
import { TOPIC_LABELS, type NotificationChannel, type NotificationTopic } from '../notifications.ts';

interface State {
  topic: NotificationTopic;
  channel: NotificationChannel;
}

export function UnsubscribePage() {
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const url = `/api/notifications/unsubscribe?token=${encodeURIComponent(token)}`;
  const state = useQuery({
    queryKey: keys.unsubscribe(token),
    queryFn: ({ signal }) => api<State>(url, { signal }),
    enabled: token.length > 0,
    retry: false,
  });
  const stop = useMutation({ mutationFn: () => api<State>(url, { method: 'POST' }) });
  return (
    <main id="main" className="mx-auto max-w-lg p-4">
      <PageTitle>Stop emails</PageTitle>
      {!token ? (
        <p role="alert" className="rounded-lg border border-red-300 bg-red-50 p-3 text-red-900">
          This link has no token in it. Copy the whole link from the email, or choose what you hear about on{' '}
          <Link to="/me">your profile</Link>.
        </p>
      ) : state.isPending ? (
        <Loading />
      ) : state.error ? (
        <>
          <ErrorNote error={state.error} />
          <p>
            You can also choose what you hear about on <Link to="/me">your profile</Link> after signing in.
          </p>
        </>
      ) : stop.isSuccess || state.data.channel !== 'mail' ? (
        <Success>
          You will get no more emails about {TOPIC_LABELS[state.data.topic].name.toLowerCase()}. You can still
          see them in the app, and change this on <Link to="/me">your profile</Link>.
        </Success>
      ) : (
        <div className="card">
          <p className="mb-3">
            Stop emails about <strong>{TOPIC_LABELS[state.data.topic].name.toLowerCase()}</strong>?{' '}
            {TOPIC_LABELS[state.data.topic].hint}
          </p>
          <button type="button" className="btn" disabled={stop.isPending} onClick={() => stop.mutate()}>
            {stop.isPending ? 'Stopping…' : 'Stop these emails'}
          </button>
          <ErrorNote error={stop.error} />
        </div>
      )}
    </main>
  );
}
