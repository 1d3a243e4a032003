import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { NavLink, Navigate, Outlet, useLocation, useNavigate } from 'react-router';
import { useNotifications } from '../notifications.ts';
import { canAnywhere, signOut, useMe, useMembersLanguage } from '../session.ts';
import { ErrorNote, Loading } from './ui.tsx';
import { LanguageChoice } from './language.tsx';
import { useT } from '../i18n/index.ts';

const navClass = ({ isActive }: { isActive: boolean }) =>
  `rounded-md px-2 py-2 ${isActive ? 'bg-orange-100 font-semibold text-orange-900' : 'text-stone-700 hover:bg-stone-100'}`;

export function Layout() {
  const me = useMe();
  const location = useLocation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [menuOpen, setMenuOpen] = useState(false);
  const unread = useNotifications(Boolean(me.data)).data?.unread ?? 0;
  useMembersLanguage(me.data);
  const t = useT();
  if (me.isPending) return <Loading />;
  if (me.error) return <ErrorNote error={me.error} />;
  if (!me.data) return <Navigate to={`/sign-in?next=${encodeURIComponent(location.pathname)}`} replace />;
  const m = me.data;
  const links = [
    { to: '/', label: t('nav.home'), show: true },
    { to: '/conversations', label: t('nav.commonGround'), show: true },
    { to: '/manifestos', label: t('nav.manifesto'), show: true },
    { to: '/doorstep', label: t('nav.doorstep'), show: true },
    { to: '/pulse', label: t('nav.pulse'), show: true },
    {
      to: '/canvass',
      label: t('nav.canvassing'),
      show: canAnywhere(m, 'canvass.organise') || canAnywhere(m, 'canvass.import'),
    },
    { to: '/branches', label: t('nav.branches'), show: true },
    { to: '/members', label: t('nav.members'), show: canAnywhere(m, 'members.list') },
    { to: '/audit', label: t('nav.audit'), show: canAnywhere(m, 'audit.read') },
    { to: '/me', label: t('nav.profile'), show: true },
  ];
  return (
    <div className="min-h-screen">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:m-2 focus:rounded focus:bg-white focus:p-2"
      >
        {t('nav.skip')}
      </a>
      <header className="border-b border-stone-200 bg-white print:hidden">
        <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-2 px-4 py-2">
          <NavLink to="/" className="mr-2 text-lg font-bold text-orange-900">
            Broadchurch
          </NavLink>
          {/* Below 1280 CSS px (phones, tablets, a laptop at 200% zoom) the menu folds behind a button. */}
          <button
            type="button"
            className="btn-secondary xl:hidden"
            aria-expanded={menuOpen}
            aria-controls="main-nav"
            onClick={() => setMenuOpen((o) => !o)}
          >
            {t('nav.menu')}
            {unread > 0 && !menuOpen && (
              <span className="ml-2 rounded-full bg-orange-700 px-2 text-sm text-white">
                <span aria-hidden="true">{unread}</span>
                <span className="sr-only">{t('nav.unread', { count: unread })}</span>
              </span>
            )}
          </button>
          <nav
            id="main-nav"
            aria-label={t('nav.main')}
            className={`order-last w-full flex-col gap-1 pb-2 xl:order-none xl:flex xl:w-auto xl:flex-1 xl:flex-row xl:pb-0 ${menuOpen ? 'flex' : 'hidden'}`}
          >
            {links
              .filter((l) => l.show)
              .map((l) => (
                <NavLink
                  key={l.to}
                  to={l.to}
                  end={l.to === '/'}
                  className={navClass}
                  onClick={() => setMenuOpen(false)}
                >
                  {l.label}
                  {l.to === '/' && unread > 0 && ' '}
                  {l.to === '/' && unread > 0 && (
                    <span className="ml-1 rounded-full bg-orange-700 px-2 text-sm text-white">
                      <span aria-hidden="true">{unread}</span>
                      <span className="sr-only">{t('nav.unread', { count: unread })}</span>
                    </span>
                  )}
                </NavLink>
              ))}
          </nav>
          <span className="ml-auto hidden text-sm text-stone-600 sm:inline xl:ml-0 xl:hidden 2xl:inline">
            {m.member.name}
          </span>
          <LanguageChoice />
          <button
            type="button"
            className="btn-secondary ml-auto sm:ml-0"
            onClick={() => {
              // The phone's doorstep data goes too (its module is loaded only now: most pages never need it).
              const forget = import('../doorstep/db.ts').then((m) => m.forgetEverythingSent());
              void Promise.allSettled([signOut(), forget]).finally(() => {
                queryClient.clear();
                void navigate('/sign-in');
              });
            }}
          >
            {t('nav.signOut')}
          </button>
        </div>
      </header>
      <main id="main" className="mx-auto max-w-5xl px-4 py-6">
        <Outlet />
      </main>
    </div>
  );
}
