/**
 * The catalogue of errors a client can see. Each has a stable machine code, an HTTP status and a human
 * message; anything not in the catalogue becomes INTERNAL with no internals attached.
 *
 * @example throw new AppError('NOT_FOUND', 'No member with that id');
 * @example throw new AppError('UNAVAILABLE', 'The database is not answering', undefined, { cause: err });
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
  // 409: the request is well formed, but what it asks for clashes with the state of things. Each code says
  // which clash, so a client can act on it (the message says it to a person).
  /** A conversation is closed, or not open yet. */
  CONVERSATION_NOT_OPEN: 409,
  /** The statement waits for a moderator, or was rejected. */
  STATEMENT_NOT_VOTABLE: 409,
  /** Only an accepted statement can be merged into, or become a clause. */
  STATEMENT_NOT_ACCEPTED: 409,
  /** The same statement is already in the conversation. */
  DUPLICATE_STATEMENT: 409,
  /** A moderator or drafter already decided it. */
  ALREADY_DECIDED: 409,
  /** There is no analysis to export yet. */
  NO_ANALYSIS_YET: 409,
  /** A canvass session has ended. */
  SESSION_OVER: 409,
  /** The member has asked to be erased already, and their data officer has not decided yet. */
  ERASURE_REQUESTED: 409,
  /** The email address belongs to a member already. */
  EMAIL_TAKEN: 409,
  /** The branch code is taken. */
  CODE_TAKEN: 409,
  /** Admins cannot remove their own admin role (someone else must). */
  OWN_ADMIN_ROLE: 409,
  /** The draft has no clauses to vote on or publish. */
  DRAFT_EMPTY: 409,
  /** A section of that title exists. */
  SECTION_EXISTS: 409,
  /** The statement belongs to a conversation of another branch. */
  OTHER_BRANCH: 409,
  /** The statement is already a clause. */
  ALREADY_A_CLAUSE: 409,
  /** The amendment window is open already. */
  AMENDMENTS_OPEN: 409,
  /** The amendment window is not open. */
  AMENDMENTS_NOT_OPEN: 409,
  /** The member proposed this amendment already. */
  DUPLICATE_AMENDMENT: 409,
  /** What an amendment changes has been deleted. */
  TARGET_GONE: 409,
  BALLOT_CLOSED: 409,
  ALREADY_VOTED: 409,
  /** A canvass session was cancelled. */
  SESSION_CANCELLED: 409,
  /** The branch already runs polling day for an election of that name. */
  POLLING_DAY_EXISTS: 409,
  INVITATION_INVALID: 410,
  /** An unsubscribe link was cut short or altered. */
  LINK_INVALID: 400,
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
  /**
   * `cause` keeps the error this one stands for (a database error, say) for the server's log; it never
   * leaves the server: `errorBody` sends the code, the message and the issues only.
   */
  constructor(code: ErrorCode, message: string, issues?: FieldIssue[], options?: { cause?: unknown }) {
    super(message, options);
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
