/**
 * The Fastify app factory: security headers, CSRF and rate limits, the error handler, Better Auth's
 * routes, every domain's routes and the built web app. Tests build it and call `app.inject()`.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import compress from '@fastify/compress';
import helmet from 'helmet';
import rateLimit from '@fastify/rate-limit';
import { databaseStore } from './rate-limit-store.ts';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { API } from '../contract/api.ts';
import type { Endpoint } from '../contract/http.ts';
import { checkCoverage, checkRouteContract } from './contract-guard.ts';
import type { Config } from '../config.ts';
import { databaseProbe, isSingleConnection, type Db } from '../db/client.ts';
import type { Listen } from '../db/listen.ts';
import type { ServiceContext } from '../lib/context.ts';
import type { App, RouteDeps } from '../lib/http.ts';
import { createMailer, type Mailer } from '../lib/mailer.ts';
import type { Log } from '../lib/log.ts';
import { createProcessState, PERSONAL_DATA, RETENTION, serviceContext } from './context.ts';
import { safeError, safeUrl } from '../lib/safe-log.ts';
import { AnalysisRunner, conversationRoutes } from '../deliberation/index.ts';
import { canvassRoutes } from '../canvass/index.ts';
import { pollingDayRoutes } from '../polling-day/index.ts';
import { startEmbeddedQueue, startGraphileQueue, type JobQueue } from '../jobs/queue.ts';
import { notificationRoutes } from '../notifications/index.ts';
import { manifestoRoutes } from '../manifesto/index.ts';
import { memberRoutes } from '../members/index.ts';
import { pulseRoutes } from '../pulse/index.ts';
import { electionRoutes } from '../ballots/index.ts';
import { createAuth } from './auth.ts';
import { authRoutes } from './auth.routes.ts';
import { SignInGuard } from './sign-in-guard.ts';
import { refuseNul } from '../core/nul-guard.ts';
import { errorHandler } from './error-handler.ts';
import { AppError, errorBody } from '../core/errors.ts';
import { outboxRoutes } from './outbox.routes.ts';
import { platformRoutes } from './platform.routes.ts';
import { optionalActor, requireActor } from './session.ts';

export const WEB_DIST = path.resolve(import.meta.dirname, '../../web/dist');

export type { App };

export interface BuildOptions {
  config: Config;
  db: Db;
  mailer?: Mailer;
  /** Serve the built web app from web/dist when it exists (default true). */
  serveWeb?: boolean;
  /** Where the built web app is (default web/dist; tests give their own). */
  webRoot?: string;
  logger?: boolean;
  /** Where the log goes (tests read it); standard output by default. */
  logStream?: { write(line: string): void };
  /**
   * The analysis runner to use (tests pass their own and drain it by hand). The app shares its memory
   * (the process state's Common Ground part), as the one it makes itself does.
   */
  analysis?: AnalysisRunner;
  /** Run the background jobs (reminders, retention); default true. Tests call the jobs themselves. */
  jobs?: boolean;
  /**
   * `all` (the default): HTTP, the analysis and the jobs. `api`: HTTP only; its live maps follow the
   * analyses that worker processes (`startWorker`) store.
   */
  role?: 'all' | 'api';
  /** LISTEN/NOTIFY on the database (server PostgreSQL): other processes' analyses and jobs as they commit. */
  listen?: Listen;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export { createProcessState, PERSONAL_DATA, RETENTION };

/**
 * The background jobs (notifications, reminders, counts of closed ballots, retention, pruning) on their
 * queue: graphile-worker's on server PostgreSQL, the process's own on PGlite (its failing jobs kept in the
 * process state for the dead-letter view).
 */
async function startJobs(ctx: ServiceContext, log: Log): Promise<JobQueue> {
  if (ctx.config.databaseUrl) return startGraphileQueue(ctx, ctx.config.databaseUrl, log);
  const queue = startEmbeddedQueue(ctx, log);
  ctx.state.jobs.embedded = queue;
  return queue;
}

