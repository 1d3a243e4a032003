/**
 * What the tests of several API processes do through them: members voting on one process or another, a
 * map followed on one while votes go to another, and wrong sign-in codes spread over them.
 */
import { expect } from 'vitest';
import { follow, type MapEvent, type Prepared } from './voting.ts';

/** A vote through the process at `base`: its status. */
export function voter(prepared: Prepared) {
  return (base: string, cookie: string, k: number, value: number) =>
    fetch(`${base}/api/conversations/${prepared.conversationId}/votes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie, origin: base },
      body: JSON.stringify({ statementId: prepared.statementIds[k], value }),
    }).then((r) => r.status);
}

/** Two factions of `voters` vote on every statement, each vote through the next of `bases` in turn. */
export async function factionsVote(
  bases: string[],
  prepared: Prepared,
  cookies: string[],
  voters: number,
  statements: number,
): Promise<void> {
  const vote = voter(prepared);
  for (let i = 0; i < voters; i++)
    for (let k = 0; k < statements; k++)
      expect(
        await vote(
          bases[(i + k) % bases.length] ?? '',
          cookies[i] ?? '',
          k,
          (k % 2 === 0) === i < voters / 2 ? 1 : -1,
        ),
      ).toBe(200);
}

/**
 * A newcomer votes enough to be placed (seven votes, through `placeOn`), watches the map on `watchOn` and
 * votes on through `voteOn`: for each of those votes, the time until `watchOn`'s map showed it. Nobody
 * else votes meanwhile, so the next version shown is the vote's.
 */
export async function mapLags(opts: {
  prepared: Prepared;
  newcomer: string;
  placeOn: string;
  watchOn: string;
  voteOn: string;
  /** Participants before the newcomer. */
  others: number;
  statements: number;
}): Promise<number[]> {
  const { prepared, newcomer } = opts;
  const vote = voter(prepared);
  for (let k = 0; k < 7; k++) expect(await vote(opts.placeOn, newcomer, k, k % 2 === 0 ? 1 : -1)).toBe(200);
  const events: { at: number; m: MapEvent }[] = [];
  const abort = new AbortController();
  void follow(
    `${opts.watchOn}/api/conversations/${prepared.conversationId}/stream`,
    newcomer,
    (m) => events.push({ at: Date.now(), m }),
    abort.signal,
  );
  try {
    const until = Date.now() + 120_000;
    while (!events.some((e) => e.m.participants > opts.others && e.m.me)) {
      expect(Date.now(), 'the newcomer placed on the map watched').toBeLessThan(until);
      await new Promise((r) => setTimeout(r, 50));
    }
    const lags: number[] = [];
    for (let k = 7; k < opts.statements; k++) {
      const before = Math.max(...events.map((e) => e.m.version));
      const sent = Date.now();
      expect(await vote(opts.voteOn, newcomer, k, k % 2 === 0 ? 1 : -1)).toBe(200);
      // A generous bound (CI is shared); the latency itself is measured by `npm run bench -- cross-live`.
      for (;;) {
        const e = events.find((x) => x.m.version > before);
        if (e) {
          lags.push(e.at - sent);
          break;
        }
        expect(Date.now() - sent, `vote ${k} on the map watched`).toBeLessThan(15_000);
        await new Promise((r) => setTimeout(r, 5));
      }
    }
    return lags;
  } finally {
    abort.abort();
  }
}

/** A sign-in code mailed through `sendOn`, then `n` wrong codes spread over `bases`: their statuses. */
export async function wrongCodes(
  sendOn: string,
  bases: string[],
  email: string,
  n: number,
): Promise<number[]> {
  const send = await fetch(`${sendOn}/api/auth/email-otp/send-verification-otp`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: sendOn },
    body: JSON.stringify({ email, type: 'sign-in' }),
  });
  expect(send.status).toBe(200);
  const statuses: number[] = [];
  for (let i = 0; i < n; i++) {
    const base = bases[i % bases.length] ?? sendOn;
    const r = await fetch(`${base}/api/auth/sign-in/email-otp`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: base },
      body: JSON.stringify({ email, otp: String(100000 + i) }),
    });
    statuses.push(r.status);
  }
  return statuses;
}
