/** Polling day keeps the UK's clock: its hours and rounds are local times, whatever the server's zone. */

const LONDON = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
});

/** The UK's date ("2026-12-10") and clock ("07:05") at an instant. */
export function ukNow(at: Date): { day: string; clock: string } {
  const parts = LONDON.formatToParts(at);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return {
    day: `${part('year')}-${part('month')}-${part('day')}`,
    clock: `${part('hour')}:${part('minute')}`,
  };
}

/** A local time in the UK ("2026-12-10", "07:00") as an instant. */
export function ukTime(day: string, clock: string): Date {
  const [y = 0, m = 1, d = 1] = day.split('-').map(Number);
  const [h = 0, mi = 0] = clock.split(':').map(Number);
  const guess = Date.UTC(y, m - 1, d, h, mi);
  const shown = ukNow(new Date(guess));
  const [sy = 0, sm = 1, sd = 1] = shown.day.split('-').map(Number);
  const [sh = 0, smi = 0] = shown.clock.split(':').map(Number);
  return new Date(guess - (Date.UTC(sy, sm - 1, sd, sh, smi) - guess));
}

/** The knock-up round under way at an instant: the last one begun on the day, or null before the first. */
export function currentRound(heldOn: string, rounds: readonly string[], at: Date): string | null {
  const now = ukNow(at);
  if (now.day !== heldOn) return null;
  return (
    [...rounds]
      .sort()
      .filter((r) => r <= now.clock)
      .at(-1) ?? null
  );
}

/** How far ahead of the server's clock a phone's may run before its times are refused as impossible. */
export const CLOCK_SKEW_MS = 5 * 60_000;

/**
 * Whether a phone's timestamp can be of polling day: on the day itself (UK date) and not later than now,
 * allowing for a phone's clock running a few minutes fast. A number "taken" in 2099, or the week before,
 * would skew the committee room's turnout and the knock-up list.
 */
export function onPollingDay(at: string, heldOn: string, now: Date): boolean {
  const when = new Date(at);
  if (Number.isNaN(when.getTime())) return false;
  return ukNow(when).day === heldOn && when.getTime() <= now.getTime() + CLOCK_SKEW_MS;
}
