/**
 * The whole analysis of a conversation, as one pure function of the votes, the statements and a seed: the
 * report JSON of DESIGN.md ("The analysis report").
 */
import { bridgingScores, type Bridging } from './bridging.ts';
import { chooseGroups, stableIds, type GroupUncertainty } from './choose-groups.ts';
import { LiveModel, type GroupModel } from './live.ts';
import {
  buildMatrix,
  isMeta,
  isRejected,
  type StatementInput,
  type VoteEvent,
  type VoteMatrix,
} from './matrix.ts';
import { pca, projectParticipants, statementExtremity, type Pca } from './pca.ts';
import { inConversation } from './polis.ts';
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
   * Participants a fit is finished and judged on at most (a deterministic sample holding the fit's
   * sample); the rest are assigned to its groups.
   */
  refineSample?: number;
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
  /** The probability of their group under the group model (absent: no model, or an older report). */
  certainty?: number;
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
  groups: {
    id: number;
    size: number;
    /** The size as a 95% interval, memberships being probabilities (absent without a group model). */
    sizeInterval?: [number, number];
    representative: RepresentativeReport[];
  }[];
  /** How sure the engine is of its groups (absent without a group model, or in an older report). */
  uncertainty?: Pick<GroupUncertainty, 'kStability' | 'meanCertainty' | 'reasons'>;
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
  const { group, uncertainty: sure } = chosen;
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
        ...(sure && group[i]! >= 0 ? { certainty: Math.round(sure.certainty[i]! * 1000) / 1000 } : {}),
        x: proj2[i * 2]!,
        y: proj2[i * 2 + 1]!,
      })),
      groups: ids.map((gid, g) => ({
        id: gid,
        size: sizes[g]!,
        ...(sure?.sizeInterval[g] ? { sizeInterval: sure.sizeInterval[g] } : {}),
        representative: (rep[g] ?? []).map((r) => repReport(m, r)),
      })),
      statements,
      consensus: {
        agree: cons.agree.map((c) => m.statements[c.statement]!),
        disagree: cons.disagree.map((c) => m.statements[c.statement]!),
      },
      commonGround,
      pca: pcaReport(p),
      ...(sure
        ? {
            uncertainty: {
              kStability: sure.kStability,
              meanCertainty: Math.round(sure.meanCertainty * 1000) / 1000,
              reasons: sure.reasons,
            },
          }
        : {}),
    };
    return report;
  };
  return { finish, pca: p, group, model: chosen.model };
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
