/**
 * Ballots: the public face of the domain. The sealed box (box.ts: papers sealed to a ballot's public key,
 * its private key held only as key holders' shares, an append-only hash chain), receipts (seal.ts), and
 * elections (nominations, hustings, a ranked vote, the count and its result). The manifesto's ratification
 * ballots use the box and receipts from here. Other domains and the server import only this file.
 */
export { BallotsMemory } from './memory.ts';
export {
  boxTag,
  emptyHead,
  keyFromShares,
  KeyShareError,
  newBoxKeys,
  nextHead,
  openWith,
  sealTo,
} from './box.ts';
export {
  canonicalReceipt,
  newBallotKey,
  newReceipt,
  openPaper,
  paperBytes,
  readPaper,
  receiptHash,
  receiptTag,
  sealPaper,
  shuffled,
  unwrapBallotKey,
  type Choice,
} from './seal.ts';
export {
  castVote as castRatificationVote,
  closeBallot as closeRatification,
  getBallot as getRatification,
  listBallots as listRatifications,
  openBallot as openRatification,
  ratificationOf,
  remindClosingBallots,
  verifyReceipt as verifyRatificationReceipt,
} from './ratification.service.ts';
export { countDueBallots } from './ratification-count.service.ts';
export { vacuumBox } from './ratification.repo.ts';
export type { BallotSubject, SubjectReader } from './subject.ts';
export { ballotsPersonalData } from './personal-data.repo.ts';
export { enteredBy } from './electorate.repo.ts';
export { electionRoutes } from './elections.routes.ts';
