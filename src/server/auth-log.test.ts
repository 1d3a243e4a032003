/**
 * The sign-in library's log lines reach our log only as plain words: a message quoting a failed query, a
 * token, an email or a code is withheld (database-outage.test.ts greps a real server's log in an outage).
 */
import { describe, expect, it } from 'vitest';
import { plainWords } from './auth.ts';

describe('the sign-in library’s words in our log', () => {
  it('keeps a plain sentence', () => {
    expect(plainWords('Session expired')).toBe('Session expired');
    expect(plainWords('Failed to get session')).toBe('Failed to get session');
  });

  it.each([
    'Failed query: select * from "session" where "token" = $1\nparams: 6qR2xk9ZpLw0Tn4V',
    'INTERNAL_SERVER_ERROR Error: connect ECONNREFUSED 127.0.0.1:5432',
    'no user for member@example.org',
    'code 123456 is invalid',
    'token=abcdefghijklmnop',
    'a'.repeat(200),
  ])('withholds %s', (message) => {
    expect(plainWords(message)).toBe('[withheld]');
  });

  it('withholds what is not a string', () => {
    expect(plainWords({ token: 'x' })).toBe('[withheld]');
    expect(plainWords(undefined)).toBe('[withheld]');
  });
});
