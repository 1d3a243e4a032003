/**
 * Retention by contribution, as personal data is (personal-data.ts): the retention job (Doorstep's, which
 * deletes old canvass records) also runs each domain's part in its transaction, and logs what each deleted.
 * A domain registers its part with the server instead of the job importing it.
 */
import type { Executor } from '../db/client.ts';

export interface RetentionContribution {
  /** The domain, for the log. */
  domain: string;
  /** Deletes what has passed its time at `now`, in the job's transaction; returns counts by kind. */
  run(tx: Executor, now: Date): Promise<Record<string, number>>;
}
