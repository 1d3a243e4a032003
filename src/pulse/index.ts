/** Pulse: the public face of the domain (its routes and its process memory). */
export { pulseRoutes } from './pulse.routes.ts';
export { PulseMemory } from './pulse.service.ts';
export { replaceResults, saveSettings, upsertElections, replacePolls } from './pulse.repo.ts';
