/**
 * Sign-in without passwords, by Better Auth: a six-digit code sent by email (one-time, encrypted at rest,
 * five minutes; guesses limited by sign-in-guard.ts), and passkeys. Sessions live in the database; the cookie is httpOnly,
 * Secure and SameSite=Lax. Only existing members can sign in: there is no self sign-up.
 */
import { passkey } from '@better-auth/passkey';
import { betterAuth } from 'better-auth';
import { APIError } from 'better-auth/api';
import { emailOTP } from 'better-auth/plugins/email-otp';
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Config } from '../config.ts';
import type { Db } from '../db/client.ts';
import { authAdapter, memberStatusOfUser } from '../db/auth-adapter.ts';
import { SIGN_IN_STATUSES } from '../db/schema/index.ts';
import type { Mailer } from '../lib/mailer.ts';
import { newId } from '../lib/ids.ts';

export const OTP_SECONDS = 300;
/** The session cookie's name: Better Auth's `session_token` with our prefix, `__Secure-` as the cookie is Secure. */
export const SESSION_COOKIE = '__Secure-bc.session_token';
const COOKIE_PREFIX = 'bc';

/** Where the server's log lines go (Fastify's logger; its `err` serializer keeps only what is safe). */
export interface AuthLog {
  warn(entry: object, message: string): void;
  error(entry: object, message: string): void;
}

/**
 * The error behind a failed sign-in request, for the route to tell an outage (503) from a fault (500):
 * `forward` in auth.routes.ts runs the library's handler inside a slot, and its error hook fills it.
 */
export const authFailure = new AsyncLocalStorage<{ error?: unknown }>();

/**
 * The library's own words are logged only when they are plain words: its messages can quote a failed query
 * with its parameters (a session token, an email, a code). Errors go through the `err` serializer.
 */
export function plainWords(message: unknown): string {
  return typeof message === 'string' && /^[A-Za-z][A-Za-z ,.'()-]{0,159}$/.test(message)
    ? message
    : '[withheld]';
}

function logAuth(log: AuthLog, level: string, message: unknown, args: unknown[]): void {
  const err = args.find((a) => a instanceof Error);
  const entry = { library: 'better-auth', said: plainWords(message), ...(err ? { err } : {}) };
  if (level === 'error') log.error(entry, 'sign-in library error');
  else log.warn(entry, 'sign-in library warning');
}

export function createAuth(config: Config, db: Db, mailer: Mailer, log: AuthLog) {
  const url = new URL(config.publicUrl);
  return betterAuth({
    // Through our log, never its own console lines (see plainWords).
    logger: {
      level: 'warn',
      log: (level, message, ...args: unknown[]) => logAuth(log, level, message, args),
    },
    onAPIError: {
      onError: (error) => {
        // A refusal (a wrong code, a suspended member) is an answer, not a failure.
        if (error instanceof APIError && error.status !== 'INTERNAL_SERVER_ERROR') return;
        const slot = authFailure.getStore();
        if (slot && slot.error === undefined) slot.error = error;
        logAuth(log, 'error', 'request failed', [error]);
      },
    },
    appName: 'Broadchurch',
    baseURL: config.publicUrl,
    basePath: '/api/auth',
    secret: config.authSecret,
    trustedOrigins: [url.origin],
    database: authAdapter(db),
    emailAndPassword: { enabled: false },
    session: { expiresIn: 60 * 60 * 24 * 14, updateAge: 60 * 60 * 24 },
    // Sign-in attempts are limited by the HTTP layer (server/app.ts), one mechanism for the whole API.
    rateLimit: { enabled: false },
    telemetry: { enabled: false },
    advanced: {
      useSecureCookies: true,
      cookiePrefix: COOKIE_PREFIX,
      defaultCookieAttributes: { httpOnly: true, secure: true, sameSite: 'lax' },
      database: { generateId: () => newId() },
    },
    databaseHooks: {
      session: {
        create: {
          // A suspended or erased member keeps no way in, even with a valid code.
          before: async (s) => {
            const status = await memberStatusOfUser(db, s.userId);
            if (!status || !SIGN_IN_STATUSES.includes(status)) {
              throw new APIError('FORBIDDEN', {
                message: 'This membership is not active; contact your branch.',
              });
            }
          },
        },
      },
    },
    plugins: [
      emailOTP({
        disableSignUp: true,
        otpLength: 6,
        expiresIn: OTP_SECONDS,
        // Guesses are limited by sign-in-guard.ts (counted atomically, per email and device, before the check);
        // Better Auth's own counter is not atomic, and three strangers' guesses must not kill a member's code.
        allowedAttempts: 1000,
        // Asking again mails the same code while it lives, so a stranger's request cannot void the member's.
        // (A six-digit code's hash is no protection against someone holding the database; encryption with the
        // server's secret is.)
        resendStrategy: 'reuse',
        storeOTP: 'encrypted',
        async sendVerificationOTP({ email, otp }) {
          await mailer.send({
            to: email,
            subject: `Your Broadchurch sign-in code: ${otp}`,
            text: `Your sign-in code is ${otp}. It works once, for ${OTP_SECONDS / 60} minutes.\n\nIf you did not ask for it, ignore this mail: nobody can sign in without the code.`,
          });
        },
      }),
      passkey({ rpID: url.hostname, rpName: 'Broadchurch', origin: url.origin }),
    ],
  });
}

export type Auth = ReturnType<typeof createAuth>;
