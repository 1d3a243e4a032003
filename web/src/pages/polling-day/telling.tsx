/**
 * Telling outside a polling station, on the phone, with or without a signal: elector numbers typed on a big
 * keypad as they are read from poll cards, each kept on the phone at once and sent in the background (the
 * sync bar counts what waits). The last three can be undone; numbers that match no one on the register
 * come back marked, for checking.
 */
import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { api } from '../../api.ts';
import { keys } from '../../query-keys.ts';
import { useParams } from 'react-router';
import { Empty } from '../../components/ui.tsx';
import { db, type LocalStation, type LocalTelling } from '../../doorstep/db.ts';
import { syncNow } from '../../doorstep/sync.ts';
import { useT } from '../../i18n/index.ts';
import { timeOnly } from '../../format.ts';
import { NotOnPhone, useLive, Shell } from '../doorstep/shell.tsx';

/**
 * What may be typed: a number and a suffix after "/" (the district is the one chosen above), or the whole
 * number as the poll card prints it, district first ("AB1-888", typed on a keyboard).
 */
const TYPED = /^([A-Z][A-Z0-9]{0,5}-)?\d{1,7}(\/\d{1,4})?$/;
const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '/', '0', '⌫'] as const;

/** The start of the hour a time falls in, as ISO text (numbers are stamped in ISO, so they compare). */
const hourStart = (now: Date) => {
  const h = new Date(now);
  h.setMinutes(0, 0, 0);
  return h.toISOString();
};

export function TellingPage() {
  const { id = '' } = useParams();
  const t = useT();
  const station = useLive(() => db.stations.get(id), id);
  const entries = useLive(
    () =>
      db.telling
        .where('stationId')
        .equals(id)
        .toArray()
        .then((list) => list.sort((a, b) => b.takenAt.localeCompare(a.takenAt))),
    id,
  );
  if (!station)
    return (
      <NotOnPhone
        title={t('telling.title')}
        loading={station === undefined && entries === undefined}
        message="telling.notOnPhone"
      />
    );
  return (
    <Shell title={station.name}>
      <Telling station={station} entries={entries ?? []} />
    </Shell>
  );
}

/** What every teller at the station has taken (from the server; nothing shown with no signal). */
function StationCount({ stationId }: { stationId: string }) {
  const t = useT();
  const count = useQuery({
    queryKey: keys.stationCount(stationId),
    queryFn: ({ signal }) =>
      api.polling.telling.stations[':stationId'].count.$get({ params: { stationId }, signal }),
    refetchInterval: 30_000,
    retry: false,
  });
  if (!count.data) return null;
  return (
    <p className="text-sm text-stone-700" data-testid="station-count">
      {t('telling.stationCount', { thisHour: count.data.thisHour, today: count.data.today })}
    </p>
  );
}

