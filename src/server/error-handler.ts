/**
 * The one error handler: catalogue errors pass through; validation and body-parsing errors become 4xx
 * with the fields named; anything unknown becomes a plain 500 whose details stay in the server log.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { allErrors } from '../contract/http.ts';
import { isDatabaseUnavailable } from '../db/client.ts';
import { AppError, errorBody, type FieldIssue } from '../core/errors.ts';

const FASTIFY_CODES: Record<string, () => AppError> = {
  FST_ERR_CTP_INVALID_JSON_BODY: () => new AppError('MALFORMED_JSON', 'The request body is not valid JSON'),
  FST_ERR_CTP_EMPTY_JSON_BODY: () =>
    new AppError('MALFORMED_JSON', 'The request body is empty but should be JSON'),
  FST_ERR_CTP_BODY_TOO_LARGE: () => new AppError('PAYLOAD_TOO_LARGE', 'The request body is too large'),
  FST_ERR_CTP_INVALID_MEDIA_TYPE: () =>
    new AppError('UNSUPPORTED_MEDIA_TYPE', 'The request body has a content type this endpoint does not take'),
  FST_REQ_FILE_TOO_LARGE: () => new AppError('PAYLOAD_TOO_LARGE', 'A file of the upload is too large'),
  FST_PARTS_LIMIT: () => new AppError('PAYLOAD_TOO_LARGE', 'The upload has too many parts'),
  FST_FILES_LIMIT: () => new AppError('PAYLOAD_TOO_LARGE', 'The upload has too many files'),
  FST_FIELDS_LIMIT: () => new AppError('PAYLOAD_TOO_LARGE', 'The upload has too many fields'),
  FST_INVALID_MULTIPART_CONTENT_TYPE: () =>
    new AppError('UNSUPPORTED_MEDIA_TYPE', 'The upload should be multipart/form-data'),
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: () =>
    new AppError('BAD_REQUEST', 'The content length does not match the body'),
};

export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (hasZodFastifySchemaValidationErrors(error)) {
    const where = (error as { validationContext?: string }).validationContext ?? 'body';
    const issues: FieldIssue[] = error.validation.map((v) => {
      const keys = (v.params as { issue?: { keys?: string[] } } | undefined)?.issue?.keys;
      const path = v.instancePath.replace(/^\//, '').replaceAll('/', '.');
      const field = [where, path].filter(Boolean).join('.');
      return {
        field: keys?.length ? `${field ? `${field}.` : ''}${keys.join(', ')}` : field,
        message: v.message ?? 'is not valid',
      };
    });
    return new AppError(
      'VALIDATION_FAILED',
      `The request is not valid: ${issues.map((i) => `${i.field} ${i.message}`).join('; ')}`,
      issues,
    );
  }
  const fe = error as Partial<FastifyError>;
  const mapped = fe.code ? FASTIFY_CODES[fe.code] : undefined;
  if (mapped) return mapped();
  if (isDatabaseUnavailable(error)) return unavailable(error);
  if (typeof fe.statusCode === 'number' && fe.statusCode === 429)
    return new AppError('RATE_LIMITED', 'Too many attempts; wait a minute and try again');
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    return new AppError('BAD_REQUEST', 'The request could not be understood', undefined, { cause: error });
  }
  return new AppError(
    'INTERNAL',
    'Something went wrong on our side. It has been logged; please try again.',
    undefined,
    { cause: error },
  );
}

/**
 * A refusal whose code the route's declaration does not list breaks the contract a client switches on.
 * Outside production it becomes a 500 (so a test or a developer sees it at once); in production it is
 * logged and sent as it is.
 */
function undeclared(appError: AppError, request: FastifyRequest, strict: boolean): AppError {
  const endpoint = request.routeOptions.config.endpoint;
  if (!endpoint || allErrors(endpoint).includes(appError.code)) return appError;
  request.log.error({ code: appError.code, route: endpoint.path }, 'error code not declared by the route');
  if (!strict) return appError;
  return new AppError(
    'INTERNAL',
    `${appError.code} is not among the codes ${endpoint.method} ${endpoint.path} declares`,
  );
}

/** An outage's answer: 503, a stable code and when to try again. */
export const unavailable = (cause?: unknown): AppError =>
  new AppError(
    'UNAVAILABLE',
    'The service is briefly unavailable. Please try again in a moment.',
    undefined,
    cause === undefined ? undefined : { cause },
  );
/** Seconds a client is told to wait in an outage. */
export const RETRY_AFTER_SECONDS = 5;

/**
 * The one error handler; `strict`: an undeclared code is a server error (everywhere but production).
 * `databaseUp` tells an outage from a fault: an unexpected error while the database does not answer is
 * answered as the outage it is (503), whatever library it came through and however it was wrapped.
 */
export const errorHandler =
  (strict: boolean, databaseUp?: () => Promise<boolean>) =>
  async (error: unknown, request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    let appError = toAppError(error);
    if (appError.code === 'INTERNAL' && databaseUp && !(await databaseUp())) appError = unavailable(error);
    handle(appError, error, request, reply, strict);
  };

function handle(
  found: AppError,
  error: unknown,
  request: FastifyRequest,
  reply: FastifyReply,
  strict: boolean,
): void {
  const appError = undeclared(found, request, strict);
  // The error's class, codes and stack only (lib/safe-log.ts); a refusal's code, not its message, which can
  // quote what the caller sent.
  if (appError.code === 'INTERNAL') request.log.error({ err: error }, 'unhandled error');
  else if (appError.code === 'UNAVAILABLE') {
    request.log.warn({ err: error }, 'database unavailable');
    void reply.header('retry-after', String(RETRY_AFTER_SECONDS));
  } else request.log.info({ code: appError.code }, 'request refused');
  void reply.status(appError.status).send(errorBody(appError));
}
