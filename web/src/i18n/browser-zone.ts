/** The browser's own time zone, read before the date polyfill (welsh-dates-polyfill.ts) replaces Intl. */
export const browserZone: string = new Intl.DateTimeFormat().resolvedOptions().timeZone;
