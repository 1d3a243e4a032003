/** The platform's own endpoints: liveness, readiness, and what the sign-in page may say about this instance. */
import { z } from 'zod';

export const health = z.object({ ok: z.literal(true) });
export const ready = z.object({ ok: z.literal(true), database: z.literal('reachable') });
export const instance = z.object({
  /** Demo content is loaded: the sign-in page may say which addresses to try. */
  demo: z.boolean(),
  /** Mail goes to the development outbox (loopback only). */
  outbox: z.boolean(),
});
export type Instance = z.infer<typeof instance>;
