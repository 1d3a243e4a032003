import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createBrowserRouter, RouterProvider } from 'react-router';
import { ApiError } from './api.ts';
import { Layout } from './components/layout.tsx';
import './index.css';
import { AuditPage } from './pages/audit.tsx';
import { ConversationReportPage } from './pages/conversation-report.tsx';
import { ConversationPage, JoinPage } from './pages/conversation.tsx';
import { ConversationsPage } from './pages/conversations.tsx';
import { ModeratePage } from './pages/moderate.tsx';
import { ManifestoPage, ManifestosPage } from './pages/manifestos.tsx';
import { PrioritiesPage } from './pages/priorities.tsx';
import { BallotPage } from './pages/ballot.tsx';
import { PublicManifestoPage } from './pages/publish.tsx';
import { BranchesPage } from './pages/branches.tsx';
import { DirectoryPage } from './pages/directory.tsx';
import { HomePage } from './pages/home.tsx';
import { ImportPage } from './pages/import.tsx';
import { InvitePage } from './pages/invite.tsx';
import { MePage } from './pages/me.tsx';
import { MemberPage } from './pages/member.tsx';
import { NotFoundPage } from './pages/not-found.tsx';
import { OutboxPage } from './pages/outbox.tsx';
import { SignInPage } from './pages/sign-in.tsx';
import { DoorstepHomePage, DoorstepWalkPage } from './pages/doorstep.tsx';
import { CanvassPage } from './pages/canvass.tsx';
import { PublicSessionPage } from './pages/canvass-session.tsx';
import { registerSW } from 'virtual:pwa-register';

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
  { path: '/m/:id', element: <PublicManifestoPage /> },
  { path: '/s/:id', element: <PublicSessionPage /> },
  { path: '/doorstep', element: <DoorstepHomePage /> },
  { path: '/doorstep/walks/:id', element: <DoorstepWalkPage /> },
  {
    element: <Layout />,
    children: [
      { path: '/', element: <HomePage /> },
      { path: '/branches', element: <BranchesPage /> },
      { path: '/members', element: <DirectoryPage /> },
      { path: '/members/import', element: <ImportPage /> },
      { path: '/members/:id', element: <MemberPage /> },
      { path: '/me', element: <MePage /> },
      { path: '/audit', element: <AuditPage /> },
      { path: '/conversations', element: <ConversationsPage /> },
      { path: '/conversations/:id', element: <ConversationPage /> },
      { path: '/conversations/:id/report', element: <ConversationReportPage /> },
      { path: '/conversations/:id/moderate', element: <ModeratePage /> },
      { path: '/manifestos', element: <ManifestosPage /> },
      { path: '/manifestos/:id', element: <ManifestoPage /> },
      { path: '/manifestos/:id/priorities', element: <PrioritiesPage /> },
      { path: '/ballots/:id', element: <BallotPage /> },
      { path: '/canvass', element: <CanvassPage /> },
      { path: '/canvass/:branchId/:section', element: <CanvassPage /> },
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
