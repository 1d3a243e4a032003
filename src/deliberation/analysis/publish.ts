/**
 * Step 4 of the analysis: the published map. What the engine made is stored under a version (a full fit's
 * report, and live updates since it), and readers — the map, the report, the streams, the next card's
 * order — read it here: the last full fit with the live updates patched in, cached per version in this
 * process.
 */
import type { Executor } from '../../db/client.ts';
import type { AnalysisReport } from '../../math/analyze.ts';
import type { LiveUpdates } from './engine-thread.ts';
import { analysisHead, analysisLive, analysisRow, appendLive, publishReport } from './analysis.repo.ts';

export interface StoredAnalysis {
  version: number;
  /** When this version was made (the last live update's time, or the fit's). */
  computedAt: Date;
  /** When its report was fitted: the same fit as another stored version when equal. */
  fittedAt: Date;
  report: AnalysisReport;
}

/** This process's copies of the published analyses, and when it last asked the database for each. */
export class Published {
  readonly analyses = new Map<string, StoredAnalysis>();
  readonly checkedAt = new Map<string, number>();
}

/** What reading or publishing needs: the database and this process's copies. */
export interface PublishDeps {
  db: Executor;
  state: { deliberation: { published: Published } };
}

/** Remembers the analysis this process has just made, as the latest. */
export function cacheAnalysis(deps: PublishDeps, conversationId: string, stored: StoredAnalysis): void {
  deps.state.deliberation.published.analyses.set(conversationId, stored);
  deps.state.deliberation.published.checkedAt.set(conversationId, Date.now());
}

/**
 * The latest stored analysis, or null before the first one. Cached per version: when only live updates
 * were published since the cached version (by the process that holds the live model), just those are read
 * and patched in.
 */
export async function latestAnalysis(
  deps: PublishDeps,
  conversationId: string,
): Promise<StoredAnalysis | null> {
  const { db } = deps;
  const { analyses: cache, checkedAt } = deps.state.deliberation.published;
  if (checkedAt.size > 10_000) checkedAt.clear();
  checkedAt.set(conversationId, Date.now());
  const head = await analysisHead(db, conversationId);
  if (!head) return null;
  const hit = cache.get(conversationId);
  if (hit && hit.version === head.version) return hit;
  let stored: StoredAnalysis;
  if (hit && hit.fittedAt.getTime() === head.fittedAt.getTime()) {
    applyLive(hit.report, liveEntries(await analysisLive(db, conversationId)));
    stored = { ...hit, version: head.version, computedAt: new Date() };
  } else {
    const row = await analysisRow(db, conversationId);
    if (!row) return null;
    const report = row.report as unknown as AnalysisReport;
    applyLive(report, liveEntries(row.live));
    stored = { version: row.version, computedAt: row.computedAt, fittedAt: row.computedAt, report };
  }
  cache.set(conversationId, stored);
  return stored;
}

/**
 * An analysis at most `maxAgeMs` old, from this process's memory when it has one that recent, else the
 * latest: for what need not be the very latest (the order of the next cards), at no query per request.
 */
export async function recentAnalysis(
  deps: PublishDeps,
  conversationId: string,
  maxAgeMs: number,
): Promise<StoredAnalysis | null> {
  const { analyses: cache, checkedAt } = deps.state.deliberation.published;
  const checked = checkedAt.get(conversationId);
  // Asked lately (or being asked now): what is known, even that there is no analysis yet.
  if (checked !== undefined && Date.now() - checked < maxAgeMs) return cache.get(conversationId) ?? null;
  return latestAnalysis(deps, conversationId);
}

/** The live column's entries: [x, y, group] as older versions wrote them, or [x, y, group, certainty]. */
const liveEntries = (live: Record<string, [number, number, number, number?]>): LiveUpdates =>
  Object.entries(live).map(([id, [x, y, g, c]]) => [id, x, y, g, c ?? -1]);

const indexes = new WeakMap<AnalysisReport, Map<string, number>>();

/** Where each participant is in a report's list. */
export function participantIndex(report: AnalysisReport): Map<string, number> {
  let index = indexes.get(report);
  if (!index) {
    index = new Map(report.participants.map((p, i) => [p.id, i]));
    indexes.set(report, index);
  }
  return index;
}

/** Patches voters' new positions and groups into a report (newcomers added) and recounts group sizes. */
function applyLive(report: AnalysisReport, updates: LiveUpdates): void {
  if (updates.length === 0) return;
  const index = participantIndex(report);
  for (const [id, x, y, g, c] of updates) {
    const at = index.get(id);
    const group = g >= 0 ? g : null;
    const sure = group !== null && c >= 0 ? { certainty: c } : {};
    if (at === undefined) {
      index.set(id, report.participants.length);
      report.participants.push({ id, votes: 1, inConversation: group !== null, group, ...sure, x, y });
    } else {
      const p = report.participants[at];
      if (!p) continue;
      p.x = x;
      p.y = y;
      p.group = group;
      if (sure.certainty === undefined) delete p.certainty;
      else p.certainty = sure.certainty;
      if (group !== null) p.inConversation = true;
    }
  }
  const size = new Map<number, number>();
  for (const p of report.participants) if (p.group !== null) size.set(p.group, (size.get(p.group) ?? 0) + 1);
  for (const g of report.groups) g.size = size.get(g.id) ?? 0;
}

/**
 * Publishes live updates: the voters' new positions and groups patched into this process's copy of the
 * report, under a new version. The stored report stays the last full fit; the updates are added to its
 * `live` column, which other processes patch into their copies.
 */
export async function publishLive(
  deps: PublishDeps,
  conversationId: string,
  before: StoredAnalysis,
  updates: LiveUpdates,
): Promise<StoredAnalysis> {
  applyLive(before.report, updates);
  const patch = JSON.stringify(Object.fromEntries(updates.map(([id, x, y, g, c]) => [id, [x, y, g, c]])));
  const row = await appendLive(deps.db, conversationId, patch);
  const stored = { ...before, version: row?.version ?? before.version + 1, computedAt: new Date() };
  cacheAnalysis(deps, conversationId, stored);
  return stored;
}

/**
 * Writes a full fit's report (made into JSON in the engine thread) without publishing it: readers go on
 * with the last published version and its live updates, so a large write never holds them up.
 */
export { storeReport as storeFit } from './analysis.repo.ts';

/** Publishes the stored fit as a new version (its live updates emptied), and keeps it as the latest here. */
export async function publishFit(
  deps: PublishDeps,
  conversationId: string,
  report: AnalysisReport,
): Promise<StoredAnalysis> {
  const row = await publishReport(deps.db, conversationId);
  if (!row) throw new Error('the analysis was not stored');
  const stored = { version: row.version, computedAt: row.computedAt, fittedAt: row.computedAt, report };
  cacheAnalysis(deps, conversationId, stored);
  return stored;
}
