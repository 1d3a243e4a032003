/**
 * Sealing ballot papers while a ballot is open.
 *
 * Each ballot has its own random key. It is stored only wrapped (AES-256-GCM) under a key derived from
 * the server's secret and the ballot's id, so the database alone never holds what opens a paper, and it is
 * destroyed when the papers are counted. A sealed paper is the receipt and the choices, one byte a choice
 * in the ballot's order, so every paper of a ballot seals to the same length and the length says nothing.
 */
import crypto from 'node:crypto';
import type { BallotChoice } from '../contract/vocabulary.ts';

export type Choice = BallotChoice;
/** Each choice's byte on a sealed paper. */
const BYTE: Readonly<Record<Choice, number>> = { approve: 1, reject: 2, abstain: 3 };
const CHOICE_OF: Readonly<Record<number, Choice>> = { 1: 'approve', 2: 'reject', 3: 'abstain' };

const IV = 12;
const TAG = 16;
const RECEIPT_BYTES = 16;

function seal(key: Buffer, plain: Buffer): string {
  const iv = crypto.randomBytes(IV);
  const cipher = crypto.createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64');
}

function unseal(key: Buffer, sealed: string): Buffer {
  const raw = Buffer.from(sealed, 'base64');
  const decipher = crypto.createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV));
  decipher.setAuthTag(raw.subarray(raw.length - TAG));
  return Buffer.concat([decipher.update(raw.subarray(IV, raw.length - TAG)), decipher.final()]);
}

/** The key that wraps a ballot's key: derived from the server's secret, never stored. */
function wrappingKey(secret: string, ballotId: string): Buffer {
  return Buffer.from(crypto.hkdfSync('sha256', secret, 'broadchurch ballot keys', ballotId, 32));
}

/** A new random key for a ballot, and its wrapped form to store. */
export function newBallotKey(secret: string, ballotId: string): { key: Buffer; wrapped: string } {
  const key = crypto.randomBytes(32);
  return { key, wrapped: seal(wrappingKey(secret, ballotId), key) };
}

/** The ballot's key from its wrapped form (throws if the secret or the ballot is not the one it was made for). */
export function unwrapBallotKey(secret: string, ballotId: string, wrapped: string): Buffer {
  return unseal(wrappingKey(secret, ballotId), wrapped);
}

/** A new receipt for a voter: random, shown once. */
export const newReceipt = (): string => crypto.randomBytes(RECEIPT_BYTES).toString('base64url');

/** What a counted paper's receipt is kept as. */
export const receiptHash = (receipt: string): string =>
  crypto.createHash('sha256').update(receipt).digest('hex');

/** The tag that finds a receipt's sealed paper in the box; without the ballot's key it means nothing. */
export const receiptTag = (key: Buffer, receipt: string): string =>
  crypto.createHmac('sha256', key).update(receipt).digest('base64url');

/** Seals a paper: the receipt and one byte a choice, in the order of `keys` (the ballot's clause ids, or "document"). */
export function sealPaper(
  key: Buffer,
  keys: readonly string[],
  receipt: string,
  choices: Record<string, Choice>,
): string {
  const plain = Buffer.alloc(RECEIPT_BYTES + keys.length);
  Buffer.from(receipt, 'base64url').copy(plain, 0, 0, RECEIPT_BYTES);
  keys.forEach((k, i) => {
    plain[RECEIPT_BYTES + i] = BYTE[choices[k] ?? 'abstain'];
  });
  return seal(key, plain);
}

/** Opens a sealed paper of a ballot with these keys. */
export function openPaper(
  key: Buffer,
  keys: readonly string[],
  sealed: string,
): { receipt: string; choices: Record<string, Choice> } {
  const plain = unseal(key, sealed);
  if (plain.length !== RECEIPT_BYTES + keys.length) throw new Error('a sealed paper has the wrong length');
  const choices: Record<string, Choice> = {};
  keys.forEach((k, i) => {
    const choice = CHOICE_OF[plain[RECEIPT_BYTES + i] ?? 0];
    if (!choice) throw new Error('a sealed paper holds an unknown choice');
    choices[k] = choice;
  });
  return { receipt: plain.subarray(0, RECEIPT_BYTES).toString('base64url'), choices };
}

/** A uniformly random order (Fisher–Yates with the system's random source). */
export function shuffled<T>(items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = crypto.randomInt(i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}
