export * from './auth.ts';
export * from './members.ts';
export * from './deliberation.ts';
export * from './manifesto.ts';
