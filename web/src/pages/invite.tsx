import { useMutation, useQuery } from '@tanstack/react-query';
import { useState, type SyntheticEvent } from 'react';
import { useNavigate, useParams } from 'react-router';
import { api } from '../api.ts';
import { ErrorNote, Loading } from '../components/ui.tsx';
import { keys } from '../query-keys.ts';
import { usePageTitle } from '../page-title.ts';

interface Invitation {
  email: string;
  branch: { id: string; name: string };
  invitedBy: string | null;
}

/** Accepting an invitation creates the member; then the usual email-code sign-in follows. */
export function InvitePage() {
  const { token = '' } = useParams();
  const navigate = useNavigate();
  const [name, setName] = useState('');
  const [phone, setPhone] = useState('');
  const q = useQuery({
    queryKey: keys.invitation(token),
    queryFn: ({ signal }) => api<Invitation>(`/api/invitations/${token}`, { signal }),
  });
  const accept = useMutation({
    mutationFn: () =>
      api<{ email: string }>(`/api/invitations/${token}/accept`, {
        method: 'POST',
        json: { name, ...(phone.trim() ? { phone } : {}) },
      }),
    onSuccess: async ({ email }) => {
      await api('/api/auth/email-otp/send-verification-otp', {
        method: 'POST',
        json: { email, type: 'sign-in' },
      });
      await navigate(`/sign-in?email=${encodeURIComponent(email)}&sent=1`);
    },
  });
  const submit = (e: SyntheticEvent) => {
    e.preventDefault();
    accept.mutate();
  };
  usePageTitle('Join');
  return (
    <main id="main" className="mx-auto max-w-md px-4 py-10">
      <h1 className="text-3xl font-bold text-orange-900">Join Broadchurch</h1>
      {q.isPending && <Loading />}
      <ErrorNote error={q.error} />
      {q.data && (
        <form onSubmit={submit} className="card mt-4 space-y-3">
          <p>
            {q.data.invitedBy ?? 'A member'} invited <strong>{q.data.email}</strong> to join{' '}
            <strong>{q.data.branch.name}</strong>.
          </p>
          <div>
            <label htmlFor="name" className="label">
              Your name
            </label>
            <input
              id="name"
              className="input"
              autoComplete="name"
              required
              value={name}
              onChange={(e) => setName(e.target.value)}
            />
          </div>
          <div>
            <label htmlFor="phone" className="label">
              Phone (optional)
            </label>
            <input
              id="phone"
              type="tel"
              className="input"
              autoComplete="tel"
              value={phone}
              onChange={(e) => setPhone(e.target.value)}
            />
          </div>
          <button type="submit" className="btn w-full" disabled={!name.trim() || accept.isPending}>
            {accept.isPending ? 'Joining…' : 'Join and sign in'}
          </button>
          <ErrorNote error={accept.error} />
        </form>
      )}
    </main>
  );
}
