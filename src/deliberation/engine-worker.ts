/**
 * The opinion engine in a worker thread, so the API never waits on the math. Receives a conversation's
 * current votes as columns and answers with the analysis report.
 */
import { parentPort } from 'node:worker_threads';
import { analyzeMatrix, type AnalysisReport } from '../math/analyze.ts';
import { buildMatrixFromColumns, type StatementInput, type VoteColumns } from '../math/matrix.ts';

export interface EngineRequest {
  jobId: number;
  columns: VoteColumns;
  statements: StatementInput[];
  previous: [string, number][];
}

export type EngineResponse = { jobId: number; report: AnalysisReport } | { jobId: number; error: string };

parentPort?.on('message', (req: EngineRequest) => {
  try {
    const m = buildMatrixFromColumns(req.columns, req.statements);
    const report = analyzeMatrix(m, { seed: 1, previous: new Map(req.previous) });
    parentPort?.postMessage({ jobId: req.jobId, report } satisfies EngineResponse);
  } catch (err) {
    parentPort?.postMessage({
      jobId: req.jobId,
      error: err instanceof Error ? err.message : String(err),
    } satisfies EngineResponse);
  }
});
