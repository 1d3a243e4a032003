/**
 * Personal data by contribution. Each domain says what it holds about a member — every table of its with a
 * column pointing at a member or at a participant — and gives it back for a subject-access export and
 * removes or unlinks it for an erasure (its `personal-data.repo.ts`). The members domain puts the
 * contributions together and needs to know nothing of the others; a test fails if a table that points at
 * a member or a participant is in no contribution.
 */
import type { Executor } from '../db/client.ts';

/** The person an export or an erasure is about. */
export interface DataSubject {
  memberId: string;
  /** Their sign-in (Better Auth's user), if they have one. */
  userId: string | null;
  email: string | null;
}

export interface PersonalDataContribution {
  /** The domain, for the log of an erasure. */
  domain: string;
  /**
   * Each table (by its SQL name) holding a column that points at a member or a participant, and what an
   * export and an erasure do with it.
   */
  tables: Readonly<Record<string, string>>;
  /** The export's fields this domain fills. */
  exportFor(db: Executor, subject: DataSubject): Promise<Record<string, unknown>>;
  /** Removes or unlinks what identifies the member, inside the erasure's transaction. */
  erase(tx: Executor, subject: DataSubject): Promise<void>;
}
