/**
 * The console's routes: the branch chooser, and one lazily loaded route per section of a branch's console,
 * so a section's code is fetched when it is first opened.
 */
import { Navigate, type RouteObject } from 'react-router';
import { Empty } from '../../components/ui.tsx';

const console = () => import('./index.tsx').then((m) => ({ Component: m.CanvassPage }));

export const canvassRoutes: RouteObject[] = [
  { path: '/canvass', lazy: console },
  {
    path: '/canvass/:branchId',
    lazy: console,
    children: [
      { index: true, element: <Navigate to="dashboard" replace /> },
      { path: 'register', lazy: () => import('./register.tsx') },
      { path: 'targeting', lazy: () => import('./targeting.tsx') },
      { path: 'walks', lazy: () => import('./walks.tsx') },
      { path: 'dashboard', lazy: () => import('./dashboard.tsx') },
      { path: 'sessions', lazy: () => import('./sessions.tsx') },
      { path: 'issues', lazy: () => import('./issues.tsx') },
      { path: 'electors', lazy: () => import('./electors.tsx') },
      { path: 'codes', lazy: () => import('./codes.tsx') },
      { path: '*', element: <Empty>No such section.</Empty> },
    ],
  },
];
