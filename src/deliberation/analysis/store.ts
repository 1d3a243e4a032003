/**
 * The stored analyses as readers see them: the last full fit with the live updates published since patched
 * in, cached per version in this process.
 */
import type { Deps } from '../memory.ts';
import type { AnalysisReport } from '../../math/analyze.ts';
import type { LiveUpdates } from '../engine-worker.ts';
import { analysisHead, analysisLive, analysisRow, appendLive } from './analysis.repo.ts';

export interface StoredAnalysis {
  version: number;
  /** When this version was made (the last live update's time, or the fit's). */
  computedAt: Date;
  /** When its report was fitted: the same fit as another stored version when equal. */
  fittedAt: Date;
  report: AnalysisReport;
}

/** Remembers the analysis this process has just made, as the latest. */
export function cacheAnalysis(deps: Deps, conversationId: string, stored: StoredAnalysis): void {
  deps.state.deliberation.analyses.set(conversationId, stored);
  deps.state.deliberation.analysisCheckedAt.set(conversationId, Date.now());
}

/**
 * The latest stored analysis, or null before the first one. Cached per version: when only live updates
 * were published since the cached version (by the process that holds the live model), just those are read
 * and patched in.
 */
export async function latestAnalysis(deps: Deps, conversationId: string): Promise<StoredAnalysis | null> {
  const { db } = deps;
  const { analyses: cache, analysisCheckedAt: checkedAt } = deps.state.deliberation;
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
  deps: Deps,
  conversationId: string,
  maxAgeMs: number,
): Promise<StoredAnalysis | null> {
  const { analyses: cache, analysisCheckedAt: checkedAt } = deps.state.deliberation;
  const checked = checkedAt.get(conversationId);
  // Asked lately (or being asked now): what is known, even that there is no analysis yet.
  if (checked !== undefined && Date.now() - checked < maxAgeMs) return cache.get(conversationId) ?? null;
  return latestAnalysis(deps, conversationId);
}

const liveEntries = (live: Record<string, [number, number, number]>): LiveUpdates =>
  Object.entries(live).map(([id, [x, y, g]]) => [id, x, y, g]);

const indexes = new WeakMap<AnalysisReport, Map<string, number>>();

/** Where each participant is in a report's list. */
function participantIndex(report: AnalysisReport): Map<string, number> {
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
  for (const [id, x, y, g] of updates) {
    const at = index.get(id);
    const group = g >= 0 ? g : null;
    if (at === undefined) {
      index.set(id, report.participants.length);
      report.participants.push({ id, votes: 1, inConversation: group !== null, group, x, y });
    } else {
      const p = report.participants[at];
      if (!p) continue;
      p.x = x;
      p.y = y;
      p.group = group;
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
  deps: Deps,
  conversationId: string,
  before: StoredAnalysis,
  updates: LiveUpdates,
): Promise<StoredAnalysis> {
  applyLive(before.report, updates);
  const patch = JSON.stringify(Object.fromEntries(updates.map(([id, x, y, g]) => [id, [x, y, g]])));
  const row = await appendLive(deps.db, conversationId, patch);
  const stored = { ...before, version: row?.version ?? before.version + 1, computedAt: new Date() };
  cacheAnalysis(deps, conversationId, stored);
  return stored;
}
