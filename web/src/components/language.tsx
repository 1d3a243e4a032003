/** The language switch: the other language, named in itself, one tap away on every member-facing page. */
import { LANGUAGE_NAMES, LANGUAGES, useLanguage, type Language } from '../i18n/index.ts';
import { useChooseLanguage } from '../session.ts';

export function LanguageChoice({ className = '' }: { className?: string }) {
  const lang = useLanguage();
  const choose = useChooseLanguage();
  const other: Language = LANGUAGES.find((l) => l !== lang) ?? 'en';
  return (
    <button
      type="button"
      lang={other === 'cy' ? 'cy' : 'en-GB'}
      className={`link text-sm ${className}`}
      onClick={() => choose(other)}
    >
      {LANGUAGE_NAMES[other]}
    </button>
  );
}
