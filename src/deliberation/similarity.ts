/**
 * Near-duplicate statements, by cosine similarity of character-trigram counts over normalised text
 * (lower case, letters and digits only, words padded). Cheap enough to run over a conversation's
 * statements on every keystroke pause; no index needed below tens of thousands of statements.
 */

export interface Candidate {
  id: string;
  text: string;
}

export interface Similar extends Candidate {
  similarity: number;
}

/** Similarity at or above which a statement is shown as "is this what you mean?". */
export const NEAR_DUPLICATE = 0.55;

export function normalise(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

export function trigrams(text: string): Map<string, number> {
  const grams = new Map<string, number>();
  for (const word of normalise(text).split(' ')) {
    if (!word) continue;
    const padded = `  ${word} `;
    for (let i = 0; i + 3 <= padded.length; i++) {
      const g = padded.slice(i, i + 3);
      grams.set(g, (grams.get(g) ?? 0) + 1);
    }
  }
  return grams;
}

export function cosine(a: Map<string, number>, b: Map<string, number>): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (const [g, x] of a) {
    na += x * x;
    const y = b.get(g);
    if (y !== undefined) dot += x * y;
  }
  for (const y of b.values()) nb += y * y;
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}

/** Statements like `text`, most similar first, at or above `threshold`. */
export function nearDuplicates(
  text: string,
  candidates: readonly Candidate[],
  { threshold = NEAR_DUPLICATE, limit = 3 } = {},
): Similar[] {
  const q = trigrams(text);
  return candidates
    .map((c) => ({ ...c, similarity: cosine(q, trigrams(c.text)) }))
    .filter((c) => c.similarity >= threshold)
    .sort((a, b) => b.similarity - a.similarity)
    .slice(0, limit);
}
