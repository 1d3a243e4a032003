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

/**
 * Crockford's base 32: digits and capitals without I, L, O and U, so a receipt copied by hand or read out
 * cannot be misread (l/I/1, O/0); read back, I and L count as 1 and O as 0, in either case.
 */
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** 16 bytes as 26 Crockford characters, in groups of five for reading ("7K3MQ-…"). */
function showReceipt(bytes: Buffer): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += CROCKFORD.charAt((value >>> (bits - 5)) & 31);
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  if (bits > 0) out += CROCKFORD.charAt((value << (5 - bits)) & 31);
  return out.match(/.{1,5}/g)?.join('-') ?? out;
}

/**
 * A new receipt for a voter, random and shown once: `shown` as the voter reads it (Crockford base 32), and
 * `canonical`, the form every hash and tag is made from (base64url of its 16 bytes).
 */
export function newReceipt(): { shown: string; canonical: string } {
  const bytes = crypto.randomBytes(RECEIPT_BYTES);
  return { shown: showReceipt(bytes), canonical: bytes.toString('base64url') };
}

/**
 * A receipt as a voter gives it back, in its canonical form: the Crockford form (any case, with or without
 * its hyphens and spaces, I/L read as 1 and O as 0), or the base64url form receipts had before; null for
 * anything else.
 */
export function canonicalReceipt(given: string): string | null {
  const trimmed = given.trim();
  if (/^[A-Za-z0-9_-]{22}$/.test(trimmed)) {
    const bytes = Buffer.from(trimmed, 'base64url');
    return bytes.length === RECEIPT_BYTES && bytes.toString('base64url') === trimmed ? trimmed : null;
  }
  const chars = trimmed.toUpperCase().replace(/[\s-]/g, '').replace(/[IL]/g, '1').replace(/O/g, '0');
  if (!/^[0-9A-HJKMNP-TV-Z]{26}$/.test(chars)) return null;
  let bits = 0;
  let value = 0;
  const bytes: number[] = [];
  for (const c of chars) {
    value = (value << 5) | CROCKFORD.indexOf(c);
    bits += 5;
    if (bits >= 8) {
      bytes.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
    value &= (1 << bits) - 1;
  }
  // 26 characters carry 130 bits: the last two must be the zero padding.
  if (bytes.length !== RECEIPT_BYTES || value !== 0) return null;
  return Buffer.from(bytes).toString('base64url');
}

/** What a counted paper's receipt is kept as. */
export const receiptHash = (receipt: string): string =>
  crypto.createHash('sha256').update(receipt).digest('hex');

/** The tag that finds a receipt's sealed paper in the box; without the ballot's key it means nothing. */
export const receiptTag = (key: Buffer, receipt: string): string =>
  crypto.createHmac('sha256', key).update(receipt).digest('base64url');

/** A paper's bytes: the receipt and one byte a choice, in the order of `keys` (the clause ids, or "document"). */
export function paperBytes(
  keys: readonly string[],
  receipt: string,
  choices: Record<string, Choice>,
): Buffer {
  const plain = Buffer.alloc(RECEIPT_BYTES + keys.length);
  Buffer.from(receipt, 'base64url').copy(plain, 0, 0, RECEIPT_BYTES);
  keys.forEach((k, i) => {
    plain[RECEIPT_BYTES + i] = BYTE[choices[k] ?? 'abstain'];
  });
  return plain;
}

/** Seals a paper under a ballot's own key (ballots opened before key holders). */
export function sealPaper(
  key: Buffer,
  keys: readonly string[],
  receipt: string,
  choices: Record<string, Choice>,
): string {
  return seal(key, paperBytes(keys, receipt, choices));
}

/** Opens a sealed paper of a ballot with these keys. */
export function openPaper(
  key: Buffer,
  keys: readonly string[],
  sealed: string,
): { receipt: string; choices: Record<string, Choice> } {
  return readPaper(keys, unseal(key, sealed));
}

/** A paper's receipt and choices from its bytes. */
export function readPaper(
  keys: readonly string[],
  plain: Buffer,
): { receipt: string; choices: Record<string, Choice> } {
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
