/**
 * The Fastify app factory: security headers, CSRF and rate limits, the error handler, Better Auth's
 * routes, every domain's routes and the built web app. Tests build it and call `app.inject()`.
 */
import fs from 'node:fs';
import path from 'node:path';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  type RawReplyDefaultExpression,
  type RawRequestDefaultExpression,
  type RawServerDefault,
} from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Config } from '../config.ts';
import type { Db } from '../db/client.ts';
import type { ServiceContext } from '../lib/context.ts';
import { createMailer, type Mailer } from '../lib/mailer.ts';
import { AnalysisRunner } from '../deliberation/analysis.service.ts';
import { canvassRoutes } from '../canvass/canvass.routes.ts';
import { startCanvassJobs } from '../jobs/canvass-jobs.ts';
import { conversationRoutes } from '../deliberation/conversation.routes.ts';
import { manifestoRoutes } from '../manifesto/manifesto.routes.ts';
import { clearActorCache } from '../members/actor-cache.ts';
import { auditRoutes } from '../members/audit.routes.ts';
import { branchRoutes } from '../members/branch.routes.ts';
import { invitationRoutes } from '../members/invitation.routes.ts';
import { memberRoutes } from '../members/member.routes.ts';
import type { Actor } from '../members/policy.ts';
import { createAuth, type Auth } from './auth.ts';
import { errorHandler } from './error-handler.ts';
import { AppError, errorBody, type ErrorCode } from './errors.ts';
import { outboxRoutes } from './outbox.routes.ts';
import { optionalActor, requireActor } from './session.ts';

export const WEB_DIST = path.resolve(import.meta.dirname, '../../web/dist');

export type App = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

/** What every route module receives. */
export interface RouteDeps {
  ctx: ServiceContext;
  auth: Auth;
  actor: (request: FastifyRequest) => Promise<Actor>;
  maybeActor: (request: FastifyRequest) => Promise<Actor | null>;
  /** Rate-limit settings for sign-in attempts. */
  signInLimit: { max: number; timeWindow: number };
  /** Recomputes analyses in the background and tells SSE streams about new ones. */
  analysis: AnalysisRunner;
}

export interface BuildOptions {
  config: Config;
  db: Db;
  mailer?: Mailer;
  /** Serve the built web app from web/dist when it exists (default true). */
  serveWeb?: boolean;
  logger?: boolean;
  /** The analysis runner to use (tests pass their own and drain it by hand). */
  analysis?: AnalysisRunner;
  /** Run the background jobs (reminders, retention); default true. Tests call the jobs themselves. */
  jobs?: boolean;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export async function buildApp(opts: BuildOptions): Promise<App> {
  const { config, db } = opts;
  const app = Fastify({
    logger: opts.logger === false ? false : { level: config.logLevel },
    bodyLimit: 256 * 1024,
  }).withTypeProvider<ZodTypeProvider>() as unknown as App;
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);

