/**
 * Steps 2 to 4 in order, for one conversation: the snapshot brought up to date from the vote events, the
 * new votes applied to the engine's live model at once and published, and the whole model refitted beside
 * it in the other engine thread when due (published in its turn). The runner (runner.ts) calls this for each
 * job it claims; it returns what it published and, when it started one, the refit to wait for.
 */
import type { Db, Executor } from '../../db/client.ts';
import type { AnalysisReport } from '../../math/analyze.ts';
import type { StatementInput } from '../../math/matrix.ts';
import { refreshTopics } from '../topics.service.ts';
import { engineStatementRows } from './analysis.repo.ts';
import type { Engines } from './engine.ts';
import {
  latestAnalysis,
  publishFit,
  publishLive,
  storeFit,
  type Published,
  type StoredAnalysis,
} from './publish.ts';
import type { Snapshots, VoteState } from './snapshot.ts';

/** What this process knows of each conversation's last full fit. */
export interface Fit {
  at: number;
  votes: number;
  statements: string;
  ms: number;
  /** The report of that fit, which live updates patch (a report loaded from elsewhere is not patched). */
  report: AnalysisReport;
}

/** What an update reads and keeps: the database (a pool, not a transaction) and this process's memory. */
export interface UpdateDeps {
  db: Db;
  state: { deliberation: { snapshots: Snapshots; fits: Map<string, Fit>; published: Published } };
}

/** What an update did: the version it published at once (or null), and the refit it started, if any. */
export interface Updated {
  published: StoredAnalysis | null;
  /** Resolves with the refit's published analysis, or null when it failed (the runner asks again). */
  refit: Promise<StoredAnalysis | null> | null;
}

/** A full refit at least this often while votes arrive (and at least 20 fits' time apart). */
export const REFIT_MS = 30_000;

/** The statements as the engine reads them. */
async function engineStatements(db: Executor, conversationId: string): Promise<StatementInput[]> {
  const stmts = await engineStatementRows(db, conversationId);
  // Votes only ever reach accepted statements; a statement rejected later keeps them (Polis zeroes them).
  return stmts
    .sort((a, b) => a.number - b.number)
    .map((st) => ({
      id: String(st.number),
      status: st.status === 'rejected' ? 'rejected' : 'accepted',
      meta: st.meta,
    }));
}

/**
 * Brings one conversation's analysis up to date. New votes are applied to the fitted live model at once —
 * each voter's position and group — and published as a new version. The whole model is refitted beside it,
 * in the other engine thread, every REFIT_MS (or 20 fits' time), after the votes grew by a tenth (at most
 * every 5 s, or 5 fits' time), when statements changed, when the live model cannot take a vote, or when
 * asked with no new votes while the model lags behind the votes (the runner asks once votes stop).
 */
export function updateAnalysis(deps: UpdateDeps, engines: Engines, conversationId: string): Promise<Updated> {
  const { db } = deps;
  const { fits, snapshots } = deps.state.deliberation;
  return engines.locked(conversationId, async () => {
    const started = Date.now();
    const state = snapshots.of(conversationId);
    // New votes matter to a fitted model or a refit under way (not to the first load of a long history).
    const found: number[] | null = fits.has(conversationId) || state.pending ? [] : null;
    await state.refresh(db, conversationId, found);
    if (state.pending && found) for (const x of found) state.pending.push(x);
    const fresh = Int32Array.from(found ?? []);
    state.reloadIfDue(db, conversationId, (fn) => engines.locked(conversationId, fn), engines.log);
    const stmts = await engineStatements(db, conversationId);
    const statementKey = stmts
      .map((st) => `${st.id}${st.status === 'rejected' ? 'r' : ''}${st.meta ? 'm' : ''}`)
      .join(',');
    const fit = fits.get(conversationId);
    const before = await latestAnalysis(deps, conversationId);
    const owner = engines.owner.get(conversationId);
    let due =
      !fit ||
      !before ||
      !owner ||
      before.report !== fit.report ||
      fit.statements !== statementKey ||
      started - fit.at > Math.max(REFIT_MS, 20 * fit.ms) ||
      (state.cells.size > fit.votes * 1.1 + 50 && started - fit.at > Math.max(5_000, 5 * fit.ms)) ||
      // Asked with no new votes (after they stopped, runner.ts) while the model lags behind them.
      (fresh.length === 0 && state.cells.size !== fit.votes && started - fit.at > 5 * fit.ms);
    let published: StoredAnalysis | null = null;
    if (fit && before && owner && before.report === fit.report && fresh.length > 0) {
      const updates = await owner.live(conversationId, fresh);
      if (updates) published = await publishLive(deps, conversationId, before, updates);
      else due = true;
    }
    let refit: Promise<StoredAnalysis | null> | null = null;
    if (due && !engines.fitting.has(conversationId)) {
      const previous: [string, number][] = before
        ? before.report.participants.flatMap((p) =>
            p.group === null ? [] : [[p.id, p.group] as [string, number]],
          )
        : [];
      refit = refitAnalysis(deps, engines, conversationId, state, stmts, statementKey, previous);
      engines.fitting.set(conversationId, refit);
      void refit.then(() => engines.fitting.delete(conversationId));
    }
    return { published, refit };
  });
}

async function refitAnalysis(
  deps: UpdateDeps,
  engines: Engines,
  conversationId: string,
  state: VoteState,
  stmts: StatementInput[],
  statementKey: string,
  previous: [string, number][],
): Promise<StoredAnalysis | null> {
  const { db } = deps;
  const started = Date.now();
  const thread = engines.other(conversationId);
  const votesAtFit = state.cells.size;
  const mark = state.mark;
  state.pending = [];
  try {
    const { report, json } = await thread.fit({
      conversationId,
      cells: state.cells.shared(),
      statements: stmts,
      previous,
    });
    // The report (megabytes, for a large conversation) is written before taking the lock, so live updates
    // go on meanwhile; its version, which tells readers to load it, moves under the lock (a first report is
    // written as version 0, published as 1), with its fitting time and the emptied live updates, so a reader
    // never applies one fit's live updates to another's report for long.
    await storeFit(db, conversationId, mark, json);
    const stored = await engines.locked(conversationId, async () => {
      const pending = Int32Array.from(state.pending ?? []);
      state.pending = null;
      let latest = await publishFit(deps, conversationId, report);
      deps.state.deliberation.fits.set(conversationId, {
        at: started,
        votes: votesAtFit,
        statements: statementKey,
        ms: Date.now() - started,
        report,
      });
      // The votes that arrived during the refit, applied to the new model before it takes over.
      const updates = pending.length > 0 ? await thread.live(conversationId, pending) : [];
      if (updates && updates.length > 0) latest = await publishLive(deps, conversationId, latest, updates);
      const old = engines.owner.get(conversationId);
      engines.owner.set(conversationId, thread);
      if (old && old !== thread) await old.forget(conversationId);
      return latest;
    });
    // Topics depend on the statements, not the votes: found again when the accepted ones have changed, in
    // the thread that does not hold the live model, so votes are never kept waiting behind them.
    await refreshTopics(db, conversationId, (texts) => engines.other(conversationId).topics(texts)).catch(
      (err: unknown) => engines.log(`topics of ${conversationId} could not be found`, err),
    );
    return stored;
  } catch (err) {
    state.pending = null;
    engines.log(`refit of ${conversationId} failed`, err);
    return null;
  }
}
