/**
 * The catalogue of errors a client can see. Each has a stable machine code, an HTTP status and a human
 * message; anything not in the catalogue becomes INTERNAL with no internals attached.
 *
 * @example throw new AppError('NOT_FOUND', 'No member with that id');
 */
export const ERROR_CATALOGUE = {
  BAD_REQUEST: 400,
  VALIDATION_FAILED: 400,
  MALFORMED_JSON: 400,
  UNSUPPORTED_MEDIA_TYPE: 415,
  PAYLOAD_TOO_LARGE: 413,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  CSRF_REJECTED: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  BALLOT_CLOSED: 409,
  ALREADY_VOTED: 409,
  INVITATION_INVALID: 410,
  IMPORT_INVALID: 422,
  RATE_LIMITED: 429,
  SIGN_IN_PAUSED: 429,
  INTERNAL: 500,
  UNAVAILABLE: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

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
  constructor(code: ErrorCode, message: string, issues?: FieldIssue[]) {
    super(message);
    this.code = code;
    this.status = ERROR_CATALOGUE[code];
    this.issues = issues;
  }
}

/** The body of every error response. */
export interface ErrorBody {
  error: { code: ErrorCode; message: string; issues?: FieldIssue[] };
}

export function errorBody(err: AppError): ErrorBody {
  return { error: { code: err.code, message: err.message, ...(err.issues ? { issues: err.issues } : {}) } };
}

export const notFound = (what: string): AppError => new AppError('NOT_FOUND', `${what} was not found`);
export const forbidden = (message = 'You are not allowed to do that'): AppError =>
  new AppError('FORBIDDEN', message);

/** A file with a NUL character (a binary file, or a corrupt one): PostgreSQL cannot store it in text. */
export const nulInFile = (line: number): AppError =>
  new AppError('IMPORT_INVALID', `Line ${line} holds a NUL character; nothing was imported`, [
    { field: 'file', message: 'holds a NUL character (is it a CSV text file?)', line },
  ]);
