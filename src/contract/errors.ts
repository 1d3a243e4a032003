/**
 * The catalogue of errors a client can see: each a stable machine code and its HTTP status. Every endpoint
 * of the contract names the codes it may answer from this list (see http.ts), so a client can switch on
 * them; the server's AppError (core/errors.ts) takes its codes from here.
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
  /** The key shares given do not open this ballot's box (wrong, repeated, or too few). */
  BAD_KEY_SHARES: 422,
  /** An election that cannot be counted as asked (every candidate withdrawn, AV for several seats). */
  CANNOT_COUNT: 422,
  /** The ballot box is not as the votes left it: its chain breaks, or papers and voters differ. */
  BOX_TAMPERED: 409,
  /** An election is not at the stage this needs: nominations closed, voting not open, already counted. */
  WRONG_PHASE: 409,
  /** The member has used all their nominations, or nominated this candidate already. */
  NOMINATION_REFUSED: 409,
  /** A canvass session was cancelled. */
  SESSION_CANCELLED: 409,
  /** The branch already runs polling day for an election of that name. */
  POLLING_DAY_EXISTS: 409,
  /** Another driver has taken that lift. */
  LIFT_TAKEN: 409,
  /** A time that cannot be of polling day (a phone's clock far ahead, a figure for another day). */
  OUT_OF_TIME: 422,
  INVITATION_INVALID: 410,
  /** An unsubscribe link was cut short or altered. */
  LINK_INVALID: 400,
  /** An unsubscribe link older than its life (notifications/unsubscribe.ts). */
  LINK_EXPIRED: 410,
  IMPORT_INVALID: 422,
  RATE_LIMITED: 429,
  SIGN_IN_PAUSED: 429,
  INTERNAL: 500,
  UNAVAILABLE: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

/**
 * Codes any endpoint may answer whatever it declares, because they come from the edge rather than from the
 * endpoint's rules: a refused origin, too many requests, a body too large or of the wrong type, a database
 * out of reach, something unforeseen.
 */
export const EDGE_ERRORS = [
  'BAD_REQUEST',
  'CSRF_REJECTED',
  'RATE_LIMITED',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'INTERNAL',
  'UNAVAILABLE',
] as const satisfies readonly ErrorCode[];