/**
 * A worker process (`serve --role worker`): the analysis runner and the background jobs, with no HTTP.
 * Any number run beside API processes on one PostgreSQL: they share the jobs (SKIP LOCKED) and hold each
 * conversation's live model in one of them (a lease). Returns its stop.
 */
export async function startWorker(opts: { config: Config; db: Db; log: Log; listen?: Listen }) {
  const state = createProcessState();
  const ctx = serviceContext({ config: opts.config, db: opts.db, state });
  const runner = new AnalysisRunner(opts.db, 250, {
    log: opts.log,
    memory: state.deliberation,
    ...(opts.listen ? { listen: opts.listen } : {}),
  });
  runner.start();
  const jobs = await startJobs(ctx, opts.log);
  return async (): Promise<void> => {
    await jobs.stop();
    await runner.stop();
  };
}

/**
 * How long browsers keep a file of the web app: the build's fingerprinted files (their names change with
 * their content) a year, as immutable; the page, the service worker and the manifest never without asking,
 * so a new version reaches everyone at once.
 */
export function cacheControlFor(file: string): string {
  if (file.startsWith(`assets${path.sep}`) || file.startsWith('assets/'))
    return 'public, max-age=31536000, immutable';
  return 'no-cache';
}

/**
 * TRUST_PROXY as Fastify takes it. A number trusts that many hops nearest the server (Fastify itself
 * refuses a bare number, since a client reaching the server directly could then name any address: set a
 * number only when every request comes through the proxies).
 */
function trustProxyOption(
  trust: Config['trustProxy'],
): boolean | string[] | ((address: string, hop: number) => boolean) {
  if (typeof trust === 'number') return (_address, hop) => hop < trust;
  return trust;
}

