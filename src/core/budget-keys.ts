/** Keys that stand for people in the budgets: HMACs, so the table holds no addresses. */
import crypto from 'node:crypto';

/** An HMAC of `text` under the server's secret, URL-safe. */
export const mac = (secret: string, text: string): string =>
  crypto.createHmac('sha256', secret).update(text).digest('base64url');

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** The key standing for an email in the budgets. */
export const emailKey = (secret: string, email: string): string =>
  mac(secret, `email|${normaliseEmail(email)}`).slice(0, 32);
