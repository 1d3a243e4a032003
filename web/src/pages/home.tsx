import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api, type Role } from '../api.ts';
import { ErrorNote, PageTitle } from '../components/ui.tsx';
import { dateOnly, sessionTime } from '../format.ts';
import { canAnywhere, useMe } from '../session.ts';
import { keys } from '../query-keys.ts';
import { NotificationsPanel } from '../components/notifications.tsx';
import { useT } from '../i18n/index.ts';

interface Task {
  to: string;
  title: string;
  body: string;
}

/** A home page for each role: what this member can do, first things first. */
export function HomePage() {
  const { data: me } = useMe();
  const t = useT();
  if (!me) return null;
  const held = new Set<Role>(me.roles.map((r) => r.role));
  const tasks: Task[] = [
    {
      to: '/conversations',
      title: t('nav.commonGround'),
      body: t('home.task.commonGround'),
    },
  ];
  tasks.push({
    to: '/doorstep',
    title: t('nav.doorstep'),
    body: t('home.task.doorstep'),
  });
  tasks.push({ to: '/pulse', title: t('nav.pulse'), body: t('home.task.pulse') });
  tasks.push({ to: '/elections', title: t('elections.title'), body: t('elections.task') });
  if (canAnywhere(me, 'canvass.organise') || canAnywhere(me, 'canvass.import'))
    tasks.push({
      to: '/canvass',
      title: t('nav.canvassing'),
      body: t('home.task.canvassing'),
    });
  if (canAnywhere(me, 'members.list'))
    tasks.push({
      to: '/members',
      title: t('home.task.directoryTitle'),
      body: t('home.task.directory'),
    });
  if (canAnywhere(me, 'members.invite'))
    tasks.push({ to: '/branches', title: t('home.task.inviteTitle'), body: t('home.task.invite') });
  if (canAnywhere(me, 'members.import'))
    tasks.push({
      to: '/members/import',
      title: t('home.task.importTitle'),
      body: t('home.task.import'),
    });
  if (canAnywhere(me, 'audit.read'))
    tasks.push({ to: '/audit', title: t('nav.audit'), body: t('home.task.audit') });
  if (canAnywhere(me, 'jobs.manage'))
    tasks.push({ to: '/jobs', title: t('home.task.jobsTitle'), body: t('home.task.jobs') });
  tasks.push({ to: '/branches', title: t('nav.branches'), body: t('home.task.branches') });
  tasks.push({
    to: '/me',
    title: t('home.task.profileTitle'),
    body: t('home.task.profile'),
  });

  return (
    <>
      <PageTitle lead={t('home.ward', { ward: me.member.homeWard.name })} title={t('home.title')}>
        {t('home.welcome', { name: me.member.name.split(' ')[0] ?? '' })}
      </PageTitle>
      <section aria-labelledby="roles" className="mb-6">
        <h2 id="roles" className="sr-only">
          {t('home.roles')}
        </h2>
        <ul className="flex flex-wrap gap-2">
          {me.roles.map((r) => (
            <li
              key={`${r.role}-${r.branch.id}`}
              className="rounded-full bg-orange-100 px-3 py-1 text-sm text-orange-900"
            >
              {t('home.roleIn', { role: t(`role.${r.role}`), branch: r.branch.name })}
            </li>
          ))}
        </ul>
      </section>
      <NotificationsPanel />
      {canAnywhere(me, 'canvass.organise') && <PollingDaysAhead />}
      <NextSession />
      <section aria-labelledby="tasks">
        <h2 id="tasks" className="mb-3 text-lg font-semibold">
          {t(
            held.has('admin')
              ? 'home.tasks.admin'
              : held.has('organiser')
                ? 'home.tasks.organiser'
                : 'home.tasks.member',
          )}
        </h2>
        <ul className="grid gap-3 sm:grid-cols-2">
          {tasks.map((t) => (
            <li key={t.title}>
              <Link to={t.to} className="card block h-full hover:border-orange-400">
                <span className="font-semibold text-orange-900">{t.title}</span>
                <span className="mt-1 block text-stone-600">{t.body}</span>
              </Link>
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}

/** An organiser's polling days set up (today's and later), each one tap from its committee room. */
function PollingDaysAhead() {
  const t = useT();
  const days = useQuery({
    queryKey: ['organising-days'],
    queryFn: ({ signal }) => api.polling.organising.$get({ signal }),
  });
  if (!days.data?.days.length) return null;
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date());
  return (
    <section aria-labelledby="polling-days" className="mb-6">
      <h2 id="polling-days" className="mb-2 text-lg font-semibold">
        {t('home.pollingDays')}
      </h2>
      <ul className="space-y-2">
        {days.data.days.map((d) => (
          <li key={d.id} className="card flex flex-wrap items-center gap-2">
            <span className="min-w-0 flex-1">
              {t(d.heldOn === today ? 'home.pollingDayToday' : 'home.pollingDayOn', {
                election: d.name,
                branch: d.branch,
                day: dateOnly(`${d.heldOn}T12:00:00Z`),
              })}
            </span>
            <Link className="btn" to={`/canvass/${d.branchId}/polling`}>
              {t('home.committeeRoom')}
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The next canvass session of the member's branches, with sign-up in one tap. */
function NextSession() {
  const qc = useQueryClient();
  const t = useT();
  const sessions = useQuery({
    queryKey: keys.mySessions(),
    queryFn: ({ signal }) => api.canvass['my-sessions'].$get({ signal }),
  });
  const signUp = useMutation({
    mutationFn: (id: string) => api.canvass.sessions[':id'].signup.$post({ params: { id } }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: keys.mySessions() }),
  });
  const next = sessions.data?.sessions[0];
  if (!next) return null;
  return (
    <section aria-labelledby="next-session" className="card mb-6">
      <h2 id="next-session" className="text-lg font-semibold">
        {t('home.nextSession', { title: next.title })}
      </h2>
      <p className="text-stone-700">
        {t('home.sessionWhere', { when: sessionTime(t, next), place: next.meetingPoint })}
      </p>
      {next.signedUp ? (
        <p className="mt-2 font-medium text-green-800">{t('session.signedUp')}</p>
      ) : (
        <button
          type="button"
          className="btn mt-2"
          disabled={signUp.isPending}
          onClick={() => signUp.mutate(next.id)}
        >
          {t('session.signUp')}
        </button>
      )}
      <ErrorNote error={signUp.error} />
    </section>
  );
}
