/**
 * Everything this process keeps in memory between requests, in one object: made once at start-up
 * (`createProcessState`, in server/app.ts), passed down in the ServiceContext and to the analysis runner.
 * Each domain owns its part; nothing else holds state across requests.
 */
import type { DeliberationMemory } from '../deliberation/index.ts';
import type { ActorCache } from '../members/index.ts';
import type { PulseMemory } from '../pulse/index.ts';

export interface ProcessState {
  /** Signed-in actors by session (members/actor-cache.ts). */
  actors: ActorCache;
  /** Common Ground's caches and the analysis queue's bookkeeping (deliberation/memory.ts). */
  deliberation: DeliberationMemory;
  /** Pulse's national fits, for the data they were made from (pulse/pulse.service.ts). */
  pulse: PulseMemory;
}
