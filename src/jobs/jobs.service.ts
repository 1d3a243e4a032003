/**
 * The dead-letter view: the background jobs that are failing, for a national admin, and another try of one
 * (audited). Read from graphile-worker's tables on server PostgreSQL (any process), from the process's own
 * queue on PGlite.
 */
import { audited } from '../core/audited.ts';
import { forbidden, notFound } from '../core/errors.ts';
import { canNationally, type Actor } from '../core/permissions.ts';
import type { ServiceContext } from '../lib/context.ts';
import { failingGraphileJobs, retryGraphileJob } from './queue.repo.ts';

export async function failingJobs(ctx: ServiceContext, actor: Actor) {
  if (!canNationally(actor, 'jobs.manage')) throw forbidden('Only a national admin sees the job queue');
  const embedded = ctx.state.jobs.embedded;
  return { jobs: embedded ? embedded.failing() : await failingGraphileJobs(ctx.db) };
}

export async function retryJob(ctx: ServiceContext, actor: Actor, id: string) {
  if (!canNationally(actor, 'jobs.manage')) throw forbidden('Only a national admin retries jobs');
  const embedded = ctx.state.jobs.embedded;
  return audited(ctx.db, async (tx, record) => {
    const done = embedded ? embedded.retry(id) : await retryGraphileJob(tx, id);
    if (!done) throw notFound('Failed job');
    record({
      actorId: actor.memberId,
      action: 'change',
      subjectType: 'job',
      subjectId: id,
      detail: { retried: true },
    });
    return { id, retried: true as const };
  });
}
