/**
 * The ballot box that no one holding the database (and the running server) can open alone.
 *
 * - Each ballot has an X25519 key pair made when it opens. Papers are sealed to its public key (an
 *   ephemeral key pair a paper, ECDH, HKDF-SHA-256, AES-256-GCM), so sealing needs nothing secret.
 * - The private key is never stored: it is split at once into n shares of which any t rebuild it
 *   (Shamir's secret sharing, the audited shamir-secret-sharing library), handed to the ballot's key
 *   holders and forgotten. Counting needs t holders to give their shares; the rebuilt key is checked
 *   against the ballot's public key, used for that count in memory, and dropped.
 * - The box is an append-only hash chain: each paper's link hashes the link before it with the paper, so
 *   the head names every paper in order. Each voter's receipt carries the head after their paper; the count
 *   refuses a box whose chain does not lead to the head the ballot recorded, or whose number of papers is
 *   not the number of members marked as voted.
 */
import crypto from 'node:crypto';
import { combine, split } from 'shamir-secret-sharing';

const IV = 12;
const TAG = 16;
const PUBLIC = 32;
/** Key shares are written with a prefix that says what they are, so one is not mistaken for a receipt. */
const SHARE_PREFIX = 'bckey-';

export interface BoxKeys {
  /** The ballot's public key (base64url of its 32 bytes), stored with the ballot. */
  publicKey: string;
  /** The n shares of its private key, to hand to the key holders: shown once, never stored. */
  shares: string[];
}

function rawKeys(pair: crypto.KeyPairKeyObjectResult): { d: Buffer; x: Buffer } {
  const jwk = pair.privateKey.export({ format: 'jwk' });
  return { d: Buffer.from(jwk.d ?? '', 'base64url'), x: Buffer.from(jwk.x ?? '', 'base64url') };
}

const privateKeyOf = (d: Uint8Array, x: string) =>
  crypto.createPrivateKey({
    key: { kty: 'OKP', crv: 'X25519', d: Buffer.from(d).toString('base64url'), x },
    format: 'jwk',
  });

const publicKeyOf = (x: string) =>
  crypto.createPublicKey({ key: { kty: 'OKP', crv: 'X25519', x }, format: 'jwk' });

/** A new key pair for a ballot: its public key, and its private key as `holders` shares, `threshold` to count. */
export async function newBoxKeys(holders: number, threshold: number): Promise<BoxKeys> {
  const { d, x } = rawKeys(crypto.generateKeyPairSync('x25519'));
  // The library needs at least two shares; one holder gets the key itself, wrapped as a share is.
  const shares =
    holders === 1
      ? [Buffer.concat([Buffer.from([0]), d])]
      : await split(new Uint8Array(d), holders, threshold);
  d.fill(0);
  return {
    publicKey: x.toString('base64url'),
    shares: shares.map((s) => SHARE_PREFIX + Buffer.from(s).toString('base64url')),
  };
}

export class KeyShareError extends Error {}

/** A share as a holder gives it back (spaces and line breaks ignored), as bytes; null if it is not one. */
function shareBytes(given: string): Uint8Array | null {
  const text = given.replace(/\s+/g, '');
  if (!text.startsWith(SHARE_PREFIX)) return null;
  const body = text.slice(SHARE_PREFIX.length);
  if (!/^[A-Za-z0-9_-]{44}$/.test(body)) return null;
  const bytes = Buffer.from(body, 'base64url');
  return bytes.length === 33 ? new Uint8Array(bytes) : null;
}

/**
 * The ballot's private key from its holders' shares, checked against its public key: wrong, too few or
 * repeated shares are refused (the library alone would rebuild a wrong key without saying so).
 */
export async function keyFromShares(shares: string[], publicKey: string): Promise<crypto.KeyObject> {
  const bytes = shares.map(shareBytes);
  if (bytes.some((b) => b === null)) throw new KeyShareError('a key share is not written as one');
  const given = bytes as Uint8Array[];
  const xs = new Set(given.map((b) => b.at(-1)));
  if (xs.size !== given.length) throw new KeyShareError('the same key share was given twice');
  let d: Uint8Array;
  const single = given.length === 1 && given[0]?.[0] === 0 ? given[0] : null;
  if (single) d = single.subarray(1);
  else if (given.length >= 2) d = await combine(given);
  else throw new KeyShareError('the key shares do not open this ballot');
  let key: crypto.KeyObject;
  try {
    key = privateKeyOf(d, publicKey);
    const derived = crypto.createPublicKey(key).export({ format: 'jwk' }).x;
    if (derived !== publicKey) throw new KeyShareError('the key shares do not open this ballot');
  } catch (e) {
    if (e instanceof KeyShareError) throw e;
    throw new KeyShareError('the key shares do not open this ballot');
  }
  return key;
}

function paperKey(shared: Buffer, ephemeral: Buffer): Buffer {
  return Buffer.from(crypto.hkdfSync('sha256', shared, ephemeral, 'broadchurch ballot paper', 32));
}

/** Seals a paper to the ballot's public key: only the private key (its shares, t of them) opens it. */
export function sealTo(publicKey: string, plain: Buffer): string {
  const eph = crypto.generateKeyPairSync('x25519');
  const ephPublic = Buffer.from(eph.publicKey.export({ format: 'jwk' }).x ?? '', 'base64url');
  const shared = crypto.diffieHellman({ privateKey: eph.privateKey, publicKey: publicKeyOf(publicKey) });
  const iv = crypto.randomBytes(IV);
  const cipher = crypto.createCipheriv('aes-256-gcm', paperKey(shared, ephPublic), iv);
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([ephPublic, iv, body, cipher.getAuthTag()]).toString('base64');
}

/** Opens a sealed paper with the ballot's private key. */
export function openWith(privateKey: crypto.KeyObject, sealed: string): Buffer {
  const raw = Buffer.from(sealed, 'base64');
  const ephPublic = raw.subarray(0, PUBLIC);
  const shared = crypto.diffieHellman({
    privateKey,
    publicKey: publicKeyOf(ephPublic.toString('base64url')),
  });
  const decipher = crypto.createDecipheriv(
    'aes-256-gcm',
    paperKey(shared, ephPublic),
    raw.subarray(PUBLIC, PUBLIC + IV),
  );
  decipher.setAuthTag(raw.subarray(raw.length - TAG));
  return Buffer.concat([decipher.update(raw.subarray(PUBLIC + IV, raw.length - TAG)), decipher.final()]);
}

/** The tag that finds a receipt's paper in the box (it says nothing of the paper, nor who cast it). */
export const boxTag = (publicKey: string, receipt: string): string =>
  crypto.createHmac('sha256', Buffer.from(publicKey, 'base64url')).update(receipt).digest('base64url');

/** The head of an empty box: bound to the ballot, so one ballot's chain cannot pass for another's. */
export const emptyHead = (ballotId: string): string =>
  crypto.createHash('sha256').update(`broadchurch ballot box ${ballotId}`).digest('base64url');

/** The head after a paper is added: the previous head, the paper's tag and the sealed paper, hashed. */
export const nextHead = (head: string, tag: string, sealed: string): string =>
  crypto.createHash('sha256').update(`${head}\n${tag}\n${sealed}`).digest('base64url');