  const mailer = opts.mailer ?? createMailer(config, db);
  const auth = createAuth(config, db, mailer);
  const ctx: ServiceContext = { db, mailer, config };
  let analysis = opts.analysis;
  if (!analysis) {
    analysis = new AnalysisRunner(db);
    analysis.start();
  }
  const runner = analysis;
  const stopJobs =
    (opts.jobs ?? true) ? startCanvassJobs(ctx, (msg, err) => app.log.error({ err }, msg)) : () => undefined;
  app.addHook('onClose', async () => {
    stopJobs();
    await runner.stop();
  });
  const deps: RouteDeps = {
    ctx,
    auth,
    actor: (request) => requireActor(auth, db, request),
    maybeActor: (request) => optionalActor(auth, db, request),
    signInLimit: { max: config.signInRateLimit, timeWindow: 60_000 },
    analysis: runner,
  };

  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: null,
      },
    },
    hsts: config.env === 'production',
  });
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: () =>
      new AppError('RATE_LIMITED', 'Too many attempts; wait a minute and try again'),
  });

  // CSRF: cookies are SameSite=Lax, and a state-changing request from another origin is refused outright.
  const ownOrigin = new URL(config.publicUrl).origin;
  app.addHook('onRequest', (request: FastifyRequest, _reply, done) => {
    const origin = request.headers.origin;
    const crossSite = (origin && origin !== ownOrigin) || request.headers['sec-fetch-site'] === 'cross-site';
    if (!SAFE_METHODS.has(request.method) && crossSite) {
      done(new AppError('CSRF_REJECTED', 'Requests from other sites are not accepted'));
      return;
    }
    done();
  });

  app.addContentTypeParser(
    ['text/csv', 'text/plain'],
    { parseAs: 'string', bodyLimit: 20 * 1024 * 1024 },
    (_req, body, done) => {
      done(null, body);
    },
  );

  app.get('/api/health', () => Promise.resolve({ ok: true }));
  const modules = [
    authRoutes,
    memberRoutes,
    invitationRoutes,
    branchRoutes,
    auditRoutes,
    conversationRoutes,
    manifestoRoutes,
    canvassRoutes,
  ];
  if (config.mail.transport === 'outbox') modules.push(outboxRoutes);
  for (const routes of modules) {
    await app.register((scope, _opts, done) => {
      routes(scope, deps);
      done();
    });
  }

  const index = path.join(WEB_DIST, 'index.html');
  const serveWeb = (opts.serveWeb ?? true) && fs.existsSync(index);
  if (serveWeb) await app.register(fastifyStatic, { root: WEB_DIST, wildcard: false, index: false });
  app.setNotFoundHandler((request: FastifyRequest, reply: FastifyReply) => {
    if (serveWeb && request.method === 'GET' && !request.url.startsWith('/api/')) {
      return reply.type('text/html').header('cache-control', 'no-cache').sendFile('index.html');
    }
    return reply
      .status(404)
      .send(
        errorBody(
          new AppError('NOT_FOUND', `No such endpoint: ${request.method} ${request.url.split('?')[0]}`),
        ),
      );
  });
  return app;
}

/** Better Auth's endpoints, under /api/auth, with sign-in attempts rate-limited per address. */
function authRoutes(app: App, deps: RouteDeps): void {
  const handler = async (request: FastifyRequest, reply: FastifyReply) => {
    // Sign-out, session revocation and the like must take effect at once.
    if (request.method !== 'GET') clearActorCache();
    const headers = new Headers();
    for (const [k, v] of Object.entries(request.headers)) {
      if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(', ') : v);
    }
    const hasBody = !SAFE_METHODS.has(request.method) && request.body !== undefined;
    const response = await deps.auth.handler(
      new Request(new URL(request.url, deps.ctx.config.publicUrl), {
        method: request.method,
        headers,
        ...(hasBody ? { body: JSON.stringify(request.body) } : {}),
      }),
    );
    reply.status(response.status);
    response.headers.forEach((value, key) => {
      if (key !== 'set-cookie' && key !== 'content-length') void reply.header(key, value);
    });
    const cookies = response.headers.getSetCookie();
    if (cookies.length > 0) void reply.header('set-cookie', cookies);
    const text = await response.text();
    if (response.status >= 500) {
      request.log.error({ status: response.status, body: text }, 'sign-in handler failed');
      return reply
        .type('application/json')
        .send(errorBody(new AppError('INTERNAL', 'Something went wrong on our side. Please try again.')));
    }
    if (response.status >= 400) {
      // Better Auth's own error bodies are replaced by the catalogue's shape.
      const codes: Record<number, ErrorCode> = {
        401: 'UNAUTHENTICATED',
        403: 'FORBIDDEN',
        404: 'NOT_FOUND',
        429: 'RATE_LIMITED',
      };
      let message = 'The sign-in request was not accepted';
      try {
        const parsed = JSON.parse(text) as { message?: unknown };
        if (typeof parsed.message === 'string') message = parsed.message;
      } catch {
        // Not JSON: keep the generic message.
      }
      return reply
        .type('application/json')
        .send(errorBody(new AppError(codes[response.status] ?? 'BAD_REQUEST', message)));
    }
    return reply.send(text);
  };
  const limited = { rateLimit: deps.signInLimit };
  for (const url of ['/api/auth/email-otp/send-verification-otp', '/api/auth/sign-in/email-otp']) {
    app.route({ method: 'POST', url, config: limited, handler });
  }
  app.route({ method: ['GET', 'POST'], url: '/api/auth/*', handler });
}
