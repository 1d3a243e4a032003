/**
 * The platform put together for services: what each domain registers (its personal data, its retention
 * part, its memory) and the ServiceContext every service receives. The HTTP app, a worker process, the
 * command line and the medium tests all make their context here.
 */
import type { Config } from '../config.ts';
import type { Db } from '../db/client.ts';
import { canvassPersonalData } from '../canvass/index.ts';
import { DeliberationMemory, deliberationPersonalData } from '../deliberation/index.ts';
import type { ServiceContext } from '../lib/context.ts';
import { createMailer, type Mailer } from '../lib/mailer.ts';
import type { ProcessState } from '../lib/process-state.ts';
import { manifestoPersonalData } from '../manifesto/index.ts';
import { BallotsMemory, ballotsPersonalData } from '../ballots/index.ts';
import { ActorCache, SOLE_WRITER_ACTOR_TTL_MS, membersPersonalData } from '../members/index.ts';
import { notificationsPersonalData } from '../notifications/index.ts';
import { pollingDayPersonalData, pollingDayRetention } from '../polling-day/index.ts';
import { PulseMemory } from '../pulse/index.ts';
import { JobsMemory } from '../jobs/queue.ts';

/** What each domain holds about a member: the parts of a subject-access export and of an erasure. */
export const PERSONAL_DATA = [
  membersPersonalData,
  deliberationPersonalData,
  manifestoPersonalData,
  ballotsPersonalData,
  canvassPersonalData,
  pollingDayPersonalData,
  notificationsPersonalData,
] as const;

/** What each domain deletes when the retention job runs (Doorstep's job runs them all). */
export const RETENTION = [pollingDayRetention] as const;

/** The process's state: every cache it keeps between requests, made once at start-up and passed down. */
export function createProcessState(
  deliberation = new DeliberationMemory(),
  opts: { soleWriter?: boolean } = {},
): ProcessState {
  return {
    actors: new ActorCache(opts.soleWriter ? { ttlMs: SOLE_WRITER_ACTOR_TTL_MS } : {}),
    deliberation,
    pulse: new PulseMemory(),
    jobs: new JobsMemory(),
    ballots: new BallotsMemory(),
  };
}

/** A service context: the database, mail (the configured transport unless given), config and memory. */
export function serviceContext(opts: {
  config: Config;
  db: Db;
  mailer?: Mailer;
  state?: ProcessState;
}): ServiceContext {
  return {
    db: opts.db,
    mailer: opts.mailer ?? createMailer(opts.config, opts.db),
    config: opts.config,
    personalData: PERSONAL_DATA,
    retention: RETENTION,
    state: opts.state ?? createProcessState(),
  };
}
