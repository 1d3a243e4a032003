import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type SyntheticEvent } from 'react';
import { api } from '../api.ts';
import { ErrorNote, PageTitle, Success } from '../components/ui.tsx';
import { useChooseLanguage, useMe } from '../session.ts';
import { DataExportButton } from '../components/data-export.tsx';
import { keys } from '../query-keys.ts';
import { Field } from '../components/field.tsx';
import { NotificationChoices } from '../components/notifications.tsx';
import { AskErasure } from '../components/erasure.tsx';
import { LANGUAGE_NAMES, LANGUAGES, useLanguage, useT } from '../i18n/index.ts';
import { dateOnly } from '../format.ts';

export function MePage() {
  const { data: me } = useMe();
  const queryClient = useQueryClient();
  const [name, setName] = useState(me?.member.name ?? '');
  const [phone, setPhone] = useState(me?.member.phone ?? '');
  const [passkeyMsg, setPasskeyMsg] = useState<string | null>(null);
  const [passkeyErr, setPasskeyErr] = useState<unknown>(null);
  const t = useT();
  const lang = useLanguage();
  const chooseLanguage = useChooseLanguage();
  const save = useMutation({
    mutationFn: () => api.me.$patch({ body: { name, phone: phone.trim() ? phone : null } }),
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
    if (result?.error) setPasskeyErr(new Error(result.error.message ?? t('me.passkeyFailed')));
    else setPasskeyMsg(t('me.passkeyAdded'));
  };
  return (
    <>
      <PageTitle
        lead={t('me.lead', {
          ward: me.member.homeWard.name,
          joined: dateOnly(`${me.member.joinedOn}T12:00:00Z`),
        })}
      >
        {t('me.title')}
      </PageTitle>
      <form onSubmit={submit} className="card mb-4 max-w-lg space-y-3">
        <Field id="name" label={t('me.name')} field="name" error={save.error}>
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
            {t('me.email')}
          </label>
          <input id="email" className="input bg-stone-100" readOnly value={me.member.email ?? ''} />
        </div>
        <Field id="phone" label={t('me.phone')} field="phone" error={save.error} hint={t('me.phoneHint')}>
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
          {save.isPending ? t('me.saving') : t('me.save')}
        </button>
        {save.isSuccess && <Success>{t('common.saved')}</Success>}
        <ErrorNote error={save.error} fields={['name', 'phone']} />
      </form>
      <fieldset className="card mb-4 max-w-lg">
        <legend className="sr-only">{t('me.language')}</legend>
        <h2 className="mb-1 font-semibold" aria-hidden="true">
          {t('me.language')}
        </h2>
        <p className="mb-2 text-sm text-stone-600">{t('me.languageHint')}</p>
        <div className="flex flex-wrap gap-x-4">
          {LANGUAGES.map((l) => (
            <label key={l} className="flex items-center gap-2" lang={l === 'cy' ? 'cy' : 'en-GB'}>
              <input type="radio" name="language" checked={lang === l} onChange={() => chooseLanguage(l)} />
              {LANGUAGE_NAMES[l]}
            </label>
          ))}
        </div>
      </fieldset>
      <NotificationChoices />
      <section className="card mb-4 max-w-lg" aria-labelledby="passkeys-h">
        <h2 id="passkeys-h" className="mb-2 font-semibold">
          {t('me.passkeys')}
        </h2>
        <p className="mb-3 text-stone-600">{t('me.passkeysLead')}</p>
        <button type="button" className="btn-secondary" onClick={() => void addPasskey()}>
          {t('me.addPasskey')}
        </button>
        {passkeyMsg && <Success>{passkeyMsg}</Success>}
        <ErrorNote error={passkeyErr} />
      </section>
      <section className="card max-w-lg" aria-labelledby="data-h">
        <h2 id="data-h" className="mb-2 font-semibold">
          {t('me.data')}
        </h2>
        <p className="mb-3 text-stone-600">{t('me.dataLead')}</p>
        <DataExportButton
          load={() => api.me.data.$get()}
          file="broadchurch-my-data.json"
          label={t('me.download')}
          done={t('me.downloaded')}
        />
        <AskErasure />
      </section>
    </>
  );
}
