import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type SyntheticEvent } from 'react';
import { api, type Profile } from '../api.ts';
import { ErrorNote, PageTitle, Success } from '../components/ui.tsx';
import { useMe } from '../session.ts';
import { DataExportButton } from '../components/data-export.tsx';
import { keys } from '../query-keys.ts';
import { Field } from '../components/field.tsx';
import { NotificationChoices } from '../components/notifications.tsx';
import { AskErasure } from '../components/erasure.tsx';

export function MePage() {
  const { data: me } = useMe();
  const queryClient = useQueryClient();
  const [name, setName] = useState(me?.member.name ?? '');
  const [phone, setPhone] = useState(me?.member.phone ?? '');
  const [passkeyMsg, setPasskeyMsg] = useState<string | null>(null);
  const [passkeyErr, setPasskeyErr] = useState<unknown>(null);
  const save = useMutation({
    mutationFn: () =>
      api<Profile>('/api/me', { method: 'PATCH', json: { name, phone: phone.trim() ? phone : null } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keys.me() }),
  });
  if (!me) return null;
  const submit = (e: SyntheticEvent) => {
    e.preventDefault();
    save.mutate();
  };
  const addPasskey = async () => {
    setPasskeyErr(null);
    setPasskeyMsg(null);
    const { authClient } = await import('../auth-client.ts');
    const result = await authClient.passkey.addPasskey({ name: 'Broadchurch' });
    if (result?.error) setPasskeyErr(new Error(result.error.message ?? 'The passkey was not added'));
    else setPasskeyMsg('Passkey added. Next time, sign in with it.');
  };
  return (
    <>
      <PageTitle lead={`${me.member.homeWard.name} · member since ${me.member.joinedOn}`}>
        My profile
      </PageTitle>
      <form onSubmit={submit} className="card mb-4 max-w-lg space-y-3">
        <Field id="name" label="Name" field="name" error={save.error}>
          {(control) => (
            <input
              {...control}
              className="input"
              required
              value={name}
              onChange={(e) => setName(e.target.value)}
            />
          )}
        </Field>
        <div>
          <label htmlFor="email" className="label">
            Email
          </label>
          <input id="email" className="input bg-stone-100" readOnly value={me.member.email ?? ''} />
        </div>
        <Field
          id="phone"
          label="Phone (optional)"
          field="phone"
          error={save.error}
          hint="Digits, spaces and + ( ) -, as you would dial it."
        >
          {(control) => (
            <input
              {...control}
              type="tel"
              className="input"
              value={phone}
              onChange={(e) => setPhone(e.target.value)}
            />
          )}
        </Field>
        <button type="submit" className="btn" disabled={save.isPending}>
          {save.isPending ? 'Saving…' : 'Save'}
        </button>
        {save.isSuccess && <Success>Saved.</Success>}
        <ErrorNote error={save.error} fields={['name', 'phone']} />
      </form>
      <NotificationChoices />
      <section className="card mb-4 max-w-lg" aria-labelledby="passkeys-h">
        <h2 id="passkeys-h" className="mb-2 font-semibold">
          Passkeys
        </h2>
        <p className="mb-3 text-stone-600">
          Sign in with your phone&apos;s fingerprint or face instead of an email code.
        </p>
        <button type="button" className="btn-secondary" onClick={() => void addPasskey()}>
          Add a passkey
        </button>
        {passkeyMsg && <Success>{passkeyMsg}</Success>}
        <ErrorNote error={passkeyErr} />
      </section>
      <section className="card max-w-lg" aria-labelledby="data-h">
        <h2 id="data-h" className="mb-2 font-semibold">
          My data
        </h2>
        <p className="mb-3 text-stone-600">
          Organisers of your branch see your name, ward and contact details. Nobody sees how you vote in
          Common Ground: reports show groups and statements, never people. Download everything we hold about
          you at any time, or ask to be erased: your branch&apos;s data officer confirms it.
        </p>
        <DataExportButton
          url="/api/me/data"
          file="broadchurch-my-data.json"
          label="Download my data (JSON)"
          done="Your data was downloaded."
        />
        <AskErasure />
      </section>
    </>
  );
}
