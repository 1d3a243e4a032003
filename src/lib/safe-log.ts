/**
 * What the logs may hold: error codes, ids and where in the code something failed; never what a member
 * wrote, voted or said on a doorstep, never names, emails, searches, codes, tokens or link secrets.
 *
 * - Errors are logged as their class, their machine code (SQLSTATE for the database, Node's codes), the
 *   database constraint, table and column named, and the stack's frames. Messages are left out except for
 *   programming errors (TypeError, ReferenceError): a database error's message and detail can quote the
 *   values, and Drizzle's carries every parameter of the failed query.
 * - Request URLs keep their path (a secret in the path, such as a conversation link or an invitation, is
 *   replaced) and their query's keys; only ids, numbers and booleans keep their values.
 */

const MESSAGE_KEPT = new Set(['TypeError', 'ReferenceError']);
const DB_FIELDS = ['code', 'constraint', 'table', 'column', 'routine', 'severity'] as const;

export interface SafeError {
  [field: string]: unknown;
  type: string;
  /** Kept for programming errors only; otherwise "[withheld]". */
  message: string;
  code?: string;
  constraint?: string;
  table?: string;
  column?: string;
  routine?: string;
  severity?: string;
  /** The stack's frames, without its first line (the message). */
  stack: string;
  cause?: SafeError;
}

/** An error as the logs may show it. */
export function safeError(err: unknown, depth = 0): SafeError {
  if (!(err instanceof Error)) return { type: typeof err, message: '[withheld]', stack: '' };
  const out: SafeError = {
    type: err.constructor.name || err.name,
    message: MESSAGE_KEPT.has(err.name) ? err.message : '[withheld]',
    stack: '',
  };
  const fields = err as unknown as Record<string, unknown>;
  for (const f of DB_FIELDS) {
    const v = fields[f];
    if (typeof v === 'string' || typeof v === 'number') out[f] = String(v);
  }
  const frames = err.stack
    ?.split('\n')
    .filter((line) => line.trimStart().startsWith('at '))
    .slice(0, 12)
    .join('\n');
  out.stack = frames ?? '';
  if (err.cause !== undefined && depth < 3) out.cause = safeError(err.cause, depth + 1);
  return out;
}

/** One line for a console: the error's class and code, and where it came from. */
export function safeErrorText(err: unknown): string {
  const e = safeError(err);
  const where = e.stack.split('\n')[0]?.trim() ?? '';
  const cause = e.cause ? ` (cause: ${e.cause.type}${e.cause.code ? ` ${e.cause.code}` : ''})` : '';
  return `${e.type}${e.code ? ` ${e.code}` : ''}${e.message === '[withheld]' ? '' : `: ${e.message}`}${cause}${where ? ` ${where}` : ''}`;
}

/** Path segments that follow these carry a secret (a conversation link, an invitation). */
const SECRET_AFTER = new Set(['join', 'invitations', 'invite']);
const KEEP_VALUE = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|\d{1,12}|true|false)$/i;

/** A request URL as the logs may show it. */
export function safeUrl(url: string): string {
  const q = url.indexOf('?');
  const path = q < 0 ? url : url.slice(0, q);
  const parts = path.split('/');
  const safePath = parts
    .map((p, i) => (i > 0 && SECRET_AFTER.has(parts[i - 1] ?? '') && p ? '[secret]' : p))
    .join('/');
  if (q < 0) return safePath;
  const params = new URLSearchParams(url.slice(q + 1));
  const kept = [...params].map(
    ([k, v]) => `${encodeURIComponent(k)}=${KEEP_VALUE.test(v) ? v : '[redacted]'}`,
  );
  return `${safePath}?${kept.join('&')}`;
}
