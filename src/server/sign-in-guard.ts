/**
 * Budgets for sign-in by emailed code, kept in the database so every server process shares them:
 *
 * - codes mailed to one email: `codesPerEmail` an hour asked for from one network (an IPv4 /24 or IPv6 /64),
 *   and `EMAIL_WIDE_SENDS` times that from every network together (no mail bombing), so that a stranger
 *   asking again and again from their own network runs out of their own budget, not the member's; a device
 *   that signed in as the email before (its signed device cookie) has a budget of its own that strangers
 *   cannot spend; and codes asked for from one address: `codesPerAddress` an hour;
 * - wrong guesses at an email's codes from devices that never signed in as it: `guessesPerEmail` an hour.
 *   When they run out, guessing from such devices waits (an hour, twice as long each time it happens again,
 *   at most a day) and the owner is told by mail;
 * - wrong guesses from a device that signed in as that email before (a signed device cookie):
 *   `guessesPerEmail` an hour for that device alone, so strangers' guesses never lock a member out of
 *   their own phone or laptop;
 * - wrong guesses from one address, whatever the email: `guessesPerAddress` an hour.
 *
 * A guess is counted before it is checked (one atomic upsert), so concurrent guesses cannot overrun a
 * budget; a right guess gives its use back. Guesses are not budgeted per network first as codes are: the
 * guess budget is what keeps a six-digit code secret, and an attacker with many networks would multiply it.
 *
 * Every refusal that waits carries `retryAt`, so that the member's own device shows the time in their zone;
 * the words say only "later". A passkey never goes through these budgets.
 */
import crypto from 'node:crypto';
import type { Db, Executor } from '../db/client.ts';
import { AppError } from '../core/errors.ts';
import { clearBudgets, lockBudget, refundBudget, useBudget } from '../core/budgets.repo.ts';
import { emailKey, mac, networkOf, normaliseEmail } from '../core/budget-keys.ts';
import { queueMail } from '../notifications/index.ts';
import { accountOf } from './sign-in-guard.repo.ts';

export { emailKey, normaliseEmail };

const HOUR = 3600;
const MAX_LOCK = 24 * HOUR;
/** Codes to one email from every network together, as a multiple of the per-network budget. */
export const EMAIL_WIDE_SENDS = 4;

export interface SignInLimits {
  codesPerEmail: number;
  codesPerAddress: number;
  guessesPerEmail: number;
  guessesPerAddress: number;
}

/** A guess that passed its budgets: settle it once Better Auth has answered. */
export interface GuessTicket {
  emailKey: string;
  keys: { email: string; address: string };
}

/** The end of a budget's hour. */
const windowEnd = (start: Date) => new Date(start.getTime() + HOUR * 1000);

export class SignInGuard {
  readonly #db: Db;
  readonly #secret: string;
  readonly #limits: SignInLimits;
  /** Guesses at one email run one after another in this process (Better Auth's code check is not atomic). */
  readonly #queues = new Map<string, Promise<unknown>>();

  constructor(db: Db, secret: string, limits: SignInLimits) {
    this.#db = db;
    this.#secret = secret;
    this.#limits = limits;
  }

