/**
 * FormatJS's Intl.DateTimeFormat, put in place in one step: this module and its imports run as one
 * synchronous evaluation, so no page ever renders with the polyfill in place but its data missing. The order
 * matters: the browser's time zone is read first, the locale data wait in FormatJS's global buffer, the
 * polyfill takes them as it installs itself, and the time zones are added to it.
 */
import { browserZone } from './browser-zone.ts';
import '@formatjs/intl-datetimeformat/locale-data/cy.js';
import '@formatjs/intl-datetimeformat/locale-data/en.js';
import '@formatjs/intl-datetimeformat/locale-data/en-GB.js';
import '@formatjs/intl-datetimeformat/polyfill-force.js';
import '@formatjs/intl-datetimeformat/add-golden-tz.js';

interface PolyfilledDateTimeFormat {
  __setDefaultTimeZone(tz: string): void;
}

(Intl.DateTimeFormat as unknown as PolyfilledDateTimeFormat).__setDefaultTimeZone(browserZone);
