import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type SyntheticEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api } from '../api.ts';
import { ErrorNote } from '../components/ui.tsx';
import { meQuery } from '../session.ts';
import { keys } from '../query-keys.ts';
import { usePageTitle } from '../page-title.ts';

export function SignInPage() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const instance = useQuery({
    queryKey: keys.instance(),
    queryFn: ({ signal }) => api<{ demo: boolean; outbox: boolean }>('/api/instance', { signal }),
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
      await api('/api/auth/email-otp/send-verification-otp', {
        method: 'POST',
        json: { email: email.trim(), type: 'sign-in' },
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
      await api('/api/auth/sign-in/email-otp', {
        method: 'POST',
        json: { email: email.trim(), otp: code.trim() },
      });
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
    if (result.error) setError(new Error(result.error.message ?? 'Passkey sign-in did not work'));
    else await done();
  };

  usePageTitle('Sign in');
  return (
    <main id="main" className="mx-auto max-w-md px-4 py-10">
      <h1 className="text-3xl font-bold text-orange-900">Broadchurch</h1>
      <p className="mt-1 mb-6 text-stone-600">
        Sign in with a code sent to your email. No password to remember.
      </p>
      <div className="card">
        {step === 'email' ? (
          <form onSubmit={(e) => void sendCode(e)} noValidate>
            <label htmlFor="email" className="label">
              Email address
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
              {busy ? 'Sending…' : 'Email me a sign-in code'}
            </button>
          </form>
        ) : (
          <form onSubmit={(e) => void verify(e)} noValidate>
            <p className="mb-3" role="status">
              If <strong>{email}</strong> belongs to a member, a six-digit code is on its way. It works for
              five minutes.
            </p>
            <label htmlFor="code" className="label">
              Sign-in code
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
              {busy ? 'Checking…' : 'Sign in'}
            </button>
            <button type="button" className="btn-secondary mt-2 w-full" onClick={() => setStep('email')}>
              Use a different email
            </button>
          </form>
        )}
        <ErrorNote error={error} />
        <hr className="my-4 border-stone-200" />
        <button type="button" className="btn-secondary w-full" onClick={() => void withPasskey()}>
          Sign in with a passkey
        </button>
      </div>
      {instance.data?.outbox && (
        <p className="mt-4 text-sm text-stone-600">
          {instance.data.demo && (
            <>
              Trying the demo? Sign in as <code>admin@demo.broadchurch.org</code> and read the code in
              the{' '}
            </>
          )}
          {!instance.data.demo && 'This development server keeps its mail in the '}
          <Link to="/dev/outbox" className="link">
            mail outbox
          </Link>
          .
        </p>
      )}
    </main>
  );
}
