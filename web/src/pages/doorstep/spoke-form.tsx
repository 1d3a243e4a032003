/** The "spoke" form at the door, and how every record is made: stored on the phone, then sent when it can be. */
import { useState } from 'react';
import {
  db,
  FLAGS,
  type Flag,
  type IntentionCode,
  type LocalElector,
  type LocalRecord,
} from '../../doorstep/db.ts';
import { syncNow } from '../../doorstep/sync.ts';
import { useT } from '../../i18n/index.ts';

export async function makeRecord(r: Omit<LocalRecord, 'id' | 'madeAt' | 'state'>): Promise<void> {
  await db.records.add({ ...r, id: crypto.randomUUID(), madeAt: new Date().toISOString(), state: 'waiting' });
  void syncNow();
}

/** The "spoke" form: intention and strength, flags, issues raised. */
export function SpokeForm({
  elector,
  codes,
  onDone,
}: {
  elector: LocalElector;
  codes: IntentionCode[];
  onDone: () => void;
}) {
  const [intention, setIntention] = useState('');
  const [strength, setStrength] = useState<number | null>(null);
  const [flags, setFlags] = useState<Flag[]>([]);
  const [issues, setIssues] = useState('');
  const [note, setNote] = useState('');
  const [phone, setPhone] = useState('');
  const id = `spoke-${elector.id}`;
  const t = useT();
  return (
    <form
      aria-label={t('spoke.form', { name: elector.name })}
      className="mt-2 space-y-3 rounded-lg bg-stone-50 p-3"
      onSubmit={(e) => {
        e.preventDefault();
        void makeRecord({
          walkId: elector.walkId,
          electorId: elector.id,
          outcome: 'spoke',
          intention: intention || null,
          strength: intention ? strength : null,
          flags,
          issues: issues
            .split(',')
            .map((s) => s.trim().toLowerCase())
            .filter(Boolean)
            .slice(0, 10),
          note: note.trim() || null,
          phone: phone.trim() || null,
        }).then(onDone);
      }}
    >
      <div>
        <label className="label" htmlFor={`${id}-intention`}>
          {t('spoke.intention')}
        </label>
        <select
          id={`${id}-intention`}
          className="input"
          value={intention}
          onChange={(e) => setIntention(e.target.value)}
        >
          <option value="">{t('spoke.notGiven')}</option>
          {codes.map((c) => (
            <option key={c.code} value={c.code}>
              {t('spoke.code', { label: c.label, code: c.code })}
            </option>
          ))}
        </select>
      </div>
      {intention && (
        <fieldset>
          <legend className="label">{t('spoke.firmness')}</legend>
          <div className="flex gap-2">
            {(
              [
                [1, t('spoke.soft')],
                [2, t('spoke.leaning')],
                [3, t('spoke.firm')],
              ] as const
            ).map(([v, label]) => (
              <label key={v} className="btn-secondary has-checked:border-orange-800 has-checked:bg-orange-50">
                <input
                  type="radio"
                  name={`${id}-strength`}
                  className="sr-only"
                  checked={strength === v}
                  onChange={() => setStrength(v)}
                />
                {label}
              </label>
            ))}
          </div>
        </fieldset>
      )}
      <fieldset>
        <legend className="label">{t('spoke.flags')}</legend>
        <div className="flex flex-wrap gap-3">
          {FLAGS.map((k) => (
            <label key={k} className="flex items-center gap-2">
              <input
                type="checkbox"
                className="size-5"
                checked={flags.includes(k)}
                onChange={(e) => setFlags((f) => (e.target.checked ? [...f, k] : f.filter((x) => x !== k)))}
              />
              {t(`flag.${k}`)}
            </label>
          ))}
        </div>
      </fieldset>
      <div>
        <label className="label" htmlFor={`${id}-issues`}>
          {t('spoke.issues')}
        </label>
        <input
          id={`${id}-issues`}
          className="input"
          value={issues}
          maxLength={300}
          placeholder={t('spoke.issuesExample')}
          onChange={(e) => setIssues(e.target.value)}
        />
      </div>
      <div>
        <label className="label" htmlFor={`${id}-note`}>
          {t('spoke.note')}
        </label>
        <textarea
          id={`${id}-note`}
          className="input"
          rows={2}
          maxLength={280}
          value={note}
          onChange={(e) => setNote(e.target.value)}
        />
      </div>
      <div>
        <label className="label" htmlFor={`${id}-phone`}>
          {t('spoke.phone')}
        </label>
        <input
          id={`${id}-phone`}
          className="input"
          type="tel"
          autoComplete="off"
          inputMode="tel"
          pattern="\+?[0-9][0-9 ()\-]{5,18}[0-9]"
          maxLength={21}
          aria-describedby={`${id}-phone-hint`}
          value={phone}
          onChange={(e) => setPhone(e.target.value)}
        />
        <p id={`${id}-phone-hint`} className="text-sm text-stone-600">
          {t('spoke.phoneHint')}
        </p>
      </div>
      <div className="flex gap-2">
        <button type="submit" className="btn">
          {t('spoke.save')}
        </button>
        <button type="button" className="btn-secondary" onClick={onDone}>
          {t('spoke.cancel')}
        </button>
      </div>
    </form>
  );
}
