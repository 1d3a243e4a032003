import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api, ROLE_LABELS, type Role } from '../api.ts';
import { ErrorNote, PageTitle } from '../components/ui.tsx';
import type { MySessions } from '../canvass.ts';
import { sessionTime } from './canvass-session.tsx';
import { canAnywhere, useMe } from '../session.ts';
import { keys } from '../query-keys.ts';
import { NotificationsPanel } from '../components/notifications.tsx';

interface Task {
  to: string;
  title: string;
  body: string;
}

/** A home page for each role: what this member can do, first things first. */
export function HomePage() {
  const { data: me } = useMe();
  if (!me) return null;
  const held = new Set<Role>(me.roles.map((r) => r.role));
  const tasks: Task[] = [
    {
      to: '/conversations',
      title: 'Common Ground',
      body: 'Vote on statements, add your own, and see what every group agrees on.',
    },
  ];
  tasks.push({
    to: '/doorstep',
    title: 'Doorstep',
    body: 'Your canvassing walks on your phone, with or without a signal.',
  });
  if (canAnywhere(me, 'canvass.organise') || canAnywhere(me, 'canvass.import'))
    tasks.push({
      to: '/canvass',
      title: 'Canvassing',
      body: 'The register, targeting, walks, sessions and the dashboard.',
    });
  if (canAnywhere(me, 'members.list'))
    tasks.push({
      to: '/members',
      title: 'Member directory',
      body: 'Find and contact the members of your branches.',
    });
  if (canAnywhere(me, 'members.invite'))
    tasks.push({ to: '/branches', title: 'Invite members', body: 'Send an invitation link to join a ward.' });
  if (canAnywhere(me, 'members.import'))
    tasks.push({
      to: '/members/import',
      title: 'Import members',
      body: 'Upload a members CSV; bad rows are listed by line.',
    });
  if (canAnywhere(me, 'audit.read'))
    tasks.push({ to: '/audit', title: 'Audit log', body: 'Who viewed, exported or changed personal data.' });
  tasks.push({ to: '/branches', title: 'Branches', body: 'The party from region to ward.' });
  tasks.push({
    to: '/me',
    title: 'My profile and data',
    body: 'Your details, passkeys, and everything we hold about you.',
  });

  return (
    <>
      <PageTitle lead={`Your ward: ${me.member.homeWard.name}`} title="Home">
        Welcome, {me.member.name.split(' ')[0]}
      </PageTitle>
      <section aria-labelledby="roles" className="mb-6">
        <h2 id="roles" className="sr-only">
          Your roles
        </h2>
        <ul className="flex flex-wrap gap-2">
          {me.roles.map((r) => (
            <li
              key={`${r.role}-${r.branch.id}`}
              className="rounded-full bg-orange-100 px-3 py-1 text-sm text-orange-900"
            >
              {ROLE_LABELS[r.role]} · {r.branch.name}
            </li>
          ))}
        </ul>
      </section>
      <NotificationsPanel />
      <NextSession />
      <section aria-labelledby="tasks">
        <h2 id="tasks" className="mb-3 text-lg font-semibold">
          {held.has('admin')
            ? 'Run the party'
            : held.has('organiser')
              ? 'Organise your branch'
              : 'What you can do'}
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

/** The next canvass session of the member's branches, with sign-up in one tap. */
function NextSession() {
  const qc = useQueryClient();
  const sessions = useQuery({
    queryKey: keys.mySessions(),
    queryFn: ({ signal }) => api<MySessions>('/api/canvass/my-sessions', { signal }),
  });
  const signUp = useMutation({
    mutationFn: (id: string) => api(`/api/canvass/sessions/${id}/signup`, { method: 'POST' }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: keys.mySessions() }),
  });
  const next = sessions.data?.sessions[0];
  if (!next) return null;
  return (
    <section aria-labelledby="next-session" className="card mb-6">
      <h2 id="next-session" className="text-lg font-semibold">
        Next canvass: {next.title}
      </h2>
      <p className="text-stone-700">
        {sessionTime(next)} · meet at {next.meetingPoint}
      </p>
      {next.signedUp ? (
        <p className="mt-2 font-medium text-green-800">You're signed up. See you there.</p>
      ) : (
        <button
          type="button"
          className="btn mt-2"
          disabled={signUp.isPending}
          onClick={() => signUp.mutate(next.id)}
        >
          Sign me up
        </button>
      )}
      <ErrorNote error={signUp.error} />
    </section>
  );
}
