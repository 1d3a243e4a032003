/** Dates and times as members read them: in their browser's language and time zone, without seconds. */
const DATE_TIME = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const DATE = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
const TIME = new Intl.DateTimeFormat(undefined, { timeStyle: 'short' });

export const dateTime = (iso: string | number | Date): string => DATE_TIME.format(new Date(iso));
export const dateOnly = (iso: string | number | Date): string => DATE.format(new Date(iso));
export const timeOnly = (iso: string | number | Date): string => TIME.format(new Date(iso));
const WEEKDAY_TIME = new Intl.DateTimeFormat(undefined, {
  weekday: 'short',
  hour: '2-digit',
  minute: '2-digit',
});
const LONG_DAY_TIME = new Intl.DateTimeFormat(undefined, {
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  hour: '2-digit',
  minute: '2-digit',
});

/** "Wed 08:00": when something ends within the week. */
export const weekdayTime = (iso: string | number | Date): string => WEEKDAY_TIME.format(new Date(iso));
/** "Saturday 12 December at 10:00". */
export const longDayTime = (iso: string | number | Date): string => LONG_DAY_TIME.format(new Date(iso));
