/**
 * Elector numbers as tellers read them from poll cards, pure: "888", "AB1-888", "AB1 888", "888/2",
 * "AB1-888/2". A number without a prefix takes the polling station's districts (one of them must hold it).
 */
export interface TypedNumber {
  /** The district typed, upper-cased, or null for a bare number. */
  district: string | null;
  number: number;
  suffix: number;
}

/** What a teller may type: at most this long; anything else is kept as typed and shown for checking. */
export const MAX_ENTERED = 20;

// A prefix starts with a letter (a bare number is digits only) and is followed by a dash or a space:
// "AB1888" could be AB1-888 or AB-1888, so it is not read as either.
const TYPED = /^(?:([A-Z][A-Z0-9]{0,5})\s*-\s*|([A-Z][A-Z0-9]{0,5})\s+)?(\d{1,7})(?:\s*[/.]\s*(\d{1,4}))?$/;

/** The parts of a typed number, or null when it is not one (it is then kept as typed, unmatched). */
export function parseTyped(entered: string): TypedNumber | null {
  const m = TYPED.exec(entered.trim().toUpperCase());
  if (!m) return null;
  const district = m[1] ?? m[2] ?? null;
  return { district, number: Number(m[3]), suffix: m[4] ? Number(m[4]) : 0 };
}

/** The register keys ("AB1|888|0") a typed number may stand for at a station with these districts. */
export function candidateKeys(typed: TypedNumber, districts: readonly string[]): string[] {
  const ds = typed.district ? [typed.district] : districts.map((d) => d.toUpperCase());
  return ds.map((d) => `${d}|${typed.number}|${typed.suffix}`);
}
