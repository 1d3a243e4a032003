/**
 * Dates and times as members read them: in their language (Welsh as Welsh; English in the browser's own
 * way), their time zone, never seconds.
 */
import { datesEdition, language, localeOf, type Translate } from './i18n/index.ts';

const OPTIONS = {
  dateTime: { dateStyle: 'medium', timeStyle: 'short' },
  date: { dateStyle: 'medium' },
  time: { timeStyle: 'short' },
  /** "Wed 08:00": when something ends within the week. */
  weekdayTime: { weekday: 'short', hour: '2-digit', minute: '2-digit' },
  /** "Saturday 12 December at 10:00". */
  longDayTime: { weekday: 'long', day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit' },
} satisfies Record<string, Intl.DateTimeFormatOptions>;
type Style = keyof typeof OPTIONS;

const formats = new Map<string, Intl.DateTimeFormat>();
function formatter(style: Style): Intl.DateTimeFormat {
  const lang = language();
  const id = `${lang}:${datesEdition()}:${style}`;
  let f = formats.get(id);
  if (!f) {
    f = new Intl.DateTimeFormat(localeOf(lang), OPTIONS[style]);
    formats.set(id, f);
  }
  return f;
}

const as = (style: Style) => (iso: string | number | Date) => formatter(style).format(new Date(iso));
export const dateTime = as('dateTime');
export const dateOnly = as('date');
export const timeOnly = as('time');
export const weekdayTime = as('weekdayTime');
export const longDayTime = as('longDayTime');

/** When a canvass session is: "Saturday 12 December at 10:00 until 12:00", in the member's language. */
export const sessionTime = (t: Translate, s: { startsAt: string; endsAt: string }): string =>
  t('session.when', { start: longDayTime(s.startsAt), end: timeOnly(s.endsAt) });
