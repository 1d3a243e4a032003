import { afterEach, describe, expect, expectTypeOf, it, vi } from 'vitest';
import { api, ApiError, errorOf } from './api.ts';

interface Sent {
  url: string;
  method: string;
  headers: Headers;
  body: unknown;
}

/** Answers every fetch with `answer`, and keeps what was sent. */
function serve(answer: () => Response): Sent[] {
  const sent: Sent[] = [];
  vi.stubGlobal('fetch', (url: string, init: RequestInit) => {
    sent.push({
      url,
      method: init.method ?? 'GET',
      headers: new Headers(init.headers),
      body: init.body,
    });
    return Promise.resolve(answer());
  });
  return sent;
}
const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

afterEach(() => vi.unstubAllGlobals());

describe('the typed client', () => {
  it('turns a path, its parameters and its query into the URL, and sends a JSON body', async () => {
    const sent = serve(() => json({ ok: true }));
    await api.conversations[':id'].votes.$post({
      params: { id: 'c/1 2' },
      body: { statementId: 's1', value: 1 },
    });
    await api.audit.$get({ query: { action: 'view', limit: 50, before: undefined } });
    expect(sent[0]?.url).toBe('/api/conversations/c%2F1%202/votes');
    expect(sent[0]?.method).toBe('POST');
    expect(sent[0]?.headers.get('content-type')).toBe('application/json');
    expect(JSON.parse(String(sent[0]?.body))).toEqual({ statementId: 's1', value: 1 });
    expect(sent[1]).toMatchObject({ url: '/api/audit?action=view&limit=50', method: 'GET' });
  });

  it('sends a file as text/csv, and builds addresses for links', async () => {
    const sent = serve(() => json({ rows: 1 }));
    await api.pulse.import[':kind'].$post({ params: { kind: 'polls' }, body: 'a,b\n' });
    expect(sent[0]?.headers.get('content-type')).toBe('text/csv');
    expect(api.canvass.walks[':id']['sheet.pdf'].$url({ params: { id: 'w1' } })).toBe(
      '/api/canvass/walks/w1/sheet.pdf',
    );
  });

  it('throws a refusal as an ApiError with the code the server gave, typed by the endpoint', async () => {
    serve(() => json({ error: { code: 'ALREADY_VOTED', message: 'You have voted' } }, 409));
    const vote = api.ballots[':id'].votes.$post;
    const error = await vote({ params: { id: 'b1' }, body: { document: 'approve' } }).catch(
      (e: unknown) => e,
    );
    const refused = errorOf(vote, error);
    expect(refused).toBeInstanceOf(ApiError);
    expect(refused?.code).toBe('ALREADY_VOTED');
    expect(refused?.status).toBe(409);
    expectTypeOf<NonNullable<typeof refused>['code']>().toEqualTypeOf<
      | 'FORBIDDEN'
      | 'NOT_FOUND'
      | 'BALLOT_CLOSED'
      | 'ALREADY_VOTED'
      | 'BAD_REQUEST'
      | 'CSRF_REJECTED'
      | 'RATE_LIMITED'
      | 'PAYLOAD_TOO_LARGE'
      | 'UNSUPPORTED_MEDIA_TYPE'
      | 'INTERNAL'
      | 'UNAVAILABLE'
      | 'UNAUTHENTICATED'
      | 'VALIDATION_FAILED'
      | 'MALFORMED_JSON'
      | 'NETWORK'
    >();
  });

  it('says NETWORK when there is no answer, and UNAVAILABLE for a proxy’s error page', async () => {
    vi.stubGlobal('fetch', () => Promise.reject(new TypeError('Failed to fetch')));
    await expect(api.me.$get()).rejects.toMatchObject({ code: 'NETWORK', status: 0 });
    serve(() => new Response('<html>Bad gateway</html>', { status: 502 }));
    await expect(api.me.$get()).rejects.toMatchObject({ code: 'UNAVAILABLE', status: 502 });
  });

  it('has, at compile time, exactly the paths and methods of the table', () => {
    expectTypeOf<'nowhere' extends keyof typeof api.pulse ? true : false>().toEqualTypeOf<false>();
    expectTypeOf<keyof typeof api.pulse.settings>().toEqualTypeOf<'$put'>();
    expectTypeOf<keyof (typeof api.conversations)[':id']['votes']>().toEqualTypeOf<'$post' | 'undo'>();
  });
});
