/**
 * The whole analysis of a conversation, as one pure function of the votes, the statements and a seed: the
 * report JSON of DESIGN.md ("The analysis report").
 */
import { bridgingScores, type Bridging } from './bridging.ts';
import { findGroups, judgeOver } from './groups.ts';
import { LiveModel, type GroupModel } from './live.ts';
import {
  buildMatrix,
  isMeta,
  isRejected,
  type StatementInput,
  type VoteEvent,
  type VoteMatrix,
} from './matrix.ts';
import { hashString } from './random.ts';
import { pca, projectParticipants, statementExtremity, type Pca } from './pca.ts';
import { inConversation, polisGroups } from './polis.ts';
import {
  consensus,
  groupCounts,
  groupInformedConsensus,
  priorities,
  representative,
  statementTotals,
  type GroupCounts,
  type StatementTotals,
  type RepStat,
} from './stats.ts';

export type Method = 'broadchurch' | 'polis';

export interface AnalyzeOptions {
  method?: Method;
  seed?: number;
  /** Fixes the grouping: participant id → group id. Participants not listed are in no group. */
  groups?: ReadonlyMap<string, number>;
  /** Participants fitted at most (a deterministic sample); the rest are assigned to the fitted groups. */
  fitSample?: number;
  /**
   * The previous update's groups (participant id → group id). New groups take the id of the previous group
   * they overlap most, so ids stay stable from one update to the next.
   */
  previous?: ReadonlyMap<string, number>;
}

export interface ParticipantReport {
  id: string;
  votes: number;
  inConversation: boolean;
  group: number | null;
  x: number;
  y: number;
}

export interface RepresentativeReport {
  statement: string;
  direction: 'agree' | 'disagree';
  repness: number;
  repnessTest: number;
  pSuccess: number;
  pTest: number;
  nSuccess: number;
  nTrials: number;
  bestAgree?: true;
}

export interface StatementReport {
  id: string;
  agree: number;
  disagree: number;
  pass: number;
  /** Per group: counts, and Polis's pa = (A+1)/(S+2) and pd = (D+1)/(S+2). */
  byGroup: { group: number; agree: number; disagree: number; pass: number; pa: number; pd: number }[];
  groupInformedConsensus: number;
  bridging: number;
  bridgingFactor: number;
  extremity: number;
  priority: number;
  /** The lowest agreement, (A+1)/(S+2), over the groups with enough votes; null when too few groups voted. */
  commonGround: number | null;
  rejected: boolean;
  meta: boolean;
}

export interface AnalysisReport {
  method: Method;
  k: number;
  seed: number;
  participants: ParticipantReport[];
  groups: { id: number; size: number; representative: RepresentativeReport[] }[];
  statements: StatementReport[];
  consensus: { agree: string[]; disagree: string[] };
  commonGround: string[];
  pca: { center: number[]; comps: number[][] };
}

/** A group needs this many votes on a statement before its agreement counts towards common ground. */
export const COMMON_GROUND_MIN_VOTES = 5;
/** Dimensions used to start the group model (the picture is always 2-D). */
const FIT_DIMS = 6;

export function analyze(
  input: { votes: readonly VoteEvent[]; statements: readonly StatementInput[] },
  opts: AnalyzeOptions = {},
): AnalysisReport {
  return analyzeMatrix(buildMatrix(input.votes, input.statements), opts);
}

export function analyzeMatrix(m: VoteMatrix, opts: AnalyzeOptions = {}): AnalysisReport {
  return run(m, opts).finish(bridgingScores(m, { seed: opts.seed ?? 1 }));
}

/** The report and a LiveModel that applies single votes until the next refit. */
export function analyzeWithModel(
  m: VoteMatrix,
  opts: AnalyzeOptions = {},
): { report: AnalysisReport; live: LiveModel } {
  const r = run(m, opts);
  const report = r.finish(bridgingScores(m, { seed: opts.seed ?? 1 }));
  return { report, live: new LiveModel(m, r.pca, r.group, report.k, r.model) };
}

/**
 * The analysis in two steps, so the bridging scores (which depend on the votes alone) can be computed on
 * another thread meanwhile: `finish` takes bridgingScores(m, { seed }) and makes the report.
 */
export function analyzeBridgedLater(
  m: VoteMatrix,
  opts: AnalyzeOptions = {},
): { finish: (bridge: Bridging) => AnalysisReport; live: (report: AnalysisReport) => LiveModel } {
  const r = run(m, opts);
  return { finish: r.finish, live: (report) => new LiveModel(m, r.pca, r.group, report.k, r.model) };
}

