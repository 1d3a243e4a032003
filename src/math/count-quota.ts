/**
 * A rulebook's quota, applied to any counting method: at least `min` of those elected must come from a
 * group (women, say). The rule, as party rulebooks that guarantee places commonly word it:
 *
 * 1. Count the papers by the method.
 * 2. While fewer than `min` of those elected are in the group, and a candidate of the group is standing
 *    but not elected, withdraw the candidate outside the group who was elected last, and count all the
 *    papers again from the start (the withdrawn candidate's preferences are skipped, as for any candidate
 *    withdrawn before a count, so their papers pass to the next preference).
 * 3. If no candidate of the group is left to elect, the quota cannot be met: the count stands and says so.
 *
 * Every count is kept, so members can follow why each candidate was withdrawn.
 */
import {
  countElection,
  CountError,
  standing,
  type CountResult,
  type Election,
  type Method,
} from './count.ts';

export interface QuotaCount {
  /** The final count (the one that stands). */
  result: CountResult;
  /** The candidates withdrawn to meet the quota, in order, and the counts before each withdrawal. */
  withdrawn: string[];
  earlier: CountResult[];
  /** Those elected in the group, and whether there are at least `min` of them. */
  inGroup: string[];
  met: boolean;
}

export function countWithQuota(
  election: Election,
  method: Method,
  group: ReadonlySet<number>,
  min: number,
  seed?: string,
): QuotaCount {
  if (new Set(election.candidates).size !== election.candidates.length)
    throw new CountError('two candidates have the same name: a quota needs each named once');
  const index = new Map(election.candidates.map((name, i) => [name, i]));
  const withdrawn: string[] = [];
  const earlier: CountResult[] = [];
  let current = election;
  for (;;) {
    const result = countElection(current, method, seed);
    const electedIdx = result.elected.map((n) => index.get(n) ?? -1);
    const inGroup = result.elected.filter((_, i) => group.has(electedIdx[i] ?? -1));
    const unmet = min > 0 && inGroup.length < min;
    const groupLeft = standing(current).some((c) => group.has(c) && !electedIdx.includes(c));
    const lastOutside = [...electedIdx].reverse().find((c) => !group.has(c));
    if (!unmet || !groupLeft || lastOutside === undefined)
      return { result, withdrawn, earlier, inGroup, met: inGroup.length >= min };
    earlier.push(result);
    withdrawn.push(election.candidates[lastOutside] ?? '');
    current = { ...current, withdrawn: [...current.withdrawn, lastOutside] };
  }
}
