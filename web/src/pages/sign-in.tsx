import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type SyntheticEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api } from '../api.ts';
import { ErrorNote } from '../components/ui.tsx';
import { meQuery } from '../session.ts';
import { keys } from '../query-keys.ts';
import { usePageTitle } from '../page-title.ts';
import { useT } from '../i18n/index.ts';
import { LanguageChoice } from '../components/language.tsx';

export function SignInPage() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const t = useT();
  const instance = useQuery({
    queryKey: keys.instance(),
    queryFn: ({ signal }) => api.instance.$get({ signal }),
    staleTime: Infinity,
  });
  const [email, setEmail] = useState(params.get('email') ?? '');
  const [code, setCode] = useState('');
  const [step, setStep] = useState<'email' | 'code'>(params.get('sent') ? 'code' : 'email');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  // When the code has been sent, the cursor moves to its field (as the page changes, not on load).
  const codeInput = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (step === 'code') codeInput.current?.focus();
  }, [step]);
  const next = params.get('next')?.startsWith('/') ? (params.get('next') ?? '/') : '/';

  const done = async () => {
    // Fetch the new session before leaving, so no page sees the signed-out answer still in the cache.
    await queryClient.query({ ...meQuery, staleTime: 0 });
    await navigate(next, { replace: true });
  };

  const sendCode = async (e: SyntheticEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api.auth['email-otp']['send-verification-otp'].$post({
        body: { email: email.trim(), type: 'sign-in' },
      });
      setStep('code');
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const verify = async (e: SyntheticEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api.auth['sign-in']['email-otp'].$post({ body: { email: email.trim(), otp: code.trim() } });
      await done();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const withPasskey = async () => {
    setError(null);
    // Loaded on demand: the WebAuthn client is large and most sign-ins use the email code.
    const { authClient } = await import('../auth-client.ts');
    const result = await authClient.signIn.passkey();
    if (result.error) setError(new Error(result.error.message ?? t('signIn.passkeyFailed')));
    else await done();
  };

  usePageTitle(t('signIn.title'));
  return (
    <main id="main" className="mx-auto max-w-md px-4 py-10">
      <div className="flex items-baseline justify-between gap-2">
        <h1 className="text-3xl font-bold text-orange-900">Broadchurch</h1>
        <LanguageChoice />
      </div>
      <p className="mt-1 mb-6 text-stone-600">{t('signIn.lead')}</p>
      <div className="card">
        {step === 'email' ? (
          <form onSubmit={(e) => void sendCode(e)} noValidate>
            <label htmlFor="email" className="label">
              {t('signIn.email')}
            </label>
            <input
              id="email"
              type="email"
              className="input"
              autoComplete="email webauthn"
              required
              value={email}
              onChange={(e) => setEmail(e.target.value)}
            />
            <button type="submit" className="btn mt-4 w-full" disabled={busy || !email.includes('@')}>
              {busy ? t('signIn.sending') : t('signIn.sendCode')}
            </button>
          </form>
        ) : (
          <form onSubmit={(e) => void verify(e)} noValidate>
            <p className="mb-3" role="status">
              {t.rich('signIn.codeSent', { email, b: (c) => <strong>{c}</strong> })}
            </p>
            <label htmlFor="code" className="label">
              {t('signIn.code')}
            </label>
            <input
              id="code"
              className="input text-center font-mono text-2xl tracking-widest"
              inputMode="numeric"
              autoComplete="one-time-code"
              pattern="[0-9]*"
              maxLength={6}
              required
              ref={codeInput}
              value={code}
              onChange={(e) => setCode(e.target.value.replace(/\D/g, ''))}
            />
            <button type="submit" className="btn mt-4 w-full" disabled={busy || code.length !== 6}>
              {busy ? t('signIn.checking') : t('signIn.submit')}
            </button>
            <button type="button" className="btn-secondary mt-2 w-full" onClick={() => setStep('email')}>
              {t('signIn.otherEmail')}
            </button>
          </form>
        )}
        <ErrorNote error={error} />
        <hr className="my-4 border-stone-200" />
        <button type="button" className="btn-secondary w-full" onClick={() => void withPasskey()}>
          {t('signIn.passkey')}
        </button>
      </div>
      {instance.data?.outbox && (
        <p className="mt-4 text-sm text-stone-600">
          {t.rich(instance.data.demo ? 'signIn.demo' : 'signIn.devOutbox', {
            email: 'admin@demo.broadchurch.org',
            code: (c) => <code>{c}</code>,
            link: (c) => (
              <Link to="/dev/outbox" className="link">
                {c}
              </Link>
            ),
          })}
        </p>
      )}
    </main>
  );
}
