import type { ReactNode } from 'react';
import { ApiError } from '../api.ts';
import { isAbout } from './field.tsx';
import { usePageTitle } from '../page-title.ts';
import { isMessageKey, useLanguage, useT } from '../i18n/index.ts';
import { dateTime } from '../format.ts';

export function Loading({ label }: { label?: string }) {
  const t = useT();
  return (
    <p role="status" aria-live="polite" className="py-6 text-stone-600">
      {label ?? t('common.loading')}
    </p>
  );
}

/**
 * What went wrong with a request. `fields`: the fields the form shows its issues on (`Field`); those are not
 * repeated here, and when they were all there is, the note only points to them.
 */
export function ErrorNote({ error, fields = [] }: { error: unknown; fields?: string[] }) {
  const t = useT();
  const lang = useLanguage();
  if (!error) return null;
  const all = error instanceof ApiError ? error.issues : [];
  const issues = all.filter((i) => !fields.some((f) => isAbout(i, f)));
  const onFields = all.length - issues.length;
  // The server's words are English; in another language the code's message from the catalogue says it.
  const key = error instanceof ApiError ? `error.${error.code}` : '';
  const message =
    onFields > 0 && issues.length === 0
      ? t('common.correctFields', { count: onFields })
      : lang !== 'en' && isMessageKey(key)
        ? t(key)
        : error instanceof Error
          ? error.message
          : t('common.somethingWrong');
  return (
    <div role="alert" className="my-3 rounded-lg border border-red-300 bg-red-50 p-3 text-red-900">
      <p>{message}</p>
      {error instanceof ApiError && error.retryAt && (
        <p>{t('common.tryAgainAt', { when: dateTime(error.retryAt) })}</p>
      )}
      {issues.length > 0 && (
        <ul className="mt-2 list-disc pl-5 text-sm">
          {issues.map((i, n) => (
            <li key={n}>
              {i.line !== undefined && <>{t('common.line', { line: i.line })} </>}
              <span lang="en-GB">
                {i.field} {i.message}
              </span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return (
    <p className="rounded-lg border border-dashed border-stone-300 p-6 text-center text-stone-600">
      {children}
    </p>
  );
}

/** The words of a heading's content when it is only text (strings and numbers), else null. */
function textOf(node: ReactNode): string | null {
  if (typeof node === 'string' || typeof node === 'number') return String(node);
  if (Array.isArray(node)) {
    const parts = (node as ReactNode[]).map(textOf);
    return parts.every((p) => p !== null) ? parts.join('') : null;
  }
  return null;
}

/** A page's heading, which also names the page in the browser's tab (`title` when it is not plain text). */
export function PageTitle({
  children,
  lead,
  title,
}: {
  children: ReactNode;
  lead?: ReactNode;
  title?: string;
}) {
  usePageTitle(title ?? textOf(children));
  return (
    <header className="mb-4">
      <h1 className="text-2xl font-bold">{children}</h1>
      {lead && <p className="mt-1 text-stone-600">{lead}</p>}
    </header>
  );
}

export function Success({ children }: { children: ReactNode }) {
  return (
    <p role="status" className="my-3 rounded-lg border border-green-300 bg-green-50 p-3 text-green-900">
      {children}
    </p>
  );
}
