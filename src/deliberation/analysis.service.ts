/**
 * Keeping every conversation's analysis fresh, off the request path, in four steps that each have a file
 * in analysis/, read in this order:
 *
 * 1. queue.ts     a vote or a moderation decision asks for an analysis: a job row, debounced;
 * 2. snapshot.ts  the conversation's votes in memory, brought up to date from the vote events;
 * 3. engine.ts    two engine threads (engine-thread.ts): new votes applied to the live model at once, the
 *                 whole model refitted beside it when due;
 * 4. publish.ts   what the engine made stored under a version; readers (map, report, streams, next card)
 *                 read the latest from here.
 *
 * update.ts runs steps 2–4 for one conversation; runner.ts claims the jobs (FOR UPDATE SKIP LOCKED, a lease
 * per conversation, so several processes share them), calls update, and hands watchers each new analysis.
 * Every query is in analysis/analysis.repo.ts.
 */
export { DEBOUNCE_MS, requestAnalysis } from './analysis/queue.ts';
export { latestAnalysis, participantIndex, recentAnalysis, type StoredAnalysis } from './analysis/publish.ts';
export { REFIT_MS } from './analysis/update.ts';
export { Engines } from './analysis/engine.ts';
export { AnalysisRunner } from './analysis/runner.ts';
