import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api } from '../api.ts';
import { Empty, ErrorNote, Loading, PageTitle } from '../components/ui.tsx';
import { keys } from '../query-keys.ts';
import { dateTime } from '../format.ts';

/** Development only: the mail the platform would have sent. */
export function OutboxPage() {
  const q = useQuery({
    queryKey: keys.outbox(),
    queryFn: ({ signal }) => api.dev.outbox.$get({ signal }),
    refetchInterval: 3000,
  });
  return (
    <main id="main" className="mx-auto max-w-3xl px-4 py-8">
      <PageTitle lead="Development mail outbox: what would have been emailed. Newest first; refreshes by itself.">
        Mail outbox
      </PageTitle>
      <p className="mb-4">
        <Link to="/sign-in" className="link">
          Back to sign-in
        </Link>
      </p>
      {q.isPending && <Loading />}
      <ErrorNote error={q.error} />
      {q.data?.messages.length === 0 && <Empty>No mail has been sent yet.</Empty>}
      <ul className="space-y-3">
        {q.data?.messages.map((m) => (
          <li key={m.id} className="card" data-testid="outbox-message">
            <p className="text-sm text-stone-600">
              To <strong>{m.to}</strong> · {dateTime(m.createdAt)}
            </p>
            <h2 className="font-semibold">{m.subject}</h2>
            <pre className="mt-2 font-sans whitespace-pre-wrap">{m.text}</pre>
          </li>
        ))}
      </ul>
    </main>
  );
}
