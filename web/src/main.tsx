import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createBrowserRouter, RouterProvider } from 'react-router';
import { ApiError } from './api.ts';
import { Layout } from './components/layout.tsx';
import './index.css';
import { ConversationPage, JoinPage } from './pages/conversation.tsx';
import { ConversationsPage } from './pages/conversations.tsx';
import { HomePage } from './pages/home.tsx';
import { InvitePage } from './pages/invite.tsx';
import { MePage } from './pages/me.tsx';
import { UnsubscribePage } from './pages/unsubscribe.tsx';
import { NotFoundPage } from './pages/not-found.tsx';
import { OutboxPage } from './pages/outbox.tsx';
import { SignInPage } from './pages/sign-in.tsx';
import { DoorstepHomePage, DoorstepWalkPage, KnockupPage, TellingPage } from './pages/doorstep/index.ts';
import { PublicSessionPage } from './pages/canvass-session.tsx';
import { registerSW } from 'virtual:pwa-register';
import { canvassRoutes } from './pages/canvass/routes.tsx';

// Pages most visits do not need come in chunks of their own, loaded on first use (and precached by the
// service worker, so they open offline too); the doorstep app, home and sign-in are in the first chunk.
const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      retry: (count, error) =>
        !(error instanceof ApiError && error.status >= 400 && error.status < 500) && count < 2,
      staleTime: 10_000,
    },
  },
});

const router = createBrowserRouter([
  { path: '/sign-in', element: <SignInPage /> },
  { path: '/invite/:token', element: <InvitePage /> },
  { path: '/dev/outbox', element: <OutboxPage /> },
  { path: '/join/:token', element: <JoinPage /> },
  {
    path: '/join/:token/report',
    lazy: () => import('./pages/conversation-report.tsx').then((m) => ({ Component: m.JoinReportPage })),
  },
  {
    path: '/m/:id',
    lazy: () => import('./pages/publish.tsx').then((m) => ({ Component: m.PublicManifestoPage })),
  },
  { path: '/s/:id', element: <PublicSessionPage /> },
  { path: '/unsubscribe', element: <UnsubscribePage /> },
  { path: '/doorstep', element: <DoorstepHomePage /> },
  { path: '/doorstep/walks/:id', element: <DoorstepWalkPage /> },
  { path: '/doorstep/telling/:id', element: <TellingPage /> },
  { path: '/doorstep/knockup/:electionId/:walkId', element: <KnockupPage /> },
  {
    element: <Layout />,
    children: [
      { path: '/', element: <HomePage /> },
      {
        path: '/branches',
        lazy: () => import('./pages/branches.tsx').then((m) => ({ Component: m.BranchesPage })),
      },
      {
        path: '/members',
        lazy: () => import('./pages/directory.tsx').then((m) => ({ Component: m.DirectoryPage })),
      },
      {
        path: '/members/import',
        lazy: () => import('./pages/import.tsx').then((m) => ({ Component: m.ImportPage })),
      },
      {
        path: '/members/:id',
        lazy: () => import('./pages/member.tsx').then((m) => ({ Component: m.MemberPage })),
      },
      { path: '/me', element: <MePage /> },
      { path: '/audit', lazy: () => import('./pages/audit.tsx').then((m) => ({ Component: m.AuditPage })) },
      { path: '/conversations', element: <ConversationsPage /> },
      { path: '/conversations/:id', element: <ConversationPage /> },
      {
        path: '/conversations/:id/report',
        lazy: () =>
          import('./pages/conversation-report.tsx').then((m) => ({ Component: m.ConversationReportPage })),
      },
      {
        path: '/conversations/:id/moderate',
        lazy: () => import('./pages/moderate.tsx').then((m) => ({ Component: m.ModeratePage })),
      },
      {
        path: '/manifestos',
        lazy: () => import('./pages/manifestos.tsx').then((m) => ({ Component: m.ManifestosPage })),
      },
      {
        path: '/manifestos/:id',
        lazy: () => import('./pages/manifestos.tsx').then((m) => ({ Component: m.ManifestoPage })),
      },
      {
        path: '/manifestos/:id/priorities',
        lazy: () => import('./pages/priorities.tsx').then((m) => ({ Component: m.PrioritiesPage })),
      },
      {
        path: '/ballots/:id',
        lazy: () => import('./pages/ballot.tsx').then((m) => ({ Component: m.BallotPage })),
      },
      { path: '/pulse', lazy: () => import('./pages/pulse.tsx').then((m) => ({ Component: m.PulsePage })) },
      ...canvassRoutes,
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);

// The service worker keeps the app shell for the doorstep app's offline use (production builds only).
registerSW({ immediate: true });

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </StrictMode>,
  );
}
