/**
 * What people see of an analysis: the opinion map and the report. Groups and statements only, never who
 * voted what: points carry no participant ids (the viewer is told only their own position), and groups of
 * fewer than MIN_PUBLIC_GROUP participants are merged into "others" so a small group cannot be singled out.
 */
import type { AnalysisReport, ParticipantReport, StatementReport } from '../math/analyze.ts';
import type { ServiceContext } from '../lib/context.ts';
import { latestAnalysis, participantIndex, type StoredAnalysis } from './analysis.service.ts';
import {
  conversationFor,
  findParticipant,
  participantToShow,
  presentConversation,
  type Caller,
  type Conversation,
} from './conversation.service.ts';
import { cachedStatementsByNumber } from './statement-cache.ts';
import type { Deps } from './memory.ts';
import { participationByDay } from './vote.repo.ts';
import { opinionMap as opinionMapSchema } from '../contract/deliberation.ts';

export const MIN_PUBLIC_GROUP = 5;
/** The map shows at most this many points (a deterministic sample); sizes are always the true ones. */
export const MAX_POINTS = 5000;
export const OTHERS = -1;

/** The map's deterministic sample: every n-th item, so that at most MAX_POINTS are left. */
export function mapSample<T>(items: readonly T[]): T[] {
  const step = Math.max(1, Math.ceil(items.length / MAX_POINTS));
  return items.filter((_, i) => i % step === 0);
}

/** The map's fields every viewer shares (all but `me`). */
const sharedMapSchema = opinionMapSchema.omit({ me: true });

const LETTERS = 'ABCDEFGH';
export const groupLabel = (id: number): string =>
  id === OTHERS ? 'Others' : `Group ${LETTERS[id] ?? id + 1}`;

/** Maps engine group ids to shown ids: small groups become OTHERS. */
export function publicGroups(report: AnalysisReport): Map<number, number> {
  return new Map(report.groups.map((g) => [g.id, g.size < MIN_PUBLIC_GROUP ? OTHERS : g.id]));
}

const statementTexts = cachedStatementsByNumber;

function byPublicGroup(s: StatementReport, shown: Map<number, number>) {
  const merged = new Map<number, { agree: number; disagree: number; pass: number }>();
  for (const g of s.byGroup) {
    const id = shown.get(g.group) ?? OTHERS;
    const m = merged.get(id) ?? { agree: 0, disagree: 0, pass: 0 };
    m.agree += g.agree;
    m.disagree += g.disagree;
    m.pass += g.pass;
    merged.set(id, m);
  }
  return [...merged.entries()]
    .sort(([a], [b]) => (a === OTHERS ? 1 : b === OTHERS ? -1 : a - b))
    .map(([group, m]) => {
      const seen = m.agree + m.disagree + m.pass;
      return {
        group,
        label: groupLabel(group),
        ...m,
        agreeShare: seen ? m.agree / seen : 0,
        disagreeShare: seen ? m.disagree / seen : 0,
      };
    });
}

function groupsOf(
  report: AnalysisReport,
  shown: Map<number, number>,
  texts: Map<string, { id: string; text: string }>,
) {
  const out: {
    id: number;
    label: string;
    size: number;
    sizeInterval: [number, number] | null;
    representative: { statementId: string; text: string; direction: string; agreement: number }[];
  }[] = [];
  let others = 0;
  // The merged groups' intervals added end to end (at least as wide as the truth's).
  let othersInterval: [number, number] | null = [0, 0];
  for (const g of report.groups) {
    if (shown.get(g.id) === OTHERS) {
      others += g.size;
      othersInterval =
        othersInterval && g.sizeInterval
          ? [othersInterval[0] + g.sizeInterval[0], othersInterval[1] + g.sizeInterval[1]]
          : null;
      continue;
    }
    out.push({
      id: g.id,
      label: groupLabel(g.id),
      size: g.size,
      sizeInterval: g.sizeInterval ?? null,
      representative: g.representative.flatMap((r) => {
        const t = texts.get(r.statement);
        return t ? [{ statementId: t.id, text: t.text, direction: r.direction, agreement: r.pSuccess }] : [];
      }),
    });
  }
  if (others > 0)
    out.push({
      id: OTHERS,
      label: groupLabel(OTHERS),
      size: others,
      sizeInterval: othersInterval,
      representative: [],
    });
  return out;
}

