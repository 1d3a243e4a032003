/**
 * The member's language, English or Welsh (Cymraeg), and the messages in it. Each message is written whole in
 * ICU MessageFormat in the catalogue (en.ts, cy.ts); a page asks for a message by its key with the values
 * it needs, never gluing fragments together. The choice is the member's (kept on the device), or else the
 * browser's first language that we have.
 */
import { createElement, Fragment, useSyncExternalStore, type ReactNode } from 'react';
import { IntlMessageFormat } from 'intl-messageformat';
import { en, type MessageKey } from './en.ts';
import { datesPolyfilled, loadWelshDates } from './welsh-dates.ts';

export type { MessageKey };
import { LANGUAGES, type Language } from '../../../src/contract/vocabulary.ts';

export { LANGUAGES, type Language };
/** Each language named in itself, as a language switcher offers it. */
export const LANGUAGE_NAMES: Record<Language, string> = { en: 'English', cy: 'Cymraeg' };
/**
 * The locale dates are written in: the app's English is British English, so its dates are British (day
 * before month, a 24-hour clock) whatever the browser's default (often US English, month first); Welsh as
 * Welsh. Times are shown in the device's own time zone.
 */
const LOCALE: Record<Language, () => string | undefined> = {
  en: () => 'en-GB',
  cy: () => 'cy',
};
/**
 * The catalogues loaded so far: English always (it is every message's fallback); Welsh when a member reads in
 * it, fetched then (most members never need it, so the first page does not carry it).
 */
const CATALOGUES: Partial<Record<Language, Record<MessageKey, string>>> = { en };
let loading: Promise<void> | null = null;

/** Loads the language's catalogue (Welsh: its own chunk), once; pages re-render when it arrives. */
export function loadCatalogue(lang: Language = current): Promise<void> {
  if (CATALOGUES[lang]) return Promise.resolve();
  loading ??= import('./cy.ts').then((m) => {
    CATALOGUES.cy = m.cy;
    notify();
  });
  return loading;
}
const STORAGE_KEY = 'broadchurch.language';

export type MessageValues = Record<string, string | number | Date>;

function browserLanguage(): Language {
  const wanted = typeof navigator === 'undefined' ? [] : navigator.languages;
  for (const tag of wanted) {
    const base = tag.toLowerCase().split('-')[0];
    if (base === 'cy' || base === 'en') return base;
  }
  return 'en';
}

/** The language chosen on this device, if one was. */
export const deviceLanguage = (): Language | null => storedLanguage();

function storedLanguage(): Language | null {
  try {
    const v = localStorage.getItem(STORAGE_KEY);
    return v === 'en' || v === 'cy' ? v : null;
  } catch {
    return null;
  }
}

let current: Language = storedLanguage() ?? browserLanguage();
const listeners = new Set<() => void>();

function applyToDocument(lang: Language): void {
  if (typeof document !== 'undefined') document.documentElement.lang = lang === 'cy' ? 'cy' : 'en-GB';
}
applyToDocument(current);

/** The member chooses a language: kept on this device, applied at once to every page. */
export function setLanguage(lang: Language): void {
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // Private windows may refuse storage: the choice holds until the page is closed.
  }
  current = lang;
  applyToDocument(lang);
  ensureWelshDates(lang);
  void loadCatalogue(lang);
  notify();
}

export const language = (): Language => current;
/** Whether the catalogue has a message by this key (for keys made from a server's code). */
export const isMessageKey = (key: string): key is MessageKey => Object.hasOwn(en, key);
export const localeOf = (lang: Language = current): string | undefined => LOCALE[lang]();
/** Changes when date formatting changes under the pages’ feet (the Welsh polyfill arriving). */
export const datesEdition = (): number => (datesPolyfilled() ? 1 : 0);

function notify(): void {
  for (const l of listeners) l();
}

/** Welsh dates, where the browser lacks them: loaded when Welsh is chosen, then every page re-renders. */
function ensureWelshDates(lang: Language): void {
  if (lang !== 'cy') return;
  void loadWelshDates().then((loaded) => {
    if (loaded) notify();
  });
}
ensureWelshDates(current);

const compiled = new Map<string, IntlMessageFormat>();

function formatOf(lang: Language, key: MessageKey): IntlMessageFormat {
  // Until the Welsh catalogue has arrived, a message is shown in English rather than not at all.
  const shown: Language = CATALOGUES[lang] ? lang : 'en';
  const id = `${shown}:${key}`;
  let format = compiled.get(id);
  if (!format) {
    format = new IntlMessageFormat((CATALOGUES[shown] ?? en)[key], shown === 'cy' ? 'cy' : 'en-GB');
    compiled.set(id, format);
  }
  return format;
}

/** The message `key` in `lang`, its placeholders filled (plurals by the language's own rules). */
export function translate(lang: Language, key: MessageKey, values?: MessageValues): string {
  const out = formatOf(lang, key).format(values);
  return typeof out === 'string' ? out : String(out);
}

/** Values of a message with rich parts: a tag such as `<link>…</link>` is a function of what it wraps. */
export type RichValues = Record<string, string | number | Date | ((chunks: ReactNode[]) => ReactNode)>;

/** The message `key` with its rich parts made into elements. */
export function translateRich(lang: Language, key: MessageKey, values: RichValues): ReactNode {
  const out = formatOf(lang, key).format<ReactNode>(values);
  return Array.isArray(out) ? createElement(Fragment, null, ...out) : out;
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The member's language, re-rendering when they change it. */
export function useLanguage(): Language {
  // The snapshot changes with the language and when Welsh dates arrive, so pages re-render for both.
  const snapshot = useSyncExternalStore(subscribe, stamp, stamp);
  return snapshot.startsWith('cy') ? 'cy' : 'en';
}
const stamp = (): string => `${current}:${datesEdition()}:${CATALOGUES[current] ? 1 : 0}`;

export type Translate = ((key: MessageKey, values?: MessageValues) => string) & {
  /** A message with rich parts (`<b>`, `<link>`), as elements. */
  rich: (key: MessageKey, values: RichValues) => ReactNode;
};

/** `t(key, values)` (and `t.rich`) in the member's language. */
export function useT(): Translate {
  const lang = useLanguage();
  return Object.assign((key: MessageKey, values?: MessageValues) => translate(lang, key, values), {
    rich: (key: MessageKey, values: RichValues) => translateRich(lang, key, values),
  });
}
