/**
 * A form field that shows the server's verdict on it: when a request is refused for this field (a zod
 * check's `body.title`, or a service's `title`), the message appears under the input, the input is marked
 * invalid and described by the message, so a screen reader says what to fix where it is.
 */
import type { ReactNode } from 'react';
import { ApiError, type FieldIssue } from '../api.ts';

/** Is this issue about `field` (or a part of it, such as one item of a list)? */
export const isAbout = (issue: FieldIssue, field: string): boolean =>
  [field, `body.${field}`, `query.${field}`].some(
    (f) => issue.field === f || issue.field.startsWith(`${f}.`) || issue.field.startsWith(`${f}[`),
  );

/** The issues of a refused request that are about `field`. */
export function issuesFor(error: unknown, field: string): FieldIssue[] {
  return error instanceof ApiError ? error.issues.filter((i) => isAbout(i, field)) : [];
}

export interface ControlProps {
  id: string;
  'aria-invalid': true | undefined;
  'aria-describedby': string | undefined;
}

export function Field({
  id,
  label,
  field,
  error,
  hint,
  children,
}: {
  id: string;
  label: ReactNode;
  /** The request's name for this value, as the server names it in its errors. */
  field: string;
  /** The failed request's error, if any. */
  error: unknown;
  hint?: ReactNode;
  children: (control: ControlProps) => ReactNode;
}) {
  const issues = issuesFor(error, field);
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = issues.length > 0 ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  return (
    <div>
      <label htmlFor={id} className="label">
        {label}
      </label>
      {children({
        id,
        'aria-invalid': issues.length > 0 ? true : undefined,
        'aria-describedby': describedBy,
      })}
      {hint && (
        <p id={hintId} className="mt-1 text-sm text-stone-600">
          {hint}
        </p>
      )}
      {errorId && (
        <p id={errorId} className="mt-1 text-sm font-medium text-red-800">
          {issues.map((i) => i.message).join('; ')}
        </p>
      )}
    </div>
  );
}
