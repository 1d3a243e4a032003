/**
 * The console's routes: the branch chooser, and one lazily loaded route per section of a branch's console,
 * so a section's code is fetched when it is first opened.
 */
import type { ComponentType } from 'react';
import { Navigate, useParams, type RouteObject } from 'react-router';
import { Empty } from '../../components/ui.tsx';

const console = () => import('./index.tsx').then((m) => ({ Component: m.CanvassPage }));

/** A section as a route: its branch comes from the address (the console checked it). */
const section = (load: () => Promise<ComponentType<{ branchId: string }>>) => async () => {
  const Section = await load();
  return {
    Component: function SectionRoute() {
      const { branchId = '' } = useParams();
      return <Section branchId={branchId} />;
    },
  };
};

export const canvassRoutes: RouteObject[] = [
  { path: '/canvass', lazy: console },
  {
    path: '/canvass/:branchId',
    lazy: console,
    children: [
      { index: true, element: <Navigate to="dashboard" replace /> },
      { path: 'register', lazy: section(() => import('./register.tsx').then((m) => m.RegisterSection)) },
      { path: 'targeting', lazy: section(() => import('./targeting.tsx').then((m) => m.TargetingSection)) },
      { path: 'walks', lazy: section(() => import('./walks.tsx').then((m) => m.WalksSection)) },
      { path: 'dashboard', lazy: section(() => import('./dashboard.tsx').then((m) => m.DashboardSection)) },
      { path: 'sessions', lazy: section(() => import('./sessions.tsx').then((m) => m.SessionsSection)) },
      { path: 'issues', lazy: section(() => import('./issues.tsx').then((m) => m.IssuesSection)) },
      { path: 'electors', lazy: section(() => import('./electors.tsx').then((m) => m.ElectorsSection)) },
      { path: 'codes', lazy: section(() => import('./codes.tsx').then((m) => m.CodesSection)) },
      {
        path: 'polling',
        lazy: section(() => import('../polling-day/committee-room.tsx').then((m) => m.PollingSection)),
      },
      { path: '*', element: <Empty>No such section.</Empty> },
    ],
  },
];
