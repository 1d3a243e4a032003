/** The language switch: the other language, named in itself, one tap away on every member-facing page. */
import { LANGUAGE_NAMES, LANGUAGES, setLanguage, useLanguage, type Language } from '../i18n/index.ts';

export function LanguageChoice({ className = '' }: { className?: string }) {
  const lang = useLanguage();
  const other: Language = LANGUAGES.find((l) => l !== lang) ?? 'en';
  return (
    <button
      type="button"
      lang={other === 'cy' ? 'cy' : 'en-GB'}
      className={`link text-sm ${className}`}
      onClick={() => setLanguage(other)}
    >
      {LANGUAGE_NAMES[other]}
    </button>
  );
}
