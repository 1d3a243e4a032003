/**
 * What a domain's routes receive and how they answer the route table (src/contract): `implement` registers
 * one handler for each endpoint of a group, typed from its declaration. A group with a handler missing, or
 * one too many, fails the type check, and start-up too (a handler object built elsewhere is checked again).
 * Each handler is called with the request's parsed parts and the caller (for `access: 'member'`, found
 * before the handler runs: 401 without a session); its answer is serialised through the declared schema.
 *
 * @example
 * implement(app, deps, pulseApi, {
 *   view: ({ actor, params }) => pulse.pulseView(deps.ctx, actor, params.id),
 * });
 */
import type {
  FastifyBaseLogger,
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
  RouteOptions,
} from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
// Routes' rate limits (`config.rateLimit`) are this plugin's: its types say what they take.
import type {} from '@fastify/rate-limit';
import type { z } from 'zod';
import type { Endpoint, Endpoints } from '../contract/http.ts';
import type { Actor } from '../core/permissions.ts';
import type { ServiceContext } from './context.ts';

export type App = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

/** What every domain's routes receive from the server. */
export interface RouteDeps {
  ctx: ServiceContext;
  /** The signed-in actor, or UNAUTHENTICATED. */
  actor: (request: FastifyRequest) => Promise<Actor>;
  /** The signed-in actor, or null. */
  maybeActor: (request: FastifyRequest) => Promise<Actor | null>;
  /** Rate-limit settings for sign-in attempts and other guessable endpoints. */
  signInLimit: { max: number; timeWindow: number };
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route table's declaration this route answers (set by `implement`). */
    endpoint?: Endpoint;
  }
}

type Parsed<S> = S extends z.ZodType ? z.output<S> : undefined;

/** What a handler receives: the parsed parts of the request, the caller, and Fastify's own objects. */
export interface HandlerInput<E extends Endpoint> {
  params: Parsed<E['params']>;
  query: Parsed<E['query']>;
  /** The parsed JSON body; a text upload's body as its content-type parser left it (a string or a stream). */
  body: E['body'] extends z.ZodType ? z.output<E['body']> : E['upload'] extends 'text' ? unknown : undefined;
  actor: E['access'] extends 'member' ? Actor : E['access'] extends 'optional' ? Actor | null : undefined;
  request: FastifyRequest;
  reply: FastifyReply;
}

/**
 * A JSON answer as the handler gives it (the schema's input: it is serialised through the schema). A file,
 * a stream or an empty answer is the handler's to send (or, empty, nothing to send): what it returns is not
 * read.
 */
type Answer<E extends Endpoint> = E['response'] extends z.ZodType ? z.input<E['response']> : unknown;

export type Handler<E extends Endpoint> = (input: HandlerInput<E>) => Promise<Answer<E>> | Answer<E>;

/** Fastify route options a handler may add: rate limits, a body limit, a content-type parser's scope. */
export type RouteExtras = Pick<RouteOptions, 'config' | 'bodyLimit'>;

/** A handler, or one with route options of its own. */
export type HandlerSpec<E extends Endpoint> = Handler<E> | { handle: Handler<E>; options: RouteExtras };

/** A handler for each endpoint of a group, and no other. */
export type Handlers<T extends Endpoints> = { [K in keyof T]: HandlerSpec<T[K]> };

/**
 * Registers `handlers` for the endpoints of `group`. Throws at start-up when an endpoint has no handler or
 * a handler no endpoint.
 */
export function implement<T extends Endpoints>(
  app: App,
  deps: Pick<RouteDeps, 'actor' | 'maybeActor'>,
  group: T,
  handlers: Handlers<T>,
): void {
  const extra = Object.keys(handlers).filter((k) => !Object.hasOwn(group, k));
  const missing = Object.keys(group).filter((k) => !Object.hasOwn(handlers, k));
  if (extra.length > 0 || missing.length > 0)
    throw new Error(
      `Handlers and the route table disagree: ${[
        ...missing.map((k) => `no handler for ${k}`),
        ...extra.map((k) => `${k} is in no route table`),
      ].join('; ')}`,
    );
  for (const name of Object.keys(group)) {
    const e = group[name] as Endpoint;
    const spec = handlers[name] as HandlerSpec<Endpoint>;
    const handle = typeof spec === 'function' ? spec : spec.handle;
    const options = typeof spec === 'function' ? {} : spec.options;
    const status = e.raw?.kind === 'empty' ? 204 : (e.status ?? 200);
    app.route({
      method: e.method,
      url: e.path,
      ...(options.bodyLimit !== undefined ? { bodyLimit: options.bodyLimit } : {}),
      config: { ...options.config, endpoint: e },
      schema: {
        ...(e.params ? { params: e.params } : {}),
        ...(e.query ? { querystring: e.query } : {}),
        ...(e.body ? { body: e.body } : {}),
        // Any 2xx: a handler may answer another success than the declared one (201 when it created).
        ...(e.response ? { response: { '2xx': e.response } } : {}),
      },
      handler: async (request: FastifyRequest, reply: FastifyReply) => {
        const actor =
          e.access === 'member'
            ? await deps.actor(request)
            : e.access === 'optional'
              ? await deps.maybeActor(request)
              : undefined;
        const answer: unknown = await handle({
          params: request.params,
          query: request.query,
          body: request.body,
          actor,
          request,
          reply,
        } as HandlerInput<Endpoint>);
        if (reply.sent) return reply;
        if (status === 204) return reply.status(204).send();
        if (answer === reply) return reply;
        return reply.status(reply.statusCode !== 200 ? reply.statusCode : status).send(answer);
      },
    });
  }
}
