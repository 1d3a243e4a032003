/** The in-app notifications (home page) and the member's choice of channel per topic (profile). */
import { useState } from 'react';
import { Link } from 'react-router';
import { Empty, ErrorNote, Loading, Success } from './ui.tsx';
import { dateTime } from '../format.ts';
import {
  CHANNELS,
  useChoose,
  useMarkRead,
  useNotifications,
  usePreferences,
  type NotificationChannel,
  type NotificationTopic,
} from '../notifications.ts';
import { useT } from '../i18n/index.ts';

export function NotificationsPanel() {
  const list = useNotifications();
  const markRead = useMarkRead();
  const t = useT();
  const unread = list.data?.unread ?? 0;
  return (
    <section aria-labelledby="notifications-h" className="card mb-6">
      <div className="mb-2 flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="notifications-h" className="text-lg font-semibold">
          {t('notify.title')}{' '}
          {unread > 0 && (
            <span className="ml-1 rounded-full bg-orange-700 px-2 py-0.5 text-sm font-semibold text-white">
              {t('notify.new', { count: unread })}
            </span>
          )}
        </h2>
        {unread > 0 && (
          <button
            type="button"
            className="btn-secondary"
            disabled={markRead.isPending}
            onClick={() => markRead.mutate(undefined)}
          >
            {t('notify.markAll')}
          </button>
        )}
      </div>
      {list.isPending ? (
        <Loading label={t('notify.loading')} />
      ) : list.error ? (
        <ErrorNote error={list.error} />
      ) : list.data.items.length === 0 ? (
        <Empty>{t('notify.none')}</Empty>
      ) : (
        <ul className="divide-y divide-stone-200">
          {list.data.items.map((n) => (
            <li key={n.id} className="py-2">
              <Link
                to={n.link}
                className="block rounded hover:bg-stone-50"
                onClick={() => {
                  if (!n.read) markRead.mutate([n.id]);
                }}
              >
                <span className={n.read ? 'text-stone-800' : 'font-semibold text-orange-900'}>
                  {n.read ? (
                    n.title
                  ) : (
                    <>
                      <span className="sr-only">{t('notify.unreadItem', { title: n.title })}</span>
                      <span aria-hidden="true">{n.title}</span>
                    </>
                  )}
                </span>
                <span className="block text-sm text-stone-600">{n.body}</span>
                <time dateTime={n.createdAt} className="block text-xs text-stone-500">
                  {dateTime(n.createdAt)}
                </time>
              </Link>
            </li>
          ))}
        </ul>
      )}
      <p className="mt-2 text-sm text-stone-600">
        <Link to="/me#notifications-h" className="underline">
          {t('notify.choose')}
        </Link>
      </p>
    </section>
  );
}

export function NotificationChoices() {
  const prefs = usePreferences();
  const choose = useChoose();
  const t = useT();
  // The choice shows in the same moment as the tap, before the request (and the cache) catch up; if the
  // server refuses it, the saved choice shows again.
  const [picked, setPicked] = useState<Partial<Record<NotificationTopic, NotificationChannel>>>({});
  const pick = (topic: NotificationTopic, channel: NotificationChannel) => {
    setPicked((p) => ({ ...p, [topic]: channel }));
    choose.mutate(
      { topic, channel },
      {
        onSettled: () => setPicked((p) => Object.fromEntries(Object.entries(p).filter(([k]) => k !== topic))),
      },
    );
  };
  return (
    <section className="card mb-4 max-w-lg" aria-labelledby="notifications-h">
      <h2 id="notifications-h" className="mb-2 font-semibold">
        {t('notify.title')}
      </h2>
      <p className="mb-3 text-stone-600">{t('notify.choicesLead')}</p>
      {prefs.isPending ? (
        <Loading />
      ) : prefs.error ? (
        <ErrorNote error={prefs.error} />
      ) : (
        <div className="space-y-4">
          {prefs.data.topics.map(({ topic, channel }) => (
            <fieldset key={topic}>
              <legend className="font-medium">{t(`topic.${topic}.name`)}</legend>
              <p className="text-sm text-stone-600">{t(`topic.${topic}.hint`)}</p>
              <div className="mt-1 flex flex-wrap gap-x-4 gap-y-1">
                {CHANNELS.map((c) => (
                  <label key={c} className="flex items-center gap-2">
                    <input
                      type="radio"
                      name={`notify-${topic}`}
                      value={c}
                      checked={(picked[topic] ?? channel) === c}
                      onChange={() => pick(topic, c)}
                    />
                    {t(`channel.${c}`)}
                  </label>
                ))}
              </div>
            </fieldset>
          ))}
        </div>
      )}
      {choose.isSuccess && <Success>{t('common.saved')}</Success>}
      <ErrorNote error={choose.error} />
    </section>
  );
}
