/** The doorstep app's frame: the sync bar that always says what is waiting, and live IndexedDB queries. */
import { liveQuery } from 'dexie';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { Link } from 'react-router';
import { db, forgetEndedWalks } from '../../doorstep/db.ts';
import { startSync, syncNow, useSyncState } from '../../doorstep/sync.ts';
import { usePageTitle } from '../../page-title.ts';
import { useT } from '../../i18n/index.ts';
import { LanguageChoice } from '../../components/language.tsx';
import { Empty, Loading } from '../../components/ui.tsx';
import { useMe, useMembersLanguage } from '../../session.ts';

/**
 * Subscribes to an IndexedDB query; re-runs when the data it read changes. `key` names what the query
 * depends on (the walk or elector it reads): a new key subscribes afresh.
 */
export function useLive<T>(query: () => Promise<T>, key: string): T | undefined {
  const [value, setValue] = useState<T>();
  const latest = useRef(query);
  useEffect(() => {
    latest.current = query;
  });
  useEffect(() => {
    const sub = liveQuery(() => latest.current()).subscribe({
      next: setValue,
      error: () => setValue(undefined),
    });
    return () => sub.unsubscribe();
  }, [key]);
  return value;
}

/** Everything in a state on the phone: doorstep records, tellers' numbers and knockers' records. */
async function countIn(state: 'waiting' | 'refused'): Promise<number> {
  const counts = await Promise.all(
    [db.records, db.telling, db.knockups].map((table) => table.where('state').equals(state).count()),
  );
  return counts.reduce((a, b) => a + b, 0);
}

function SyncBar() {
  const s = useSyncState();
  const t = useT();
  const waiting = useLive(() => countIn('waiting'), 'all') ?? 0;
  const refused = useLive(() => countIn('refused'), 'all') ?? 0;
  // The clock for the retry countdown, read in an effect (a render must not read the time).
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!s.nextRetryAt) return;
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, [s.nextRetryAt]);
  let detail = '';
  if (waiting > 0) {
    if (s.sending) detail = t('sync.sending');
    else if (s.signedOut) detail = t('sync.signInAgain');
    else if (s.nextRetryAt && s.busy)
      detail = t('sync.busy', { seconds: Math.max(0, Math.ceil((s.nextRetryAt - now) / 1000)) });
    else if (s.nextRetryAt)
      detail = t('sync.retry', {
        error: s.lastError ?? t('sync.notSent'),
        seconds: Math.max(0, Math.ceil((s.nextRetryAt - now) / 1000)),
      });
    else if (!s.online) detail = t('sync.offline');
  }
  return (
    <div
      className={`sticky top-0 z-10 border-b px-4 py-2 text-sm ${waiting > 0 ? 'border-amber-300 bg-amber-50 text-amber-950' : 'border-green-300 bg-green-50 text-green-950'}`}
    >
      <div className="mx-auto flex max-w-2xl flex-wrap items-center gap-2">
        <p role="status" aria-live="polite" data-testid="sync-state" className="font-semibold">
          {waiting > 0 ? t('sync.waiting', { count: waiting }) : t('sync.allSent')}
        </p>
        {detail && <span>{detail}</span>}
        {refused > 0 && <span className="text-red-800">{t('sync.refused', { count: refused })}</span>}
        {waiting > 0 && !s.sending && (
          <button type="button" className="ml-auto underline" onClick={() => void syncNow()}>
            {t('sync.sendNow')}
          </button>
        )}
        {s.signedOut && (
          <Link className="link" to="/sign-in?next=/doorstep">
            {t('sync.signIn')}
          </Link>
        )}
      </div>
    </div>
  );
}

export function Shell({ children, title }: { children: ReactNode; title: string }) {
  const t = useT();
  // The member's own choice of language, when the doorstep app is the first page a device opens; offline,
  // the device's holds.
  useMembersLanguage(useMe().data);
  usePageTitle(title ? t('doorstep.pageTitle', { title }) : t('doorstep.name'));
  useEffect(() => {
    startSync();
    void forgetEndedWalks();
  }, []);
  return (
    <div className="min-h-screen">
      <SyncBar />
      <header className="border-b border-stone-200 bg-white">
        <div className="mx-auto flex max-w-2xl items-center gap-3 px-4 py-2">
          <Link to="/doorstep" className="text-lg font-bold text-orange-900">
            {t('doorstep.name')}
          </Link>
          <span className="truncate text-stone-600">{title}</span>
          <LanguageChoice className="ml-auto" />
          <Link to="/" className="link text-sm">
            Broadchurch
          </Link>
        </div>
      </header>
      <main id="main" className="mx-auto max-w-2xl px-4 py-4">
        {children}
      </main>
    </div>
  );
}

/**
 * A page of the doorstep app whose data is not on the phone: still loading, or never opened here (a link
 * back to the app's home, to open it with a signal).
 */
export function NotOnPhone({
  title,
  loading,
  message,
}: {
  title: string;
  loading: boolean;
  message: 'telling.notOnPhone' | 'knockup.notOnPhone';
}) {
  const t = useT();
  return (
    <Shell title={title}>
      {loading ? (
        <Loading />
      ) : (
        <Empty>
          {t.rich(message, {
            link: (c) => (
              <Link className="link" to="/doorstep">
                {c}
              </Link>
            ),
          })}
        </Empty>
      )}
    </Shell>
  );
}