function Telling({ station, entries }: { station: LocalStation; entries: LocalTelling[] }) {
  const t = useT();
  const [typed, setTyped] = useState('');
  const [district, setDistrict] = useState(station.districts[0] ?? '');
  const [problem, setProblem] = useState('');
  /** A number of another district, waiting for the teller to say whether to record it anyway. */
  const [otherDistrict, setOtherDistrict] = useState<{ entered: string; district: string } | null>(null);
  // Focus moves to the question when it is asked (a screen reader reads it); neither answer is chosen for
  // the teller.
  const question = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (otherDistrict) question.current?.focus();
  }, [otherDistrict]);
  // The hour "this hour" counts from, moved on by a timer (a render must not read the time itself).
  const [since, setSince] = useState(() => hourStart(new Date()));
  useEffect(() => {
    const timer = setInterval(() => setSince(hourStart(new Date())), 30_000);
    return () => clearInterval(timer);
  }, []);
  const thisHour = entries.filter((e) => !e.undone && e.takenAt >= since).length;
  const live = entries.filter((e) => !e.undone);
  const lastThree = live.slice(0, 3);
  const unmatched = live.filter((e) => e.unmatched);

  const press = (key: (typeof KEYS)[number]) => {
    setProblem('');
    setOtherDistrict(null);
    if (key === '⌫') setTyped((s) => s.slice(0, -1));
    else setTyped((s) => (s + key).slice(0, 16));
  };
  const store = async (entered: string, other: boolean) => {
    const entry: LocalTelling = {
      id: crypto.randomUUID(),
      stationId: station.id,
      entered,
      takenAt: new Date().toISOString(),
      undone: false,
      ...(other ? { otherDistrict: true } : {}),
      state: 'waiting',
    };
    await db.telling.add(entry);
    setTyped('');
    setOtherDistrict(null);
    void syncNow();
  };
  const add = async () => {
    if (!TYPED.test(typed)) {
      setProblem(t('telling.notANumber'));
      return;
    }
    const entered = typed.includes('-') ? typed : `${district}-${typed}`;
    const typedDistrict = entered.split('-')[0] ?? '';
    // A voter of another district is at the wrong station, or the number is misread: ask first.
    if (!station.districts.some((d) => d.toUpperCase() === typedDistrict)) {
      setOtherDistrict({ entered, district: typedDistrict });
      return;
    }
    await store(entered, false);
  };
  const undo = async (entry: LocalTelling) => {
    await db.telling.update(entry.id, { undone: true, state: 'waiting' });
    void syncNow();
  };
  const onKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      void add();
    }
  };
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-2xl font-bold">{station.name}</h1>
        <p className="text-stone-600">
          {t('telling.stationLine', {
            election: station.election,
            districts: station.districts.join(', '),
            opens: station.opens,
            closes: station.closes,
          })}
        </p>
      </div>
      <p className="text-lg" data-testid="this-hour">
        {t('telling.thisHour', { count: thisHour })}
      </p>
      <StationCount stationId={station.id} />
      {station.districts.length > 1 && (
        <fieldset>
          <legend className="label">{t('telling.district')}</legend>
          <div className="flex flex-wrap gap-2">
            {station.districts.map((d) => (
              <label key={d} className="btn-secondary has-checked:border-orange-800 has-checked:bg-orange-50">
                <input
                  type="radio"
                  name="district"
                  className="sr-only"
                  checked={district === d}
                  onChange={() => setDistrict(d)}
                />
                {d}
              </label>
            ))}
          </div>
        </fieldset>
      )}
      <div>
        <label htmlFor="elector-number" className="label">
          {t('telling.number')}
        </label>
        <div className="flex items-center gap-2 text-3xl">
          <span aria-hidden="true" className="font-mono text-stone-500">
            {district}-
          </span>
          <input
            id="elector-number"
            className="input w-full font-mono text-3xl"
            inputMode="none"
            autoComplete="off"
            value={typed}
            aria-describedby={problem ? 'number-problem' : undefined}
            aria-invalid={problem ? true : undefined}
            onChange={(e) => {
              setProblem('');
              setTyped(
                e.target.value
                  .toUpperCase()
                  .replace(/[^\dA-Z/-]/g, '')
                  .slice(0, 16),
              );
            }}
            onKeyDown={onKey}
          />
        </div>
        {problem && (
          <p id="number-problem" className="mt-1 text-red-800">
            {problem}
          </p>
        )}
        {otherDistrict && (
          <div
            ref={question}
            tabIndex={-1}
            role="alertdialog"
            aria-labelledby="other-district"
            className="mt-2 rounded border border-amber-400 bg-amber-50 p-3"
          >
            <p id="other-district" className="text-amber-950">
              {t('telling.otherDistrict', {
                number: otherDistrict.entered,
                district: otherDistrict.district,
                districts: station.districts.join(', '),
              })}
            </p>
            <div className="mt-2 flex flex-wrap gap-2">
              <button type="button" className="btn" onClick={() => void store(otherDistrict.entered, true)}>
                {t('telling.recordAnyway')}
              </button>
              <button type="button" className="btn-secondary" onClick={() => setOtherDistrict(null)}>
                {t('telling.checkAgain')}
              </button>
            </div>
          </div>
        )}
      </div>
      <div className="grid grid-cols-3 gap-2" role="group" aria-label={t('telling.keypad')}>
        {KEYS.map((k) => (
          <button
            key={k}
            type="button"
            className="btn-secondary h-16 text-3xl"
            aria-label={k === '⌫' ? t('telling.delete') : k === '/' ? t('telling.suffix') : undefined}
            onClick={() => press(k)}
          >
            {k}
          </button>
        ))}
      </div>
      <button type="button" className="btn h-16 w-full text-2xl" onClick={() => void add()}>
        {t('telling.add')}
      </button>
      <section aria-labelledby="last-taken">
        <h2 id="last-taken" className="mb-2 text-lg font-semibold">
          {t('telling.lastTaken')}
        </h2>
        {lastThree.length === 0 ? (
          <Empty>{t('telling.noneYet')}</Empty>
        ) : (
          <ul className="space-y-1">
            {lastThree.map((e) => (
              <li key={e.id} className="flex items-center gap-2" data-testid="taken">
                <span className="font-mono text-xl">{e.entered}</span>
                <span className="text-sm text-stone-600">
                  {timeOnly(e.takenAt)} ·{' '}
                  {e.state === 'waiting'
                    ? t('record.waiting')
                    : e.state === 'sent'
                      ? t('record.sent')
                      : t('record.refused', { reason: e.refusal ?? '' })}
                </span>
                <button
                  type="button"
                  className="btn-secondary ml-auto"
                  aria-label={t('telling.undoLabel', { number: e.entered })}
                  onClick={() => void undo(e)}
                >
                  {t('elector.undo')}
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>
      {unmatched.length > 0 && (
        <section aria-labelledby="check" className="rounded-lg border border-amber-300 bg-amber-50 p-3">
          <h2 id="check" className="font-semibold">
            {t('telling.check', { count: unmatched.length })}
          </h2>
          <ul className="mt-1 flex flex-wrap gap-3 font-mono">
            {unmatched.map((e) => (
              <li key={e.id}>{e.entered}</li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