function run(
  m: VoteMatrix,
  opts: AnalyzeOptions,
): { finish: (bridge: Bridging) => AnalysisReport; pca: Pca; group: Int32Array; model: GroupModel | null } {
  const seed = opts.seed ?? 1;
  const method: Method = opts.method ?? 'broadchurch';
  const n = m.participants.length;
  const p = pca(m, method === 'polis' ? 2 : FIT_DIMS, { seed });
  const proj = projectParticipants(m, p, p.comps.length);
  const d = p.comps.length;
  const proj2 = new Float64Array(n * 2);
  for (let i = 0; i < n; i++) {
    proj2[i * 2] = proj[i * d] ?? 0;
    proj2[i * 2 + 1] = proj[i * d + 1] ?? 0;
  }
  const inConv = inConversation(m);
  const chosen = chooseGroups(m, opts, method, inConv, proj, d, proj2);
  const { group } = chosen;
  const ids = opts.previous ? stableIds(m, group, chosen.ids.length, opts.previous) : chosen.ids;
  const k = ids.length;
  const counts = groupCounts(m, group, k);
  const extremity = statementExtremity(m, p, 2);
  const prio = priorities(m, counts, extremity);
  const gac = groupInformedConsensus(m, counts);
  const rep = representative(m, counts);
  const totals = statementTotals(m);
  const cons = consensus(m, totals);
  const common = commonGroundScores(m, counts);

  const finish = (bridge: Bridging): AnalysisReport => {
    const sizes = new Int32Array(k);
    for (let i = 0; i < n; i++) if (group[i]! >= 0) sizes[group[i]!]!++;
    const statements = m.statements.map((id, j) =>
      statementReport(
        m,
        j,
        id,
        totals,
        counts,
        ids,
        gac,
        bridge.intercept,
        bridge.factor,
        extremity,
        prio,
        common,
      ),
    );
    const commonGround = m.statements
      .map((id, j) => ({ id, j, s: common[j]! }))
      .filter((x) => !Number.isNaN(x.s) && x.s > 0.5)
      .sort((a, b) => b.s - a.s || gac[b.j]! - gac[a.j]!)
      .map((x) => x.id);
    const report: AnalysisReport = {
      method,
      k,
      seed,
      participants: m.participants.map((id, i) => ({
        id,
        votes: m.rowPtr[i + 1]! - m.rowPtr[i]!,
        inConversation: inConv[i] === 1,
        group: group[i]! >= 0 ? ids[group[i]!]! : null,
        x: proj2[i * 2]!,
        y: proj2[i * 2 + 1]!,
      })),
      groups: ids.map((gid, g) => ({
        id: gid,
        size: sizes[g]!,
        representative: (rep[g] ?? []).map((r) => repReport(m, r)),
      })),
      statements,
      consensus: {
        agree: cons.agree.map((c) => m.statements[c.statement]!),
        disagree: cons.disagree.map((c) => m.statements[c.statement]!),
      },
      commonGround,
      pca: pcaReport(p),
    };
    return report;
  };
  return { finish, pca: p, group, model: chosen.model };
}

/** Ids for the new groups: each takes the previous id it shares most participants with (greedy, largest first). */
function stableIds(
  m: VoteMatrix,
  group: Int32Array,
  k: number,
  previous: ReadonlyMap<string, number>,
): number[] {
  const overlap = new Map<string, number>();
  m.participants.forEach((id, i) => {
    const before = previous.get(id);
    if (group[i]! >= 0 && before !== undefined)
      overlap.set(`${group[i]!},${before}`, (overlap.get(`${group[i]!},${before}`) ?? 0) + 1);
  });
  const pairs = [...overlap.entries()].map(([key, n]) => ({
    g: Number(key.split(',')[0]),
    old: Number(key.split(',')[1]),
    n,
  }));
  pairs.sort((a, b) => b.n - a.n || a.g - b.g || a.old - b.old);
  const ids = new Array<number>(k).fill(-1);
  const taken = new Set<number>();
  for (const { g, old } of pairs) {
    if (ids[g] !== -1 || taken.has(old)) continue;
    ids[g] = old;
    taken.add(old);
  }
  let next = 0;
  for (let g = 0; g < k; g++) {
    if (ids[g] !== -1) continue;
    while (taken.has(next)) next++;
    ids[g] = next;
    taken.add(next);
  }
  return ids;
}

