export * from './auth.ts';
export * from './members.ts';
export * from './deliberation.ts';
export * from './manifesto.ts';
export * from './canvass.ts';
export * from './notifications.ts';
export * from './polling-day.ts';
export * from './pulse.ts';