  emailKey(email: string): string {
    return emailKey(this.#secret, email);
  }

  /** A new device cookie value for a device that has just signed in as this email. */
  deviceToken(email: string): string {
    const id = crypto.randomBytes(16).toString('base64url');
    return `${id}.${mac(this.#secret, `device|${id}|${this.emailKey(email)}`)}`;
  }

  /** The device's id when its cookie was issued for a sign-in as this email, else null. */
  trustedDevice(token: string | null, email: string): string | null {
    if (!token) return null;
    const [id, sig, extra] = token.split('.');
    if (!id || !sig || extra !== undefined) return null;
    const want = Buffer.from(mac(this.#secret, `device|${id}|${this.emailKey(email)}`));
    const got = Buffer.from(sig);
    return want.length === got.length && crypto.timingSafeEqual(want, got) ? id : null;
  }

  /**
   * Counts a code about to be mailed; refuses once this email has had its codes for the hour, or this
   * address has asked for codes for too many emails.
   */
  async beforeSend(email: string, address: string, deviceToken: string | null = null): Promise<void> {
    const byAddress = await useBudget(this.#db, `send-address:${address}`, HOUR);
    if (byAddress.used > this.#limits.codesPerAddress)
      throw new AppError(
        'RATE_LIMITED',
        'Many sign-in codes have been asked for from your network in the last hour. Try again later.',
        undefined,
        { retryAt: windowEnd(byAddress.windowStart) },
      );
    const key = this.emailKey(email);
    const tooMany = (start: Date) =>
      new AppError(
        'RATE_LIMITED',
        'Several codes have been sent to this email in the last hour. Use the newest one, ask again later, or sign in with a passkey.',
        undefined,
        { retryAt: windowEnd(start) },
      );
    // A device that signed in as this email before: its own budget, which no stranger can spend.
    const device = this.trustedDevice(deviceToken, email);
    if (device) {
      const mine = await useBudget(this.#db, `send-device:${device}`, HOUR);
      if (mine.used > this.#limits.codesPerEmail) throw tooMany(mine.windowStart);
      return;
    }
    // This email from this network first: one network asking again and again spends its own budget only.
    const pairKey = mac(this.#secret, `${key}|${networkOf(address)}`).slice(0, 32);
    const pair = await useBudget(this.#db, `send-pair:${pairKey}`, HOUR);
    if (pair.used > this.#limits.codesPerEmail) throw tooMany(pair.windowStart);
    const all = await useBudget(this.#db, `send:${key}`, HOUR);
    if (all.used > this.#limits.codesPerEmail * EMAIL_WIDE_SENDS) throw tooMany(all.windowStart);
  }

  /**
   * Counts a guess against its budgets before it is checked; refuses when any is spent. Guesses at the
   * same email run one at a time in this process: `run` is called with the ticket once it may go ahead.
   */
  async guess<T>(
    email: string,
    address: string,
    deviceToken: string | null,
    run: (ticket: GuessTicket) => Promise<T>,
  ): Promise<T> {
    const emailKey = this.emailKey(email);
    const previous = this.#queues.get(emailKey) ?? Promise.resolve();
    const mine = previous.then(async () => {
      const ticket = await this.#admit(email, emailKey, address, deviceToken);
      return run(ticket);
    });
    const tail = mine.catch(() => undefined);
    this.#queues.set(emailKey, tail);
    void tail.then(() => {
      if (this.#queues.get(emailKey) === tail) this.#queues.delete(emailKey);
    });
    return mine;
  }

  async #admit(
    email: string,
    emailKey: string,
    address: string,
    deviceToken: string | null,
  ): Promise<GuessTicket> {
    const device = this.trustedDevice(deviceToken, email);
    const keys = {
      email: device ? `guess-device:${device}` : `guess:${emailKey}`,
      address: `guess-address:${address}`,
    };
    const byAddress = await useBudget(this.#db, keys.address, HOUR);
    if (byAddress.used > this.#limits.guessesPerAddress)
      throw new AppError(
        'RATE_LIMITED',
        'Too many wrong codes have come from your network in the last hour. Try again later.',
        undefined,
        { retryAt: windowEnd(byAddress.windowStart) },
      );
    const byEmail = await useBudget(this.#db, keys.email, HOUR);
    if (byEmail.lockedUntil && byEmail.lockedUntil > new Date()) throw paused(byEmail.lockedUntil);
    if (byEmail.used > this.#limits.guessesPerEmail) {
      if (device)
        throw new AppError(
          'RATE_LIMITED',
          'Too many wrong codes from this device in the last hour. Ask for a new code later, or use a passkey.',
          undefined,
          { retryAt: windowEnd(byEmail.windowStart) },
        );
      const seconds = Math.min(MAX_LOCK, HOUR * 2 ** byEmail.strikes);
      // The lock and the owner's warning together: whoever takes the lock queues the one mail. It goes out
      // with the mail queue, retried, so a mail server that is down does not fail the answer.
      const until = await this.#db.transaction(async (tx) => {
        const locked = await lockBudget(tx, keys.email, seconds);
        if (locked) await tellOwner(tx, email, locked);
        return locked;
      });
      throw paused(until ?? new Date(Date.now() + seconds * 1000));
    }
    return { emailKey, keys };
  }

  /** After Better Auth answered: a right guess gives its uses back and clears the email's strikes. */
  async settle(ticket: GuessTicket, signedIn: boolean): Promise<void> {
    if (!signedIn) return;
    await refundBudget(this.#db, ticket.keys.address);
    await clearBudgets(this.#db, [ticket.keys.email, `guess:${ticket.emailKey}`]);
  }
}

/** Queues the warning to the owner of the email, if it has an account (nobody else is told anything). */
async function tellOwner(db: Executor, email: string, until: Date): Promise<void> {
  const to = normaliseEmail(email);
  const account = await accountOf(db, to);
  if (!account) return;
  await queueMail(db, {
    kind: 'sign_in_paused',
    params: { closesAt: until.toISOString() },
    link: '/sign-in',
    memberId: account.memberId,
    toAddress: to,
  });
}

function paused(until: Date): AppError {
  return new AppError(
    'SIGN_IN_PAUSED',
    'Too many wrong codes were entered for this email. Signing in with a code on a new device is paused for a while; a device you have signed in on before, or a passkey, still works.',
    undefined,
    { retryAt: until },
  );
}
