/** Dates and times as members read them: in their browser's language and time zone, without seconds. */
const DATE_TIME = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const DATE = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
const TIME = new Intl.DateTimeFormat(undefined, { timeStyle: 'short' });

export const dateTime = (iso: string | number | Date): string => DATE_TIME.format(new Date(iso));
export const dateOnly = (iso: string | number | Date): string => DATE.format(new Date(iso));
export const timeOnly = (iso: string | number | Date): string => TIME.format(new Date(iso));