/** How sure the analysis is of its groups (null for one made before this was measured). */
function reliabilityOf(report: AnalysisReport) {
  const u = report.uncertainty;
  return u ? { reliable: u.reasons.length === 0, ...u } : null;
}

const sure = (p: ParticipantReport) => Math.round((p.certainty ?? 1) * 100) / 100;

/** A map position as the map gives it: three decimals. */
export const round = (x: number) => Math.round(x * 1000) / 1000;

/** What every viewer of one analysis version sees alike, made once per version rather than per viewer. */
export interface SharedMap {
  version: number;
  computedAt: string;
  participants: number;
  placed: number;
  points: (readonly [number, number, number, number])[];
  groups: ReturnType<typeof groupsOf>;
  reliability: ReturnType<typeof reliabilityOf>;
  shown: Map<number, number>;
  /** A participant of the report by id (through the report's own index, kept as live updates patch it). */
  find: (id: string) => ParticipantReport | undefined;
  /** The shared fields as JSON, made once for the version (the map's SSE events reuse it). */
  json: string;
}

async function sharedMap(deps: Deps, conversationId: string, stored: StoredAnalysis): Promise<SharedMap> {
  const sharedMaps = deps.state.deliberation.sharedMaps;
  const hit = sharedMaps.get(conversationId);
  if (hit?.version === stored.version) return hit;
  const { report } = stored;
  const shown = publicGroups(report);
  const texts = await statementTexts(deps, conversationId);
  const placed = report.participants.filter((p) => p.group !== null);
  const common = {
    version: stored.version,
    computedAt: stored.computedAt.toISOString(),
    participants: report.participants.length,
    placed: placed.length,
    points: mapSample(placed).map(
      (p) => [round(p.x), round(p.y), shown.get(p.group ?? OTHERS) ?? OTHERS, sure(p)] as const,
    ),
    groups: groupsOf(report, shown, texts),
    reliability: reliabilityOf(report),
  };
  const made: SharedMap = {
    ...common,
    shown,
    // Not a map of every participant per version (100,000 of them at a party's scale): the report's index.
    find: (id) => {
      const at = participantIndex(report).get(id);
      return at === undefined ? undefined : report.participants[at];
    },
    // Through the contract, as every response is: only its fields go out.
    json: JSON.stringify(sharedMapSchema.encode(common)),
  };
  if (sharedMaps.size > 1000) sharedMaps.clear();
  sharedMaps.set(conversationId, made);
  return made;
}

/** The viewer's own place on a map (their participant, if they have voted). */
function placeOf(shared: SharedMap, me: { number: number } | undefined) {
  const mine = me ? shared.find(String(me.number)) : undefined;
  return mine
    ? {
        x: round(mine.x),
        y: round(mine.y),
        group: mine.group === null ? null : (shared.shown.get(mine.group) ?? OTHERS),
        certainty: mine.group === null || mine.certainty === undefined ? null : sure(mine),
        votes: mine.votes,
      }
    : null;
}

const EMPTY_MAP = {
  version: 0,
  computedAt: null,
  participants: 0,
  placed: 0,
  points: [],
  groups: [],
  reliability: null,
  me: null,
};

/** The live opinion map: points by group, group sizes and representative statements, the viewer's place. */
export async function opinionMap(ctx: ServiceContext, caller: Caller, id: string) {
  const c = await conversationFor(ctx, caller, id);
  const stored = await latestAnalysis(ctx, c.id);
  const me = await findParticipant(ctx, c, caller);
  if (!stored) return EMPTY_MAP;
  const shared = await sharedMap(ctx, c.id, stored);
  const { shown: _shown, find: _find, json: _json, ...map } = shared;
  return { ...map, me: placeOf(shared, me) };
}

/**
 * The opinion map of an analysis as the JSON of an SSE event, for a stream whose caller was let in when it
 * opened. The analysis comes with the news of it (nothing is read for it), and the shared part is
 * serialised once per version for every stream; only the viewer's own place is added.
 */
export async function opinionMapJson(
  ctx: ServiceContext,
  caller: Caller,
  c: Conversation,
  stored: StoredAnalysis | null,
): Promise<{ version: number; json: string }> {
  if (!stored) return { version: 0, json: JSON.stringify(EMPTY_MAP) };
  const [shared, me] = await Promise.all([sharedMap(ctx, c.id, stored), participantToShow(ctx, c, caller)]);
  return {
    version: shared.version,
    json: `${shared.json.slice(0, -1)},"me":${JSON.stringify(placeOf(shared, me))}}`,
  };
}

