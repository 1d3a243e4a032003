import type { Config } from '../config.ts';
import type { Db } from '../db/client.ts';
import type { PersonalDataContribution } from '../core/personal-data.ts';
import type { RetentionContribution } from '../core/retention.ts';
import type { Mailer } from './mailer.ts';
import type { ProcessState } from './process-state.ts';

/** What services need from the outside world; built once at start-up and passed down. */
export interface ServiceContext {
  db: Db;
  mailer: Mailer;
  config: Config;
  /** What each domain holds about a member, for exports and erasures (see core/personal-data.ts). */
  personalData: readonly PersonalDataContribution[];
  /** What each domain deletes when the retention job runs (see core/retention.ts). */
  retention: readonly RetentionContribution[];
  /** What this process keeps in memory between requests (caches), made once at start-up. */
  state: ProcessState;
}
