/**
 * Better Auth's endpoints that the app uses, and only those, under /api/auth: every other auth URL is
 * refused. Each is rate-limited per address; code requests and code guesses also go through the
 * sign-in budgets (sign-in-guard.ts). Session tokens never appear in a response body: the session
 * travels only in its signed, httpOnly cookie.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { authApi } from '../contract/platform.api.ts';
import { cookieValue } from '../core/cookies.ts';
import { AppError, errorBody, type ErrorCode } from '../core/errors.ts';
import { implement, type App, type RouteDeps } from '../lib/http.ts';
import { isDatabaseUnavailable } from '../db/client.ts';
import { authFailure, type Auth } from './auth.ts';
import { RETRY_AFTER_SECONDS, unavailable } from './error-handler.ts';
import type { SignInGuard } from './sign-in-guard.ts';

/** Marks a device that has signed in as an email, so strangers' wrong guesses never lock it out. */
export const DEVICE_COOKIE = '__Secure-bc.device';
const DEVICE_COOKIE_DAYS = 400;

interface Forwarded {
  status: number;
  /** The error behind a failed answer, when the library reported one. */
  failure?: unknown;
  contentType: string | null;
  cookies: string[];
  text: string;
}

const BETTER_AUTH_CODES: Record<number, ErrorCode> = {
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  429: 'RATE_LIMITED',
};

/** What the sign-in endpoints need beyond every domain's: the auth library and the sign-in budgets. */
export interface AuthDeps extends RouteDeps {
  auth: Auth;
  guard: SignInGuard;
  /** Whether the database answers now (db/client.ts, databaseProbe): an outage is a 503, not a 500. */
  databaseUp: () => Promise<boolean>;
}

export function authRoutes(app: App, deps: AuthDeps): void {
  const { auth, ctx, guard } = deps;
  const rateLimit = deps.signInLimit;

  const forward = async (request: FastifyRequest): Promise<Forwarded> => {
    const headers = new Headers();
    for (const [k, v] of Object.entries(request.headers)) {
      if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(', ') : v);
    }
    const hasBody = request.method !== 'GET' && request.body !== undefined;
    const slot: { error?: unknown } = {};
    const response = await authFailure.run(slot, () =>
      auth.handler(
        new Request(new URL(request.url, ctx.config.publicUrl), {
          method: request.method,
          headers,
          ...(hasBody ? { body: JSON.stringify(request.body) } : {}),
        }),
      ),
    );
    return {
      status: response.status,
      failure: slot.error,
      contentType: response.headers.get('content-type'),
      cookies: response.headers.getSetCookie(),
      text: await response.text(),
    };
  };

  /** Sends Better Auth's answer on, in the catalogue's error shape and with `body` in place of its JSON. */
  const reply = async (request: FastifyRequest, res: FastifyReply, answer: Forwarded, body?: unknown) => {
    if (answer.status >= 500) {
      // In an outage the library fails as it can; the member is told to try again shortly, not of a fault.
      if (isDatabaseUnavailable(answer.failure) || !(await deps.databaseUp())) {
        request.log.warn({ status: answer.status }, 'sign-in: database unavailable');
        return res
          .status(503)
          .header('retry-after', String(RETRY_AFTER_SECONDS))
          .send(errorBody(unavailable()));
      }
      request.log.error({ status: answer.status }, 'sign-in handler failed');
      return res
        .status(answer.status)
        .send(errorBody(new AppError('INTERNAL', 'Something went wrong on our side. Please try again.')));
    }
    void res.status(answer.status);
    if (answer.cookies.length > 0) void res.header('set-cookie', answer.cookies);
    if (answer.status >= 400) {
      let message = 'The sign-in request was not accepted';
      try {
        const parsed = JSON.parse(answer.text) as { message?: unknown };
        if (typeof parsed.message === 'string') message = parsed.message;
      } catch {
        // Not JSON: keep the generic message.
      }
      return res.send(errorBody(new AppError(BETTER_AUTH_CODES[answer.status] ?? 'BAD_REQUEST', message)));
    }
    if (body !== undefined) return res.send(body);
    return res.type(answer.contentType ?? 'application/json').send(answer.text);
  };

  /** A successful sign-in: the device is remembered for this email; the body says only who signed in. */
  const signedIn = (answer: Forwarded) => {
    let signedInEmail: unknown;
    try {
      signedInEmail = (JSON.parse(answer.text) as { user?: { email?: unknown } }).user?.email;
    } catch {
      // Not JSON: no device to remember.
    }
    if (typeof signedInEmail === 'string') {
      const value = guard.deviceToken(signedInEmail);
      answer.cookies.push(
        `${DEVICE_COOKIE}=${value}; Path=/api/auth; Max-Age=${DEVICE_COOKIE_DAYS * 86400}; HttpOnly; Secure; SameSite=Lax`,
      );
    }
    return { ok: true };
  };

  const passThrough = async (request: FastifyRequest, res: FastifyReply) =>
    reply(request, res, await forward(request));
  const limited = { config: { rateLimit } };
  implement(app, deps, authApi, {
    sendCode: {
      options: limited,
      handle: async ({ body, request, reply: res }) => {
        await guard.beforeSend(body.email, request.ip, cookieValue(request.headers.cookie, DEVICE_COOKIE));
        return reply(request, res, await forward(request));
      },
    },
    signIn: {
      options: limited,
      handle: ({ body, request, reply: res }) => {
        const device = cookieValue(request.headers.cookie, DEVICE_COOKIE);
        return guard.guess(body.email, request.ip, device, async (ticket) => {
          const answer = await forward(request);
          const ok = answer.status === 200;
          await guard.settle(ticket, ok);
          return reply(request, res, answer, ok ? signedIn(answer) : undefined);
        });
      },
    },
    passkeySignIn: {
      options: limited,
      handle: async ({ request, reply: res }) => {
        const answer = await forward(request);
        return reply(request, res, answer, answer.status === 200 ? signedIn(answer) : undefined);
      },
    },
    passkeyRegister: {
      options: limited,
      handle: async ({ request, reply: res }) => {
        const answer = await forward(request);
        return reply(request, res, answer, answer.status === 200 ? { ok: true } : undefined);
      },
    },
    signOut: {
      options: limited,
      handle: async ({ request, reply: res }) => {
        const answer = await forward(request);
        // The ended session must not be served from the actor cache. (New sessions need nothing: the cache
        // is keyed by session, and code requests and guesses, which anyone may send, leave it alone.)
        ctx.state.actors.clear();
        return reply(request, res, answer);
      },
    },
    passkeyOptions: { options: limited, handle: ({ request, reply: res }) => passThrough(request, res) },
    passkeyRegisterOptions: {
      options: limited,
      handle: ({ request, reply: res }) => passThrough(request, res),
    },
  });

  // Better Auth has many more endpoints (password reset, code checks, session lists...). None is used here.
  app.route({
    method: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
    url: '/api/auth/*',
    config: { rateLimit },
    handler: (request) => {
      throw new AppError('NOT_FOUND', `No such endpoint: ${request.method} ${request.url.split('?')[0]}`);
    },
  });
}