export async function buildApp(opts: BuildOptions): Promise<App> {
  const { config, db } = opts;
  const app = Fastify({
    logger:
      opts.logger === false
        ? false
        : {
            level: config.logLevel,
            ...(opts.logStream ? { stream: opts.logStream } : {}),
            // No bodies, headers (cookies) or secrets: see lib/safe-log.ts.
            serializers: {
              req: (request: FastifyRequest) => ({
                method: request.method,
                url: safeUrl(request.url),
                remoteAddress: request.ip,
              }),
              err: (err: Error) => safeError(err),
            },
          },
    bodyLimit: 256 * 1024,
    trustProxy: trustProxyOption(config.trustProxy),
    // Bounded connections: a socket with nothing sent either way for HTTP_IDLE_SECONDS is closed (live map
    // streams ping more often than that), an idle keep-alive socket after 10 s, and a request (its body
    // included) must arrive within five minutes. Closing, idle sockets are dropped at once.
    connectionTimeout: config.http.idleSeconds * 1000,
    keepAliveTimeout: Math.min(10_000, config.http.idleSeconds * 1000),
    requestTimeout: 300_000,
    forceCloseConnections: 'idle',
  }).withTypeProvider<ZodTypeProvider>();
  // At most HTTP_MAX_CONNECTIONS sockets at once (more are closed as they come), headers within 10 s.
  app.server.maxConnections = config.http.maxConnections;
  app.server.headersTimeout = 10_000;
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  const databaseUp = databaseProbe(db);
  app.setErrorHandler(errorHandler(config.env !== 'production', databaseUp));
  // Every /api route answers an endpoint of the route table; which ones, to find any left unanswered.
  const registered = new Set<Endpoint>();
  app.addHook('onRoute', (route) => {
    checkRouteContract(route);
    if (route.config?.endpoint) registered.add(route.config.endpoint);
  });

  const mailer = opts.mailer ?? createMailer(config, db);
  const auth = createAuth(config, db, mailer, app.log);
  // The embedded database belongs to this process alone: every change to a session passes through here.
  const state = createProcessState(opts.analysis?.deps.state.deliberation, {
    soleWriter: isSingleConnection(db),
  });
  const ctx = serviceContext({ config, db, mailer, state });
  const apiOnly = opts.role === 'api';
  // One logger for everything this process runs: Fastify's.
  const log: Log = (msg, err) => app.log.error({ err }, msg);
  let analysis = opts.analysis;
  if (!analysis) {
    analysis = new AnalysisRunner(db, 250, {
      runsJobs: !apiOnly,
      log,
      memory: state.deliberation,
      ...(opts.listen ? { listen: opts.listen } : {}),
    });
    analysis.start();
  }
  const runner = analysis;
  const jobs = (opts.jobs ?? true) && !apiOnly ? await startJobs(ctx, log) : null;
  app.addHook('onClose', async () => {
    await jobs?.stop();
    await runner.stop();
  });
  const actors = { auth, db, actors: state.actors, secret: config.authSecret };
  const deps: RouteDeps = {
    ctx,
    actor: (request) => requireActor(actors, request),
    maybeActor: (request) => optionalActor(actors, request),
    signInLimit: { max: config.signInRateLimit, timeWindow: 60_000 },
  };
  const guard = new SignInGuard(db, config.authSecret, config.signIn);

  // Security headers (Helmet), its policy built once: @fastify/helmet builds it again on every request.
  const securityHeaders = helmet({
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
  app.addHook('onRequest', (request, reply, done) => {
    securityHeaders(request.raw, reply.raw, (err?: unknown) => done(err instanceof Error ? err : undefined));
  });
  // JSON and anything else not already compressed, brotli or gzip as the browser prefers; quick settings,
  // as this runs for every response (the web app's files come compressed from the build).
  await app.register(compress, {
    global: true,
    threshold: 1024,
    encodings: ['br', 'gzip'],
    brotliOptions: { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 4 } },
    zlibOptions: { level: 6 },
  });
  await app.register(rateLimit, {
    global: false,
    // Counted in the database, so an address's limit holds across every API process.
    store: databaseStore(db),
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

  app.addHook('preValidation', (request: FastifyRequest, _reply, done) => {
    try {
      refuseNul(request);
      done();
    } catch (err) {
      done(err as Error);
    }
  });

  app.addContentTypeParser(
    ['text/csv', 'text/plain'],
    { parseAs: 'string', bodyLimit: 20 * 1024 * 1024 },
    (_req, body, done) => {
      done(null, body);
    },
  );

  // What the sign-in page may say about this instance: the demo hint only where the outbox exists.
  const outbox = config.mail.transport === 'outbox' && config.devShortcuts;
  const modules: ((scope: App) => void)[] = [
    (scope) => platformRoutes(scope, deps, { outbox }),
    (scope) => authRoutes(scope, { ...deps, auth, guard, databaseUp }),
    (scope) => memberRoutes(scope, deps),
    (scope) => conversationRoutes(scope, deps, runner),
    (scope) => manifestoRoutes(scope, deps),
    (scope) => canvassRoutes(scope, deps),
    (scope) => pollingDayRoutes(scope, deps),
    (scope) => notificationRoutes(scope, deps),
    (scope) => pulseRoutes(scope, deps),
    (scope) => electionRoutes(scope, deps),
  ];
  if (outbox) modules.push((scope) => outboxRoutes(scope, deps));
  for (const routes of modules) {
    await app.register((scope, _opts, done) => {
      routes(scope);
      done();
    });
  }
  // Once every route is in: an endpoint of the table that nothing answers stops the server starting.
  const { dev, ...table } = API;
  app.addHook('onReady', (done) => {
    try {
      checkCoverage(outbox ? { ...table, dev } : table, registered);
      done();
    } catch (err) {
      done(err as Error);
    }
  });

  const webRoot = opts.webRoot ?? WEB_DIST;
  const index = path.join(webRoot, 'index.html');
  const serveWeb = (opts.serveWeb ?? true) && fs.existsSync(index);
  if (serveWeb)
    await app.register(fastifyStatic, {
      root: webRoot,
      wildcard: false,
      index: false,
      // The build's .br and .gz copies, when the browser takes them.
      preCompressed: true,
      cacheControl: false,
      setHeaders: (res, file) => {
        void res.header('cache-control', cacheControlFor(path.relative(webRoot, file)));
      },
    });
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
