/**
 * The browser's side of the API: one client typed from the route table (src/contract/api.ts, imported as a
 * type only, so no schema is bundled). Paths read as the URLs they are, below /api; each ends in its
 * methods. A renamed route or a changed body fails the type check, not a member's click.
 *
 * @example
 * const view = await api.pulse.branches[':id'].$get({ params: { id }, signal });
 * await api.ballots[':id'].votes.$post({ params: { id }, body: { choices } });
 * <a href={api.canvass.walks[':id']['sheet.pdf'].$url({ params: { id } })}>
 *
 * A refusal is thrown as an ApiError whose `code` is one the endpoint declares; `errorOf(call, error)`
 * types it so a page can switch on the codes:
 * @example
 * switch (errorOf(vote, error)?.code) { case 'ALREADY_VOTED': …; case 'BALLOT_CLOSED': … }
 */
import type { Api } from '../../src/contract/api.ts';
import type { FieldIssue } from '../../src/contract/common.ts';
import type { Client } from '../../src/contract/http.ts';
export type { FieldIssue };

/** Where the API is served; nothing else in the web app names it. */
export const API_ROOT = '/api';

export class ApiError extends Error {
  readonly code: string;
  readonly status: number;
  readonly issues: FieldIssue[];
  /** When a refusal that waits ends (the server's `retryAt`), shown in the reader's own zone. */
  readonly retryAt: Date | null;
  constructor(
    status: number,
    code: string,
    message: string,
    issues: FieldIssue[] = [],
    retryAt: Date | null = null,
  ) {
    super(message);
    this.status = status;
    this.code = code;
    this.issues = issues;
    this.retryAt = retryAt;
  }
}

/** A refusal by an endpoint: its code one of those the endpoint declares. */
export type RouteError<C extends string> = ApiError & { readonly code: C };

/** `error` as a refusal of `call`, its code one of those the endpoint declares; null for anything else. */
export function errorOf<F extends { readonly errors?: string }>(
  _call: F,
  error: unknown,
): RouteError<NonNullable<F['errors']>> | null {
  return error instanceof ApiError ? error : null;
}

interface Input {
  params?: Record<string, string | number>;
  query?: Record<string, unknown>;
  body?: unknown;
  contentType?: string;
  signal?: AbortSignal;
  headers?: Record<string, string>;
}

interface ErrorBody {
  error?: { code?: string; message?: string; issues?: FieldIssue[]; retryAt?: string };
}

function urlOf(segments: readonly string[], input: Input = {}): string {
  const path = segments
    .map((s) => {
      if (!s.startsWith(':')) return s;
      const value = input.params?.[s.slice(1)];
      if (value === undefined) throw new Error(`${s} is missing from the call's params`);
      return encodeURIComponent(String(value));
    })
    .join('/');
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(input.query ?? {}))
    for (const x of Array.isArray(v) ? v : [v]) if (x !== undefined && x !== null) query.append(k, String(x));
  const q = query.toString();
  return `${API_ROOT}/${path}${q ? `?${q}` : ''}`;
}

function bodyOf(input: Input, headers: Headers): BodyInit | undefined {
  const { body } = input;
  if (body === undefined) return undefined;
  if (body instanceof FormData) return body;
  if (typeof body === 'string' || body instanceof Blob) {
    headers.set('content-type', input.contentType ?? 'text/csv');
    return body;
  }
  headers.set('content-type', 'application/json');
  return JSON.stringify(body);
}

async function send(method: string, url: string, input: Input = {}): Promise<unknown> {
  const headers = new Headers(input.headers);
  const body = bodyOf(input, headers);
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers,
      credentials: 'same-origin',
      ...(input.signal ? { signal: input.signal } : {}),
      ...(body !== undefined ? { body } : {}),
    });
  } catch (e) {
    // Abandoned by its caller (a newer search, a page left): not a network failure to report.
    if (input.signal?.aborted) throw e;
    throw new ApiError(0, 'NETWORK', 'Could not reach the server. Check your connection and try again.');
  }
  if (response.status === 204) return undefined;
  const json = (response.headers.get('content-type') ?? '').includes('json');
  if (!response.ok) {
    const e = json ? ((await response.json().catch(() => ({}))) as ErrorBody).error : undefined;
    throw new ApiError(
      response.status,
      e?.code ?? (response.status >= 500 ? 'UNAVAILABLE' : 'BAD_REQUEST'),
      e?.message ?? 'Something went wrong',
      e?.issues ?? [],
      e?.retryAt && !Number.isNaN(Date.parse(e.retryAt)) ? new Date(e.retryAt) : null,
    );
  }
  // A file to download comes back as the response itself.
  if (!json) return response;
  const text = await response.text();
  return text ? (JSON.parse(text) as unknown) : undefined;
}

const METHODS: Record<string, string> = {
  $get: 'GET',
  $post: 'POST',
  $put: 'PUT',
  $patch: 'PATCH',
  $delete: 'DELETE',
};

function node(segments: readonly string[]): unknown {
  return new Proxy(
    {},
    {
      get(_target, key) {
        // Not a promise, not a thing to serialise.
        if (typeof key !== 'string' || key === 'then' || key === 'toJSON') return undefined;
        if (key === '$url') return (input?: Input) => urlOf(segments, input);
        const method = METHODS[key];
        if (method) return (input?: Input) => send(method, urlOf(segments, input), input);
        return node([...segments, key]);
      },
    },
  );
}

/** The API, typed from the route table. */
export const api = node([]) as Client<Api>;

export type { Role } from '../../src/contract/vocabulary.ts';
import type { Role } from '../../src/contract/vocabulary.ts';
export type { BranchNode, Me, MemberView, Profile } from '../../src/contract/members.ts';

export interface Page<T> {
  items: T[];
  page: number;
  pageSize: number;
  total: number;
}

export const ROLE_LABELS: Record<Role, string> = {
  member: 'Member',
  canvasser: 'Canvasser',
  organiser: 'Organiser',
  moderator: 'Moderator',
  drafter: 'Drafting committee',
  returning_officer: 'Returning officer',
  data_officer: 'Data officer',
  admin: 'Admin',
};
