/** The browser's side of the API: typed fetch helpers that turn error bodies into ApiError. */
import type { FieldIssue } from '../../src/contract/common.ts';
export type { FieldIssue };

export class ApiError extends Error {
  readonly code: string;
  readonly status: number;
  readonly issues: FieldIssue[];
  constructor(status: number, code: string, message: string, issues: FieldIssue[] = []) {
    super(message);
    this.status = status;
    this.code = code;
    this.issues = issues;
  }
}

interface ErrorBody {
  error?: { code?: string; message?: string; issues?: FieldIssue[] };
}

export async function api<T>(path: string, init: RequestInit & { json?: unknown } = {}): Promise<T> {
  const { json, ...rest } = init;
  const headers = new Headers(rest.headers);
  if (json !== undefined) headers.set('content-type', 'application/json');
  let response: Response;
  try {
    response = await fetch(path, {
      ...rest,
      headers,
      credentials: 'same-origin',
      ...(json !== undefined ? { body: JSON.stringify(json) } : {}),
    });
  } catch (e) {
    // Abandoned by its caller (a newer search, a page left): not a network failure to report.
    if (rest.signal?.aborted) throw e;
    throw new ApiError(0, 'NETWORK', 'Could not reach the server. Check your connection and try again.');
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  const body: unknown = text ? JSON.parse(text) : undefined;
  if (!response.ok) {
    const e = (body as ErrorBody | undefined)?.error;
    throw new ApiError(
      response.status,
      e?.code ?? 'UNKNOWN',
      e?.message ?? 'Something went wrong',
      e?.issues ?? [],
    );
  }
  return body as T;
}

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
  data_officer: 'Data officer',
  admin: 'Admin',
};
