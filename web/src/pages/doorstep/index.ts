/**
 * The doorstep app (phone first, installable, works with no signal). The canvasser downloads an assigned
 * walk while online; after that every screen reads and writes IndexedDB only, and records are sent in the
 * background. The sync bar at the top always says how many records are waiting.
 */
export { DoorstepHomePage } from './home.tsx';
export { DoorstepWalkPage } from './walk.tsx';
export { TellingPage } from '../polling-day/telling.tsx';
export { KnockupPage } from '../polling-day/knockup.tsx';
export { LiftsPage } from '../polling-day/lifts.tsx';