/** A statement as reports show it: counts, scores and each public group's agreement ([] if not accepted). */
function presentStatement(
  s: StatementReport,
  texts: Map<string, { id: string; text: string }>,
  shown: Map<number, number>,
) {
  const t = texts.get(s.id);
  if (!t) return [];
  return [
    {
      id: t.id,
      text: t.text,
      agree: s.agree,
      disagree: s.disagree,
      pass: s.pass,
      commonGround: s.commonGround,
      bridging: s.bridging,
      groupInformedConsensus: s.groupInformedConsensus,
      byGroup: byPublicGroup(s, shown),
    },
  ];
}

export type StatementEvidence = ReturnType<typeof presentStatement>[number];

/**
 * The live support of some statements of a conversation, from its latest analysis, as the report shows it
 * (by statement id; a statement not yet in the analysis is left out). For clauses' evidence: the caller
 * checks who may see the conversation.
 */
export async function statementEvidence(
  deps: Deps,
  conversationId: string,
  statementIds: ReadonlySet<string>,
): Promise<{ version: number; evidence: Map<string, StatementEvidence> }> {
  const stored = await latestAnalysis(deps, conversationId);
  if (!stored) return { version: 0, evidence: new Map() };
  const shown = publicGroups(stored.report);
  const texts = await statementTexts(deps, conversationId);
  const evidence = new Map<string, StatementEvidence>();
  for (const s of stored.report.statements)
    if (statementIds.has(texts.get(s.id)?.id ?? ''))
      for (const e of presentStatement(s, texts, shown)) evidence.set(e.id, e);
  return { version: stored.version, evidence };
}

/** The report: common ground with each group's agreement, divisive statements, groups, participation. */
export async function conversationReport(ctx: ServiceContext, caller: Caller, id: string) {
  const c = await conversationFor(ctx, caller, id);
  const stored = await latestAnalysis(ctx, c.id);
  const participation = await participationByDay(ctx.db, c.id);
  const base = { conversation: presentConversation(c, caller), participation };
  if (!stored)
    return {
      ...base,
      version: 0,
      computedAt: null,
      participants: 0,
      groups: [],
      reliability: null,
      commonGround: [],
      divisive: [],
      statements: [],
    };
  const { report } = stored;
  const shown = publicGroups(report);
  const texts = await statementTexts(ctx, c.id);
  const present = (s: StatementReport) => presentStatement(s, texts, shown);
  const all = report.statements.filter((s) => !s.rejected && !s.meta);
  const common = report.commonGround.flatMap((sid) => all.filter((s) => s.id === sid).flatMap(present));
  // Divisive: the widest gap in agreement between groups, among statements every group has seen.
  const spread = (s: StatementReport) => {
    const pa = s.byGroup.filter((g) => g.agree + g.disagree + g.pass >= 3).map((g) => g.pa);
    return pa.length >= 2 ? Math.max(...pa) - Math.min(...pa) : 0;
  };
  const divisive = [...all]
    .sort((a, b) => spread(b) - spread(a))
    .filter((s) => spread(s) >= 0.3)
    .slice(0, 10)
    .flatMap(present);
  return {
    ...base,
    version: stored.version,
    computedAt: stored.computedAt.toISOString(),
    participants: report.participants.length,
    groups: groupsOf(report, shown, texts),
    reliability: reliabilityOf(report),
    commonGround: common.slice(0, 20),
    divisive,
    statements: all.flatMap(present),
  };
}

/**
 * The statements with the most support across opinion groups (group-informed consensus: the product of
 * every group's agreement), best first: what a hustings asks every candidate, so that no faction's
 * favourite question outranks one all groups want answered. Empty until the conversation is analysed.
 */
export async function bridgingStatements(
  deps: Deps,
  conversationId: string,
  limit: number,
): Promise<StatementEvidence[]> {
  const stored = await latestAnalysis(deps, conversationId);
  if (!stored) return [];
  const shown = publicGroups(stored.report);
  const texts = await statementTexts(deps, conversationId);
  return stored.report.statements
    .flatMap((s) => presentStatement(s, texts, shown))
    .sort((a, b) => b.groupInformedConsensus - a.groupInformedConsensus || b.agree - a.agree)
    .slice(0, limit);
}
