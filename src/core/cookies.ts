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
 * The token in a signed cookie value (`token.signature`, URL-encoded, the signature an HMAC-SHA256 of
 * the token in base64, as Better Auth writes it), or null when the signature does not verify.
 */
export function verifiedCookieToken(value: string | null, secret: string): string | null {
  if (!value) return null;
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