function chooseGroups(
  m: VoteMatrix,
  opts: AnalyzeOptions,
  method: Method,
  inConv: Uint8Array,
  proj: Float64Array,
  d: number,
  proj2: Float64Array,
): { group: Int32Array; ids: number[]; model: GroupModel | null } {
  const n = m.participants.length;
  const group = new Int32Array(n).fill(-1);
  if (opts.groups) {
    const ids = [...new Set(opts.groups.values())].sort((a, b) => a - b);
    const index = new Map(ids.map((g, i) => [g, i]));
    m.participants.forEach((pid, i) => {
      const g = opts.groups?.get(pid);
      if (g !== undefined) group[i] = index.get(g)!;
    });
    return { group, ids, model: null };
  }
  if (method === 'polis') {
    const pg = polisGroups(proj2, inConv, opts.seed ?? 1);
    return { group: pg.group, ids: Array.from({ length: pg.k }, (_, i) => i), model: null };
  }
  const members: number[] = [];
  for (let i = 0; i < n; i++) if (inConv[i]) members.push(i);
  if (members.length === 0) return { group, ids: [], model: null };
  const sample = sampleRows(m, members, opts.fitSample ?? 5000);
  const rows = Int32Array.from(sample);
  const pts = new Float64Array(rows.length * d);
  rows.forEach((i, r) => pts.set(proj.subarray(i * d, i * d + d), r * d));
  const all = Int32Array.from(members);
  // Fitted on the sample, judged on everyone: k is chosen by all the evidence, not the sample's share of it.
  const whole = sample.length === members.length ? null : judgeOver(m, all);
  const { best } = findGroups(m, rows, pts, d, whole ? { score: whole.score } : {});
  const assignment = whole ? whole.assign(best) : best.assignment;
  // Number groups by size, largest first, dropping any that ended empty.
  const size = new Int32Array(best.k);
  for (const c of assignment) size[c]!++;
  const order = [...Array(best.k).keys()]
    .filter((c) => size[c]! > 0)
    .sort((a, b) => size[b]! - size[a]! || a - b);
  const rename = new Int32Array(best.k).fill(-1);
  order.forEach((c, i) => (rename[c] = i));
  members.forEach((i, r) => (group[i] = rename[assignment[r]!]!));
  // The live model uses the same numbering: columns of the fitted model reordered to match.
  const kk = order.length;
  const logTheta = new Float64Array(m.statements.length * 3 * kk);
  for (let row = 0; row < m.statements.length * 3; row++)
    order.forEach((c, i) => (logTheta[row * kk + i] = best.logTheta[row * best.k + c]!));
  const logPi = Float64Array.from(order, (c) => best.logPi[c]!);
  return { group, ids: order.map((_, i) => i), model: { k: kk, logTheta, logPi } };
}

/** A deterministic sample of at most `max` rows, chosen by a hash of the participant id. */
function sampleRows(m: VoteMatrix, members: number[], max: number): number[] {
  if (members.length <= max) return members;
  const scored = members.map((i) => ({ i, h: hashString(m.participants[i]!) }));
  scored.sort((a, b) => a.h - b.h || a.i - b.i);
  return scored
    .slice(0, max)
    .map((s) => s.i)
    .sort((a, b) => a - b);
}

/** Minimum over groups with enough votes of (A+1)/(S+2); NaN when fewer than min(2, k) groups qualify. */
export function commonGroundScores(m: VoteMatrix, c: GroupCounts): Float64Array {
  const ns = m.statements.length;
  const out = new Float64Array(ns).fill(Number.NaN);
  const need = Math.min(2, c.k);
  for (let j = 0; j < ns; j++) {
    if (isRejected(m, j) || isMeta(m, j) || c.k === 0) continue;
    let min = Infinity;
    let qualifying = 0;
    for (let g = 0; g < c.k; g++) {
      const s = c.seen[g * ns + j]!;
      if (s < COMMON_GROUND_MIN_VOTES) continue;
      qualifying++;
      min = Math.min(min, (c.agree[g * ns + j]! + 1) / (s + 2));
    }
    if (qualifying >= need && qualifying > 0) out[j] = min;
  }
  return out;
}

function statementReport(
  m: VoteMatrix,
  j: number,
  id: string,
  totals: StatementTotals,
  c: GroupCounts,
  ids: number[],
  gac: Float64Array,
  bridging: Float64Array,
  factor: Float64Array,
  extremity: Float64Array,
  prio: Float64Array,
  common: Float64Array,
): StatementReport {
  const ns = m.statements.length;
  return {
    id,
    agree: totals.agree[j]!,
    disagree: totals.disagree[j]!,
    pass: totals.pass[j]!,
    byGroup: ids.map((gid, g) => {
      const a = c.agree[g * ns + j]!;
      const dd = c.disagree[g * ns + j]!;
      const seen = c.seen[g * ns + j]!;
      return {
        group: gid,
        agree: a,
        disagree: dd,
        pass: seen - a - dd,
        pa: (a + 1) / (seen + 2),
        pd: (dd + 1) / (seen + 2),
      };
    }),
    groupInformedConsensus: gac[j]!,
    bridging: bridging[j]!,
    bridgingFactor: factor[j]!,
    extremity: extremity[j]!,
    priority: prio[j]!,
    commonGround: Number.isNaN(common[j]!) ? null : common[j]!,
    rejected: isRejected(m, j),
    meta: isMeta(m, j),
  };
}

function repReport(m: VoteMatrix, r: RepStat): RepresentativeReport {
  return {
    statement: m.statements[r.statement]!,
    direction: r.direction,
    repness: r.repness,
    repnessTest: r.repnessTest,
    pSuccess: r.pSuccess,
    pTest: r.pTest,
    nSuccess: r.nSuccess,
    nTrials: r.nTrials,
    ...(r.bestAgree ? { bestAgree: true as const } : {}),
  };
}

function pcaReport(p: Pca): { center: number[]; comps: number[][] } {
  return { center: Array.from(p.center), comps: p.comps.slice(0, 2).map((c) => Array.from(c)) };
}
