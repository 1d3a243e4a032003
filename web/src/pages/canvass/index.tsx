/**
 * The organisers' console for Doorstep, one branch at a time: the register (imports with every bad row by
 * line), targeting (a segment counted before it is saved), walks (cut, assigned, printed), the dashboard,
 * canvass sessions, doorstep issues, and electors (search, subject access, erasure).
 */
import { useEffect, useRef } from 'react';
import { Link, NavLink, Outlet, useLocation, useParams } from 'react-router';
import type { BranchNode } from '../../api.ts';
import { useBranches, within } from '../../components/branch-select.tsx';
import { Empty, Loading, PageTitle } from '../../components/ui.tsx';
import { useMe } from '../../session.ts';

/** Branches where the member runs canvassing (or imports registers). */
function useCanvassBranches(): { branches: BranchNode[]; pending: boolean } {
  const me = useMe();
  const all = useBranches();
  const roots = [
    ...(me.data?.capabilities['canvass.organise'] ?? []),
    ...(me.data?.capabilities['canvass.import'] ?? []),
  ];
  const list = all.data?.branches ?? [];
  return { branches: list.filter(within(list, roots)), pending: me.isPending || all.isPending };
}

export const SECTIONS = [
  ['register', 'Register'],
  ['targeting', 'Targeting'],
  ['walks', 'Walks'],
  ['dashboard', 'Dashboard'],
  ['sessions', 'Sessions'],
  ['issues', 'Issues'],
  ['electors', 'Electors'],
  ['codes', 'Intention codes'],
  ['polling', 'Polling day'],
] as const;

export function CanvassPage() {
  const { branchId = '' } = useParams();
  const { pathname } = useLocation();
  const { branches, pending } = useCanvassBranches();
  const section = SECTIONS.find(([key]) => pathname.endsWith(`/${key}`))?.[1];
  // On a phone the tabs scroll sideways: the one open is brought into view (not the page: only the bar).
  const tabs = useRef<HTMLElement>(null);
  useEffect(() => {
    const bar = tabs.current;
    const active = bar?.querySelector<HTMLElement>('[aria-current="page"]');
    if (!bar || !active) return;
    const left = active.getBoundingClientRect().left - bar.getBoundingClientRect().left + bar.scrollLeft;
    if (left < bar.scrollLeft || left + active.offsetWidth > bar.scrollLeft + bar.clientWidth)
      bar.scrollTo({ left: Math.max(0, left - (bar.clientWidth - active.offsetWidth) / 2) });
  }, [pathname, pending]);
  if (pending) return <Loading />;
  if (branches.length === 0)
    return (
      <>
        <PageTitle>Canvassing</PageTitle>
        <Empty>You do not run canvassing in any branch. Organisers of a branch see it here.</Empty>
      </>
    );
  const branch = branches.find((b) => b.id === branchId);
  if (!branch)
    return (
      <>
        <PageTitle lead="Choose the branch whose canvassing you run.">Canvassing</PageTitle>
        <ul className="grid gap-2 sm:grid-cols-2">
          {branches.map((b) => (
            <li key={b.id}>
              <Link className="card block hover:border-orange-700" to={`/canvass/${b.id}/dashboard`}>
                <span className="font-semibold">{b.name}</span>{' '}
                <span className="text-stone-500">({b.kind})</span>
              </Link>
            </li>
          ))}
        </ul>
      </>
    );
  return (
    <>
      <PageTitle
        title={`${section ? `${section} · ` : ''}Canvassing: ${branch.name}`}
        lead={
          <Link to="/canvass" className="link">
            Another branch
          </Link>
        }
      >
        Canvassing: {branch.name}
      </PageTitle>
      <nav
        ref={tabs}
        aria-label="Canvassing"
        className="-mx-1 mb-4 flex gap-1 overflow-x-auto whitespace-nowrap border-b border-stone-200 pb-2"
      >
        {SECTIONS.map(([key, label]) => (
          <NavLink
            key={key}
            to={`/canvass/${branch.id}/${key}`}
            className={({ isActive }) =>
              `rounded-md px-3 py-2 ${isActive ? 'bg-orange-100 font-semibold text-orange-900' : 'text-stone-700 hover:bg-stone-100'}`
            }
          >
            {label}
          </NavLink>
        ))}
      </nav>
      {/* Each section is its own lazily loaded route (routes.tsx). */}
      <Outlet />
    </>
  );
}
