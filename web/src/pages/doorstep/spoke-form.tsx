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
  const id = `spoke-${elector.id}`;
  return (
    <form
      aria-label={`Conversation with ${elector.name}`}
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
        }).then(onDone);
      }}
    >
      <div>
        <label className="label" htmlFor={`${id}-intention`}>
          Voting intention
        </label>
        <select
          id={`${id}-intention`}
          className="input"
          value={intention}
          onChange={(e) => setIntention(e.target.value)}
        >
          <option value="">Not given</option>
          {codes.map((c) => (
            <option key={c.code} value={c.code}>
              {c.label} ({c.code})
            </option>
          ))}
        </select>
      </div>
      {intention && (
        <fieldset>
          <legend className="label">How firm</legend>
          <div className="flex gap-2">
            {(
              [
                [1, 'Soft'],
                [2, 'Leaning'],
                [3, 'Firm'],
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
        <legend className="label">Flags</legend>
        <div className="flex flex-wrap gap-3">
          {FLAGS.map(([k, label]) => (
            <label key={k} className="flex items-center gap-2">
              <input
                type="checkbox"
                className="size-5"
                checked={flags.includes(k)}
                onChange={(e) => setFlags((f) => (e.target.checked ? [...f, k] : f.filter((x) => x !== k)))}
              />
              {label}
            </label>
          ))}
        </div>
      </fieldset>
      <div>
        <label className="label" htmlFor={`${id}-issues`}>
          Issues raised (comma between each)
        </label>
        <input
          id={`${id}-issues`}
          className="input"
          value={issues}
          maxLength={300}
          placeholder="housing, potholes"
          onChange={(e) => setIssues(e.target.value)}
        />
      </div>
      <div>
        <label className="label" htmlFor={`${id}-note`}>
          Short note (no other people’s details)
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
      <div className="flex gap-2">
        <button type="submit" className="btn">
          Save
        </button>
        <button type="button" className="btn-secondary" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
