/**
 * Errors a client can see: a code of the catalogue (contract/errors.ts), its HTTP status and a human
 * message; anything not in the catalogue becomes INTERNAL with no internals attached.
 *
 * @example throw new AppError('NOT_FOUND', 'No member with that id');
 * @example throw new AppError('UNAVAILABLE', 'The database is not answering', undefined, { cause: err });
 */
import { ERROR_CATALOGUE, type ErrorCode } from '../contract/errors.ts';

export { ERROR_CATALOGUE, type ErrorCode };

/** One problem with a named field, or with a line of an uploaded file. */
export interface FieldIssue {
  field: string;
  message: string;
  line?: number;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly issues: FieldIssue[] | undefined;
  /** When a refusal that waits (a sign-in budget, a pause) ends: the client shows it in its own zone. */
  readonly retryAt: Date | undefined;
  /**
   * `cause` keeps the error this one stands for (a database error, say) for the server's log; it never
   * leaves the server: `errorBody` sends the code, the message, the issues and `retryAt` only.
   */
  constructor(
    code: ErrorCode,
    message: string,
    issues?: FieldIssue[],
    options?: { cause?: unknown; retryAt?: Date },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.status = ERROR_CATALOGUE[code];
    this.issues = issues;
    this.retryAt = options?.retryAt;
  }
}

/** The body of every error response. */
export interface ErrorBody {
  error: { code: ErrorCode; message: string; issues?: FieldIssue[]; retryAt?: string };
}

export function errorBody(err: AppError): ErrorBody {
  return {
    error: {
      code: err.code,
      message: err.message,
      ...(err.issues ? { issues: err.issues } : {}),
      ...(err.retryAt ? { retryAt: err.retryAt.toISOString() } : {}),
    },
  };
}

export const notFound = (what: string): AppError => new AppError('NOT_FOUND', `${what} was not found`);
export const forbidden = (message = 'You are not allowed to do that'): AppError =>
  new AppError('FORBIDDEN', message);

/** A file with a NUL character (a binary file, or a corrupt one): PostgreSQL cannot store it in text. */
export const nulInFile = (line: number): AppError =>
  new AppError('IMPORT_INVALID', `Line ${line} holds a NUL character; nothing was imported`, [
    { field: 'file', message: 'holds a NUL character (is it a CSV text file?)', line },
  ]);
