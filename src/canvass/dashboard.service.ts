/**
 * The organisers' dashboard: doors knocked and the contact rate, voting intention by polling district (each
 * elector's latest intention, by the time it was made), the progress of each walk, and each canvasser's
 * figures with data-quality flags: a contact rate near 100%, doors logged seconds apart, or intentions
 * unlike everyone else's on the same streets (calibration) are worth a friendly word. Only counts: no
 * elector is named here.
 */
import type { ServiceContext } from '../lib/context.ts';
import type { Actor } from '../core/permissions.ts';
import { branchFor } from './access.ts';
import { dashboardRows } from './dashboard.repo.ts';

/** Flag a canvasser whose doors show a contact rate at or above this, over at least MIN_DOORS doors. */
export const HIGH_CONTACT_RATE = 0.95;
/** Flag a canvasser whose median time between doors is under this many seconds. */
export const FAST_DOORS_SECONDS = 20;
const MIN_DOORS = 10;
/** Flag a canvasser whose intentions differ from everyone else's by more than this (total variation). */
export const UNLIKE_OTHERS = 0.5;
const MIN_INTENTIONS = 20;

export interface CanvasserFigures {
  memberId: string;
  name: string;
  records: number;
  doors: number;
  contactRate: number;
  medianSecondsBetweenDoors: number | null;
  /** Records with an intention, and how far their mix is from the other canvassers' (0 alike, 1 disjoint). */
  intentions: number;
  calibration: number | null;
  flags: ('contact_rate_near_100' | 'doors_seconds_apart' | 'intentions_unlike_others')[];
}

/** Total variation distance between two count tables: half the sum of the differences of their shares. */
export function totalVariation(a: Map<string, number>, b: Map<string, number>): number | null {
  const na = [...a.values()].reduce((x, y) => x + y, 0);
  const nb = [...b.values()].reduce((x, y) => x + y, 0);
  if (na === 0 || nb === 0) return null;
  let d = 0;
  for (const k of new Set([...a.keys(), ...b.keys()]))
    d += Math.abs((a.get(k) ?? 0) / na - (b.get(k) ?? 0) / nb);
  return d / 2;
}

const median = (xs: number[]): number | null => {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? null) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
};

export async function dashboard(ctx: ServiceContext, actor: Actor, branchId: string, days: number) {
  const branch = await branchFor(ctx.db, actor, branchId, 'canvass.organise');
  const { totals, intentions, districtTotals, walkProgress, knocks, mixes } = await dashboardRows(
    ctx.db,
    branch.path,
    days,
  );
  const mixOf = (id: string, others: boolean) => {
    const m = new Map<string, number>();
    for (const x of mixes)
      if ((x.canvasser_id === id) !== others) m.set(x.intention, (m.get(x.intention) ?? 0) + x.n);
    return m;
  };
  const byCanvasser = new Map<string, typeof knocks>();
  for (const k of knocks) {
    const list = byCanvasser.get(k.canvasser_id);
    if (list) list.push(k);
    else byCanvasser.set(k.canvasser_id, [k]);
  }
  const canvassers: CanvasserFigures[] = [...byCanvasser.entries()].map(([memberId, list]) => {
    const gaps: number[] = [];
    for (let i = 1; i < list.length; i++) {
      const gap =
        (new Date(list[i]?.made_at ?? 0).getTime() - new Date(list[i - 1]?.made_at ?? 0).getTime()) / 1000;
      // A gap over half an hour is a break, not a walk between doors.
      if (gap < 1800) gaps.push(gap);
    }
    const doors = list.length;
    const contactRate = doors ? list.filter((k) => k.spoke).length / doors : 0;
    const medianGap = median(gaps);
    const flags: CanvasserFigures['flags'] = [];
    if (doors >= MIN_DOORS && contactRate >= HIGH_CONTACT_RATE) flags.push('contact_rate_near_100');
    if (gaps.length >= MIN_DOORS - 1 && medianGap !== null && medianGap < FAST_DOORS_SECONDS)
      flags.push('doors_seconds_apart');
    const own = mixOf(memberId, false);
    const intentions = [...own.values()].reduce((x, y) => x + y, 0);
    const calibration = totalVariation(own, mixOf(memberId, true));
    if (intentions >= MIN_INTENTIONS && calibration !== null && calibration > UNLIKE_OTHERS)
      flags.push('intentions_unlike_others');
    return {
      memberId,
      name: list[0]?.name ?? '',
      records: list.reduce((s, k) => s + k.records, 0),
      doors,
      contactRate,
      medianSecondsBetweenDoors: medianGap === null ? null : Math.round(medianGap),
      intentions,
      calibration: calibration === null ? null : Math.round(calibration * 100) / 100,
      flags,
    };
  });
  const t = totals ?? { records: 0, doors: 0, contacted: 0, electors: 0 };
  return {
    days,
    records: t.records,
    doorsKnocked: t.doors,
    doorsContacted: t.contacted,
    contactRate: t.doors ? t.contacted / t.doors : 0,
    districts: districtTotals.map((d) => ({
      ...d,
      intentions: Object.fromEntries(
        intentions.filter((i) => i.district === d.district).map((i) => [i.intention ?? '', i.electors]),
      ),
    })),
    walks: walkProgress.map((w) => ({ ...w, progress: w.doors ? w.visited / w.doors : 0 })),
    canvassers: canvassers.sort((a, b) => b.doors - a.doors),
  };
}
