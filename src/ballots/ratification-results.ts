/** A counted ballot's figures: the frozen electorate's turnout, quorum, and the count of each thing put. */
import type { Executor } from '../db/client.ts';
import * as repo from './ratification.repo.ts';
import type { BallotRow } from './ratification.repo.ts';

/** Turnout (voters of the frozen electorate) and the count for the document or each clause. */
export async function results(db: Executor, b: BallotRow) {
  const t = await repo.tallies(db, b.id);
  const turnout = t.eligible > 0 ? t.voted / t.eligible : 0;
  // Quorate when the voters reach the quorum's share of the electorate (counted in whole members).
  const quorate = b.quorumPercent === null || t.voted * 100 >= b.quorumPercent * t.eligible;
  const tally = (key: string) => {
    const approve = t.papers.filter((p) => p[key] === 'approve').length;
    const reject = t.papers.filter((p) => p[key] === 'reject').length;
    const abstain = t.papers.filter((p) => p[key] === 'abstain').length;
    return { approve, reject, abstain, carried: quorate && approve > reject };
  };
  return {
    eligible: t.eligible,
    voted: t.voted,
    turnout,
    quorate,
    document: b.mode === 'document' ? tally('document') : null,
    clauses:
      b.mode === 'clauses'
        ? b.clauses.map((c) => ({ id: c.id, text: c.text, section: c.section, ...tally(c.id) }))
        : [],
  };
}
