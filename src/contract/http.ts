/**
 * The shape of the route table: each endpoint of the API declared once, with its method, path, the schemas
 * of what it takes and answers, and the error codes it may answer. The server registers a handler for each
 * (core/http.ts: a missing or extra handler fails the type check and start-up), the web app calls them
 * through a client typed from the same table (web/src/api.ts), and /api/openapi.json is written from it.
 *
 * @example
 * export const pulseApi = {
 *   view: endpoint({
 *     method: 'GET', path: '/api/pulse/branches/:id', summary: 'A branch’s reading of support',
 *     access: 'member', params: idParams, response: pulseView, errors: ['NOT_FOUND'],
 *   }),
 * };
 */
import type { z } from 'zod';
import { EDGE_ERRORS, type ErrorCode } from './errors.ts';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * Who may call: `member` needs a session (401 without one), `optional` reads a session when there is one
 * (a link visitor, a public page that says more to members), `public` never looks.
 */
export type Access = 'member' | 'optional' | 'public';

/** A body that is not JSON: a file sent as text (text/csv or text/plain), or multipart/form-data. */
export type Upload = 'text' | 'multipart';

/** An answer that is not JSON of one shape: a file to download, an event stream, or nothing (204). */
export interface RawAnswer {
  readonly kind: 'download' | 'stream' | 'empty';
  /** Its media type, for the OpenAPI document. */
  readonly type?: string;
}

export interface Endpoint {
  readonly method: Method;
  readonly path: `/api/${string}`;
  /** One line saying what it does, for people reading the OpenAPI document. */
  readonly summary: string;
  readonly access: Access;
  readonly params?: z.ZodType;
  readonly query?: z.ZodType;
  /** A JSON body. */
  readonly body?: z.ZodType;
  readonly upload?: Upload;
  /** The status of a successful answer (200 unless said). */
  readonly status?: 200 | 201 | 202;
  /** The schema a JSON answer is serialised through: only the fields it lists leave the server. */
  readonly response?: z.ZodType;
  readonly raw?: RawAnswer;
  /** The codes of the catalogue (errors.ts) this endpoint's rules may answer; see `impliedErrors`. */
  readonly errors: readonly ErrorCode[];
}

/** Declares an endpoint; the value is the declaration, its type kept exact for the server and the client. */
export const endpoint = <const E extends Endpoint>(e: E): E => e;

/** A group of endpoints (a domain's), by the name its handlers answer to. */
export type Endpoints = Readonly<Record<string, Endpoint>>;

/** Codes an endpoint may answer because of what it is rather than its rules. */
export function impliedErrors(e: Endpoint): ErrorCode[] {
  const codes: ErrorCode[] = [...EDGE_ERRORS];
  if (e.access === 'member') codes.push('UNAUTHENTICATED');
  if (e.params || e.query || e.body || e.upload) codes.push('VALIDATION_FAILED');
  if (e.body) codes.push('MALFORMED_JSON');
  return codes;
}

/** Every code an endpoint may answer. */
export const allErrors = (e: Endpoint): ErrorCode[] => [...new Set([...e.errors, ...impliedErrors(e)])];

/** The names of a path's parameters: `/api/a/:id/b/:walkId` → ['id', 'walkId']. */
export const pathParams = (path: string): string[] =>
  path
    .split('/')
    .filter((s) => s.startsWith(':'))
    .map((s) => s.slice(1));

// ---- Types a client takes from the table ----

type Edge = (typeof EDGE_ERRORS)[number];
type Has<E, K extends keyof Endpoint> = E extends { readonly [P in K]: object } ? true : false;

/** The codes a caller of `E` may meet: its own, those implied by what it is, and NETWORK (no answer). */
export type ErrorsOf<E extends Endpoint> =
  | E['errors'][number]
  | Edge
  | (E['access'] extends 'member' ? 'UNAUTHENTICATED' : never)
  | (Has<E, 'params'> | Has<E, 'query'> | Has<E, 'body'> | Has<E, 'upload'> extends false
      ? never
      : 'VALIDATION_FAILED')
  | (Has<E, 'body'> extends true ? 'MALFORMED_JSON' : never)
  | 'NETWORK';

type ParamsPart<E extends Endpoint> = E['params'] extends z.ZodType
  ? { params: z.input<E['params']> }
  : { params?: never };
type QueryPart<E extends Endpoint> = E['query'] extends z.ZodType
  ? object extends z.input<E['query']>
    ? { query?: z.input<E['query']> }
    : { query: z.input<E['query']> }
  : { query?: never };
type BodyPart<E extends Endpoint> = E['body'] extends z.ZodType
  ? { body: z.input<E['body']> }
  : E['upload'] extends 'multipart'
    ? { body: FormData }
    : E['upload'] extends 'text'
      ? { body: string | Blob; contentType?: string }
      : { body?: never };

/** What a call of `E` takes. */
export type RequestOf<E extends Endpoint> = ParamsPart<E> &
  QueryPart<E> &
  BodyPart<E> & { signal?: AbortSignal; headers?: Record<string, string> };

/**
 * What a call of `E` gives: the parsed answer; nothing for an empty one; a JSON file (or Better Auth's own
 * answer) parsed but of no declared shape; the Response of any other file.
 */
export type AnswerOf<E extends Endpoint> = E['response'] extends z.ZodType
  ? z.output<E['response']>
  : E['raw'] extends { kind: 'empty' }
    ? undefined
    : E['raw'] extends { type: 'application/json' }
      ? unknown
      : Response;

/** One endpoint as the client calls it. */
export interface Call<E extends Endpoint> {
  (
    ...input: object extends RequestOf<E> ? [input?: RequestOf<E>] : [input: RequestOf<E>]
  ): Promise<AnswerOf<E>>;
  /** Never there at run time: carries the endpoint's error codes for `failure()`. */
  readonly errors?: ErrorsOf<E>;
}

/** The address of a GET endpoint, for a link, an image or an EventSource. */
export type UrlOf<E extends Endpoint> = (
  ...input: object extends Pick<RequestOf<E>, 'params' | 'query'>
    ? [input?: Pick<RequestOf<E>, 'params' | 'query'>]
    : [input: Pick<RequestOf<E>, 'params' | 'query'>]
) => string;

type Split<S extends string> = S extends `${infer H}/${infer T}` ? [H, ...Split<T>] : [S];
type Nest<Segments extends string[], Leaf> = Segments extends [
  infer H extends string,
  ...infer T extends string[],
]
  ? { readonly [K in H]: Nest<T, Leaf> }
  : Leaf;
type LeafOf<E extends Endpoint> = {
  readonly [M in `$${Lowercase<E['method']>}`]: Call<E>;
} & (E['method'] extends 'GET' ? { readonly $url: UrlOf<E> } : object);
type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void
  ? I
  : never;
type EndpointOf<T> = { [D in keyof T]: T[D][keyof T[D]] }[keyof T];
type Tree<E> = E extends Endpoint
  ? E['path'] extends `/api/${infer Rest}`
    ? Nest<Split<Rest>, LeafOf<E>>
    : never
  : never;

/**
 * The client's shape: the table's paths as nested properties below /api, each ending in its methods.
 * `/api/pulse/branches/:id` answers GET as `api.pulse.branches[':id'].$get({ params: { id } })`.
 */
export type Client<T> = UnionToIntersection<Tree<EndpointOf<T>>>;
