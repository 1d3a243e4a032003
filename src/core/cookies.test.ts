import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { cookieValue, verifiedCookieToken } from './cookies.ts';

const sign = (token: string, secret: string) =>
  encodeURIComponent(`${token}.${crypto.createHmac('sha256', secret).update(token).digest('base64')}`);

describe('signed session cookies', () => {
  it('reads the token of a value signed with the secret, and nothing else', () => {
    const value = sign('tok-1', 'secret-a');
    expect(verifiedCookieToken(value, 'secret-a')).toBe('tok-1');
    // Asked again, the same answer; a forged or altered value never verifies.
    expect(verifiedCookieToken(value, 'secret-a')).toBe('tok-1');
    expect(verifiedCookieToken(sign('tok-1', 'guessed'), 'secret-a')).toBeNull();
    expect(verifiedCookieToken(value.replace('tok-1', 'tok-2'), 'secret-a')).toBeNull();
    expect(verifiedCookieToken(`${value}x`, 'secret-a')).toBeNull();
    expect(verifiedCookieToken('tok-1', 'secret-a')).toBeNull();
    expect(verifiedCookieToken('%E0%A4%A', 'secret-a')).toBeNull();
    expect(verifiedCookieToken(null, 'secret-a')).toBeNull();
  });

  it('a value signed with one secret does not verify under another', () => {
    const value = sign('tok-3', 'old-secret');
    expect(verifiedCookieToken(value, 'old-secret')).toBe('tok-3');
    expect(verifiedCookieToken(value, 'new-secret')).toBeNull();
  });

  it('finds a cookie by its exact name only', () => {
    expect(cookieValue('a=1; x_session=2; session=3', 'session')).toBe('3');
    expect(cookieValue('x_session=2', 'session')).toBeNull();
    expect(cookieValue(undefined, 'session')).toBeNull();
  });
});
