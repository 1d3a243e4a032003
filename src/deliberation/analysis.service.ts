/**
 * Keeping every conversation's analysis fresh, off the request path (the parts are in analysis/).
 *
 * A vote or a moderation decision queues a job row (`analysis_jobs`, one per conversation, due a moment
 * later so a burst of votes makes one recompute: analysis/jobs.ts). Each process runs an AnalysisRunner
 * (analysis/runner.ts) that claims due jobs with FOR UPDATE SKIP LOCKED — so several server processes share
 * the conversations — and brings the analysis up to date (analysis/compute.ts): new votes go to the live
 * model in an engine thread (analysis/engines.ts) at once, from the votes held in memory
 * (analysis/vote-state.ts), and the whole model is refitted beside it when due. Reports are stored with a
 * version number (analysis/store.ts); open SSE streams watch the versions and push the new map within a
 * second of it being stored. Every query is in analysis/analysis.repo.ts.
 */
export { DEBOUNCE_MS, requestAnalysis } from './analysis/jobs.ts';
export { latestAnalysis, recentAnalysis, type StoredAnalysis } from './analysis/store.ts';
export { computeAnalysis, REFIT_MS } from './analysis/compute.ts';
export { Engines } from './analysis/engines.ts';
export { AnalysisRunner } from './analysis/runner.ts';
