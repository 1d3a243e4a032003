import { useQueryClient } from '@tanstack/react-query';
import { NavLink, Navigate, Outlet, useLocation, useNavigate } from 'react-router';
import { forgetEverythingSent } from '../doorstep/db.ts';
import { canAnywhere, signOut, useMe } from '../session.ts';
import { ErrorNote, Loading } from './ui.tsx';

const navClass = ({ isActive }: { isActive: boolean }) =>
  `rounded-md px-3 py-2 ${isActive ? 'bg-orange-100 font-semibold text-orange-900' : 'text-stone-700 hover:bg-stone-100'}`;

export function Layout() {
  const me = useMe();
  const location = useLocation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  if (me.isPending) return <Loading />;
  if (me.error) return <ErrorNote error={me.error} />;
  if (!me.data) return <Navigate to={`/sign-in?next=${encodeURIComponent(location.pathname)}`} replace />;
  const m = me.data;
  const links = [
    { to: '/', label: 'Home', show: true },
    { to: '/conversations', label: 'Common Ground', show: true },
    { to: '/manifestos', label: 'Manifesto', show: true },
    { to: '/doorstep', label: 'Doorstep', show: true },
    {
      to: '/canvass',
      label: 'Canvassing',
      show: canAnywhere(m, 'canvass.organise') || canAnywhere(m, 'canvass.import'),
    },
    { to: '/branches', label: 'Branches', show: true },
    { to: '/members', label: 'Members', show: canAnywhere(m, 'members.list') },
    { to: '/audit', label: 'Audit log', show: canAnywhere(m, 'audit.read') },
    { to: '/me', label: 'My profile', show: true },
  ];
  return (
    <div className="min-h-screen">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:m-2 focus:rounded focus:bg-white focus:p-2"
      >
        Skip to content
      </a>
      <header className="border-b border-stone-200 bg-white print:hidden">
        <div className="mx-auto flex max-w-5xl flex-wrap items-center gap-2 px-4 py-2">
          <NavLink to="/" className="mr-2 text-lg font-bold text-orange-900">
            Broadchurch
          </NavLink>
          <nav
            aria-label="Main"
            className="order-last -mx-1 flex w-full gap-1 overflow-x-auto whitespace-nowrap sm:flex-wrap sm:overflow-visible 2xl:order-none 2xl:mx-0 2xl:w-auto 2xl:flex-1"
          >
            {links
              .filter((l) => l.show)
              .map((l) => (
                <NavLink key={l.to} to={l.to} end={l.to === '/'} className={navClass}>
                  {l.label}
                </NavLink>
              ))}
          </nav>
          <span className="ml-auto hidden text-sm text-stone-600 sm:inline">{m.member.name}</span>
          <button
            type="button"
            className="btn-secondary ml-auto sm:ml-0"
            onClick={() => {
              void Promise.allSettled([signOut(), forgetEverythingSent()]).finally(() => {
                queryClient.clear();
                void navigate('/sign-in');
              });
            }}
          >
            Sign out
          </button>
        </div>
      </header>
      <main id="main" className="mx-auto max-w-5xl px-4 py-6">
        <Outlet />
      </main>
    </div>
  );
}
