/**
 * Everything this process keeps in memory between requests, in one object: made once at start-up
 * (`createProcessState`, in server/app.ts), passed down in the ServiceContext and to the analysis runner.
 * Each domain owns its part and adds it to this interface itself (declaration merging: `declare module
 * '../lib/process-state.ts'`), so this layer knows none of them; nothing else holds state across requests.
 */

// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- each domain adds its part.
export interface ProcessState {}
