/**
 * Cookies as the server reads them: one cookie of a request by its exact name, and the session cookie's
 * token once its signature is checked.
 */
import crypto from 'node:crypto';

/** The first cookie called `name` in a request's Cookie header, as sent; null when there is none. */
export function cookieValue(header: string | undefined, name: string): string | null {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

/**
 * Cookie values whose signature has verified, with the secret it verified under: every request of a
 * session carries the same value, so its HMAC is computed once, not on every request. Only a value that
 * verified is kept, so no other value can be taken for it.
 */
const verified = new Map<string, { secret: string; token: string }>();
const MAX_VERIFIED = 50_000;

/**
 * The token in a signed cookie value (`token.signature`, URL-encoded, the signature an HMAC-SHA256 of
 * the token in base64, as Better Auth writes it), or null when the signature does not verify.
 */
export function verifiedCookieToken(value: string | null, secret: string): string | null {
  if (!value) return null;
  const hit = verified.get(value);
  if (hit?.secret === secret) return hit.token;
  const token = checkSignature(value, secret);
  if (token !== null) {
    if (verified.size >= MAX_VERIFIED) verified.clear();
    verified.set(value, { secret, token });
  }
  return token;
}

function checkSignature(value: string, secret: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(value);
  } catch {
    return null;
  }
  const dot = decoded.lastIndexOf('.');
  if (dot < 1) return null;
  const token = decoded.slice(0, dot);
  // Compared as written (padding aside): a decoder would pass over characters a signature cannot have.
  const given = Buffer.from(decoded.slice(dot + 1).replace(/=+$/, ''));
  const expected = Buffer.from(
    crypto.createHmac('sha256', secret).update(token).digest('base64').replace(/=+$/, ''),
  );
  return given.length === expected.length && crypto.timingSafeEqual(given, expected) ? token : null;
}
