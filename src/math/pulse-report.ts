/**
 * Pulse's report for one party: polls and election results by date in, the pooled series, the house effects
 * and `s` out, in points. The model itself is in pulse.ts.
 */
import { fitPooling, poolingData, type PoolingObservation } from './pulse.ts';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 of a proleptic Gregorian date (the civil-from-days arithmetic, in eras of 400 years). */
function daysFromCivil(y: number, m: number, d: number): number {
  const year = m <= 2 ? y - 1 : y;
  const era = Math.floor(year / 400);
  const yoe = year - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/** The `YYYY-MM-DD` of a day number. */
export function isoDate(day: number): string {
  const z = day + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** Days since 1970-01-01 of a `YYYY-MM-DD` date, or null when it is not a real date. */
export function dayNumber(date: string): number | null {
  const m = ISO_DATE.exec(date);
  if (!m) return null;
  const day = daysFromCivil(Number(m[1]), Number(m[2]), Number(m[3]));
  return isoDate(day) === date ? day : null;
}

/** The day halfway between fieldwork start and end, rounded down. */
export const midDay = (start: number, end: number): number => start + Math.floor((end - start) / 2);

export interface Poll {
  pollster: string;
  start: string;
  end: string;
  sampleSize: number;
  /** Party → percent; a party the poll did not report is absent. */
  shares: Record<string, number>;
}

export interface ElectionResult {
  date: string;
  /** Percent. */
  share: number;
}

/** A change of method: the pollster's polls from this date on have a house effect of their own. */
export interface HouseBreak {
  pollster: string;
  date: string;
}

/** The party's own canvass returns on one day: the share for the party among contacts giving an intention. */
export interface DoorstepDay {
  date: string;
  /** Percent. */
  share: number;
  n: number;
}

export const DOORSTEP_HOUSE = 'Our doorsteps';

export interface PulseInput {
  polls: Poll[];
  party: string;
  elections: ElectionResult[];
  drift?: boolean;
  breaks?: HouseBreak[];
  doorstep?: DoorstepDay[];
  /** Carry the series on to this date (the "as of" date) when it is after the last observation. */
  until?: string;
}

export interface SeriesPoint {
  date: string;
  share: number;
  lo: number;
  hi: number;
}

export interface PulseReport {
  party: string;
  sigmaPointsPerDay: number;
  /** The house effects' daily drift in points, when `drift` was asked for. */
  driftPointsPerDay?: number;
  logLik: number;
  houseEffects: Record<string, number>;
  houseEffectSE: Record<string, number>;
  /** Polls used per house. */
  houseCounts: Record<string, number>;
  series: SeriesPoint[];
  asOf: string;
  /** The smoothed support on the last day, in points, and its standard deviation: what seats are drawn from. */
  latest: { share: number; sd: number };
}

/** The house a poll belongs to: its pollster's, or after a break the pollster's from that date. */
export function houseOf(
  pollster: string,
  day: number,
  breaks: { pollster: string; day: number; date: string }[],
) {
  let house = pollster;
  let from = -Infinity;
  for (const b of breaks)
    if (b.pollster === pollster && day >= b.day && b.day > from) {
      from = b.day;
      house = `${pollster} (from ${b.date})`;
    }
  return house;
}

const round = (x: number, places = 3) => Number(x.toFixed(places));

export class PulseError extends Error {
  readonly code: 'NO_POLLS' | 'BAD_DATE' | 'NO_ANCHOR';
  constructor(code: PulseError['code'], message: string) {
    super(message);
    this.code = code;
  }
}

/** Fits the model for one party; the report is in points. */
export function pulseReport(input: PulseInput): PulseReport {
  const breaks = (input.breaks ?? []).map((b) => {
    const day = dayNumber(b.date);
    if (day === null)
      throw new PulseError('BAD_DATE', `the break for ${b.pollster} has no valid date ("${b.date}")`);
    return { ...b, day };
  });
  const raw: (Omit<PoolingObservation, 'day'> & { day: number })[] = [];
  const houseCounts: Record<string, number> = {};
  for (const poll of input.polls) {
    const share = poll.shares[input.party];
    if (share === undefined) continue;
    const start = dayNumber(poll.start);
    const end = dayNumber(poll.end);
    if (start === null || end === null)
      throw new PulseError('BAD_DATE', `a ${poll.pollster} poll has no valid dates`);
    const day = midDay(start, end);
    const house = houseOf(poll.pollster, day, breaks);
    houseCounts[house] = (houseCounts[house] ?? 0) + 1;
    raw.push({ day, house, share: share / 100, n: poll.sampleSize });
  }
  if (raw.length === 0) throw new PulseError('NO_POLLS', `no poll reports a share for ${input.party}`);
  for (const d of input.doorstep ?? []) {
    const day = dayNumber(d.date);
    if (day === null) throw new PulseError('BAD_DATE', `a doorstep day has no valid date ("${d.date}")`);
    if (d.n <= 0) continue;
    houseCounts[DOORSTEP_HOUSE] = (houseCounts[DOORSTEP_HOUSE] ?? 0) + 1;
    raw.push({ day, house: DOORSTEP_HOUSE, share: d.share / 100, n: d.n });
  }
  for (const e of input.elections) {
    const day = dayNumber(e.date);
    if (day === null) throw new PulseError('BAD_DATE', `an election has no valid date ("${e.date}")`);
    raw.push({ day, house: null, share: e.share / 100, n: 1 });
  }
  let first = Infinity;
  let last = -Infinity;
  for (const o of raw) {
    first = Math.min(first, o.day);
    last = Math.max(last, o.day);
  }
  const until = input.until === undefined ? null : dayNumber(input.until);
  if (input.until !== undefined && until === null)
    throw new PulseError('BAD_DATE', `"${input.until}" is not a date`);
  if (until !== null) last = Math.max(last, until);
  const observations = raw.map((o) => ({ ...o, day: o.day - first }));
  if (input.elections.length === 0)
    throw new PulseError(
      'NO_ANCHOR',
      'at least one election result is needed: without one, the house effects and the level cannot be told apart',
    );
  const data = poolingData(observations, last - first + 1);
  const fit = fitPooling(data, { drift: input.drift ?? false });
  const houseEffects: Record<string, number> = {};
  const houseEffectSE: Record<string, number> = {};
  fit.houses.forEach((h, j) => {
    houseEffects[h] = round(fit.houseEffect[j]! * 100);
    houseEffectSE[h] = round(fit.houseSE[j]! * 100);
  });
  const series: SeriesPoint[] = [];
  for (let t = 0; t < data.days; t++) {
    const sd = Math.sqrt(fit.variance[t]!);
    series.push({
      date: isoDate(first + t),
      share: round(fit.mean[t]! * 100),
      lo: round((fit.mean[t]! - 1.96 * sd) * 100),
      hi: round((fit.mean[t]! + 1.96 * sd) * 100),
    });
  }
  const end = data.days - 1;
  return {
    party: input.party,
    sigmaPointsPerDay: round(fit.sigma * 100, 4),
    ...(fit.drift !== null ? { driftPointsPerDay: round(fit.drift * 100, 4) } : {}),
    logLik: round(fit.logLik, 3),
    houseEffects,
    houseEffectSE,
    houseCounts,
    series,
    asOf: isoDate(first + end),
    latest: { share: fit.mean[end]! * 100, sd: Math.sqrt(fit.variance[end]!) * 100 },
  };
}
