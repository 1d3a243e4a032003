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

/**
 * The network an address is on, as budgets count it: an IPv4 address's /24, an IPv6 address's /64 (what one
 * household or office is usually given), so that one attacker cannot dodge a budget by changing address
 * within their own network. Anything unreadable stands for itself.
 */
export function networkOf(address: string): string {
  const v4 = /^(?:::ffff:)?(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.\d{1,3}$/i.exec(address);
  if (v4) return `${v4[1]}.${v4[2]}.${v4[3]}.0/24`;
  if (!address.includes(':')) return address;
  const [head = '', tail] = address.toLowerCase().split('%')[0]?.split('::') ?? [];
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups =
    tail === undefined
      ? left
      : [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right];
  if (groups.length !== 8 || groups.some((g) => !/^[0-9a-f]{1,4}$/.test(g))) return address;
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}
