/** Reads one cookie from a request's Cookie header: the first whose name passes `matches`, as sent. */
export function cookieValue(header: string | undefined, matches: (name: string) => boolean): string | null {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && matches(part.slice(0, eq).trim())) return part.slice(eq + 1).trim();
  }
  return null;
}
