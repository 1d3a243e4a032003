/** What the benchmarks against the real server share: the PostgreSQL to use, and a JSON client of the API. */
import pg from 'pg';

/** The PostgreSQL server the benchmarks use beside PGlite (the machines' local one by default). */
export const PG_ADMIN = process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';

/** The q-quantile of `xs` (nearest rank: the value at ⌊q·n⌋ of the sorted values); 0 when there are none. */
export function quantile(xs: ArrayLike<number>, q: number): number {
  const s = Array.from(xs).sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? 0;
}

/** Does that PostgreSQL answer? (Its half of a benchmark is skipped when it does not.) */
export async function postgresAnswers(): Promise<boolean> {
  const c = new pg.Client({ connectionString: PG_ADMIN, connectionTimeoutMillis: 2000 });
  try {
    await c.connect();
    await c.end();
    return true;
  } catch {
    return false;
  }
}

/** A JSON call to the server at `base` as the member whose session cookie is given; a refusal throws. */
export function apiAt(base: string) {
  return async (cookie: string, method: string, url: string, body?: unknown) => {
    const res = await fetch(`${base}${url}`, {
      method,
      headers: {
        cookie,
        origin: base,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const json = (await res.json()) as Record<string, unknown>;
    if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${JSON.stringify(json).slice(0, 300)}`);
    return json;
  };
}
