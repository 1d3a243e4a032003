import { useMutation, useQuery } from '@tanstack/react-query';
import { useState, type SyntheticEvent } from 'react';
import { useNavigate, useParams } from 'react-router';
import { api } from '../api.ts';
import { ErrorNote, Loading } from '../components/ui.tsx';
import { keys } from '../query-keys.ts';
import { usePageTitle } from '../page-title.ts';
import { useT } from '../i18n/index.ts';
import { LanguageChoice } from '../components/language.tsx';

/** Accepting an invitation creates the member; then the usual email-code sign-in follows. */
export function InvitePage() {
  const { token = '' } = useParams();
  const navigate = useNavigate();
  const [name, setName] = useState('');
  const [phone, setPhone] = useState('');
  const t = useT();
  const q = useQuery({
    queryKey: keys.invitation(token),
    queryFn: ({ signal }) => api.invitations[':token'].$get({ params: { token }, signal }),
  });
  const accept = useMutation({
    mutationFn: () =>
      api.invitations[':token'].accept.$post({
        params: { token },
        body: { name, ...(phone.trim() ? { phone } : {}) },
      }),
    onSuccess: async ({ email }) => {
      await api.auth['email-otp']['send-verification-otp'].$post({ body: { email, type: 'sign-in' } });
      await navigate(`/sign-in?email=${encodeURIComponent(email)}&sent=1`);
    },
  });
  const submit = (e: SyntheticEvent) => {
    e.preventDefault();
    accept.mutate();
  };
  usePageTitle(t('invite.pageTitle'));
  return (
    <main id="main" className="mx-auto max-w-md px-4 py-10">
      <div className="flex items-baseline justify-between gap-2">
        <h1 className="text-3xl font-bold text-orange-900">{t('invite.title')}</h1>
        <LanguageChoice />
      </div>
      {q.isPending && <Loading />}
      <ErrorNote error={q.error} />
      {q.data && (
        <form onSubmit={submit} className="card mt-4 space-y-3">
          <p>
            {t.rich(q.data.invitedBy ? 'invite.by' : 'invite.byMember', {
              inviter: q.data.invitedBy ?? '',
              email: q.data.email,
              branch: q.data.branch.name,
              b: (c) => <strong>{c}</strong>,
            })}
          </p>
          <div>
            <label htmlFor="name" className="label">
              {t('invite.name')}
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
              {t('invite.phone')}
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
            {accept.isPending ? t('invite.joining') : t('invite.join')}
          </button>
          <ErrorNote error={accept.error} />
        </form>
      )}
    </main>
  );
}
