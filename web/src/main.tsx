import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createBrowserRouter, RouterProvider } from 'react-router';
import { ApiError } from './api.ts';
import { Layout } from './components/layout.tsx';
import './index.css';
import { HomePage } from './pages/home.tsx';
import { NotFoundPage } from './pages/not-found.tsx';
import { SignInPage } from './pages/sign-in.tsx';
import { registerSW } from 'virtual:pwa-register';
import { canvassRoutes } from './pages/canvass/routes.tsx';
import { loadCatalogue } from './i18n/index.ts';

// The first page a visitor opens — sign-in, or home once signed in — is in the first chunk with the layout
// around it; every other page comes in a chunk of its own, loaded on first use (and precached by the service
// worker, so the doorstep app opens offline too). `npm run bench -- page-weight` measures what loads.
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
  {
    path: '/invite/:token',
    lazy: () => import('./pages/invite.tsx').then((m) => ({ Component: m.InvitePage })),
  },
  {
    path: '/dev/outbox',
    lazy: () => import('./pages/outbox.tsx').then((m) => ({ Component: m.OutboxPage })),
  },
  {
    path: '/join/:token',
    lazy: () => import('./pages/conversation.tsx').then((m) => ({ Component: m.JoinPage })),
  },
  {
    path: '/join/:token/report',
    lazy: () => import('./pages/conversation-report.tsx').then((m) => ({ Component: m.JoinReportPage })),
  },
  {
    path: '/m/:id',
    lazy: () => import('./pages/publish.tsx').then((m) => ({ Component: m.PublicManifestoPage })),
  },
  {
    path: '/s/:id',
    lazy: () => import('./pages/canvass-session.tsx').then((m) => ({ Component: m.PublicSessionPage })),
  },
  {
    path: '/unsubscribe',
    lazy: () => import('./pages/unsubscribe.tsx').then((m) => ({ Component: m.UnsubscribePage })),
  },
  {
    path: '/doorstep',
    lazy: () => import('./pages/doorstep/index.ts').then((m) => ({ Component: m.DoorstepHomePage })),
  },
  {
    path: '/doorstep/walks/:id',
    lazy: () => import('./pages/doorstep/index.ts').then((m) => ({ Component: m.DoorstepWalkPage })),
  },
  {
    path: '/doorstep/telling/:id',
    lazy: () => import('./pages/doorstep/index.ts').then((m) => ({ Component: m.TellingPage })),
  },
  {
    path: '/doorstep/lifts/:electionId',
    lazy: () => import('./pages/doorstep/index.ts').then((m) => ({ Component: m.LiftsPage })),
  },
  {
    path: '/doorstep/knockup/:electionId/:walkId',
    lazy: () => import('./pages/doorstep/index.ts').then((m) => ({ Component: m.KnockupPage })),
  },
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
      { path: '/me', lazy: () => import('./pages/me.tsx').then((m) => ({ Component: m.MePage })) },
      { path: '/audit', lazy: () => import('./pages/audit.tsx').then((m) => ({ Component: m.AuditPage })) },
      { path: '/jobs', lazy: () => import('./pages/jobs.tsx').then((m) => ({ Component: m.JobsPage })) },
      {
        path: '/conversations',
        lazy: () => import('./pages/conversations.tsx').then((m) => ({ Component: m.ConversationsPage })),
      },
      {
        path: '/conversations/:id',
        lazy: () => import('./pages/conversation.tsx').then((m) => ({ Component: m.ConversationPage })),
      },
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
      {
        path: '/elections',
        lazy: () => import('./pages/elections.tsx').then((m) => ({ Component: m.ElectionsPage })),
      },
      {
        path: '/elections/:id',
        lazy: () => import('./pages/election.tsx').then((m) => ({ Component: m.ElectionPage })),
      },
      {
        path: '/elections/count',
        lazy: () => import('./pages/count.tsx').then((m) => ({ Component: m.CountPage })),
      },
      ...canvassRoutes,
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);

// The service worker keeps the app shell for the doorstep app's offline use (production builds only).
registerSW({ immediate: true });

const root = document.getElementById('root');
// A member reading in Welsh gets its catalogue before the first paint (a page in English, then in Welsh,
// would jump under their eyes); everyone else starts at once.
if (root)
  void loadCatalogue().finally(() => {
    createRoot(root).render(
      <StrictMode>
        <QueryClientProvider client={queryClient}>
          <RouterProvider router={router} />
        </QueryClientProvider>
      </StrictMode>,
    );
  });
