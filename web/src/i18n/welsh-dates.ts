/**
 * Welsh dates where the browser has none. Chrome, Firefox and Safari carry Welsh in their Intl data, but some
 * builds (Debian's Chromium among them) do not, and would write Welsh pages' dates in English. There, and only
 * there, FormatJS's Intl.DateTimeFormat polyfill is loaded (with Welsh and English data and the time zones),
 * keeping the browser's own time zone.
 */
import { shouldPolyfill } from '@formatjs/intl-datetimeformat/should-polyfill.js';

let loading: Promise<boolean> | null = null;

/** Whether the browser lacks Welsh dates (and so needs the polyfill). */
export const lacksWelshDates = (): boolean => shouldPolyfill('cy') !== undefined;

/** Whether the polyfill is in place: then English dates too are written with its data (British English). */
export const datesPolyfilled = (): boolean => 'polyfilled' in Intl.DateTimeFormat;

/** Loads the polyfill if this browser needs it; true once it is in place (false when it is not needed). */
export function loadWelshDates(): Promise<boolean> {
  if (!lacksWelshDates()) return Promise.resolve(false);
  loading ??= import('./welsh-dates-polyfill.ts').then(() => true);
  return loading;
}
