/**
 * Welsh dates where the browser has none. Chrome, Firefox and Safari carry Welsh in their Intl data, but some
 * builds (Debian's Chromium among them) do not, and would write Welsh pages' dates in English. There, and only
 * there, FormatJS's Intl.DateTimeFormat polyfill is loaded (with Welsh and English data and the time zones),
 * keeping the browser's own time zone.
 */
import { shouldPolyfill } from '@formatjs/intl-datetimeformat/should-polyfill.js';

interface PolyfilledDateTimeFormat {
  __setDefaultTimeZone(tz: string): void;
}

let loading: Promise<boolean> | null = null;

/** Whether the browser lacks Welsh dates (and so needs the polyfill). */
export const lacksWelshDates = (): boolean => shouldPolyfill('cy') !== undefined;

/** Loads the polyfill if this browser needs it; true once it is in place (false when it is not needed). */
export function loadWelshDates(): Promise<boolean> {
  if (!lacksWelshDates()) return Promise.resolve(false);
  loading ??= (async () => {
    const zone = new Intl.DateTimeFormat().resolvedOptions().timeZone;
    await import('@formatjs/intl-datetimeformat/polyfill-force.js');
    await Promise.all([
      import('@formatjs/intl-datetimeformat/locale-data/cy.js'),
      import('@formatjs/intl-datetimeformat/locale-data/en.js'),
      import('@formatjs/intl-datetimeformat/locale-data/en-GB.js'),
      import('@formatjs/intl-datetimeformat/add-golden-tz.js'),
    ]);
    (Intl.DateTimeFormat as unknown as PolyfilledDateTimeFormat).__setDefaultTimeZone(zone);
    return true;
  })();
  return loading;
}
