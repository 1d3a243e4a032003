/**
 * Near-duplicate statements, two ways, the higher counting: the cosine similarity of character-trigram
 * counts over normalised text (lower case, letters and digits only, words padded), which catches the same
 * words in other forms and typos; and the overlap of the two statements' *concepts* — words without the
 * little ones, stemmed (Porter), with the political vocabulary's synonyms and set phrases made one
 * ("renationalised" and "brought back into public ownership"; "rail" and "the railways") — which catches
 * paraphrases. Cheap enough to run over a conversation's statements on every keystroke pause; no index
 * needed below tens of thousands of statements.
 */
import { stemmer } from 'stemmer';

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

/** Phrases and words that say one thing, each to one concept (applied to normalised text, in order). */
const PHRASES: readonly [RegExp, string][] = [
  [
    /\b(brought|bring|bringing|taken|take|taking|put|putting|returned|return|back|go|went)( back)? (in ?to|under) (public|state|common|national) (ownership|control|hands)\b/g,
    ' xpublicownership ',
  ],
  [/\b(public|state|common|national) (ownership|control|hands)\b/g, ' xpublicownership '],
  [/\b(re)?nationali[sz](e|ed|es|ing|ation)\b/g, ' xpublicownership '],
  [/\bin public hands\b/g, ' xpublicownership '],
  [/\b(private|privately) (ownership|owned|hands|companies|firms|sector)\b/g, ' xprivate '],
  [/\bprivati[sz](e|ed|es|ing|ation)\b/g, ' xprivate '],
  [/\b(national health service|nhs|health service)\b/g, ' xnhs '],
  [/\b(council|social|affordable|public) (homes|houses|housing)\b/g, ' xsocialhousing '],
  [/\b(climate change|global warming|climate crisis|climate emergency)\b/g, ' xclimate '],
  [/\b(minimum|living) wage\b/g, ' xminimumwage '],
  [/\b(public transport|buses and trains|trains and buses)\b/g, ' xpublictransport '],
  [/\b(university|tuition) fees\b/g, ' xtuitionfees '],
  [/\b(voting|electoral|proportional) (system|reform|representation)\b/g, ' xelectoralreform '],
];

const PHRASE_CONCEPTS = new Set(PHRASES.map(([, concept]) => concept.trim()));

/** Single words with the same meaning here, after stemming, to one concept. */
const SYNONYMS: Readonly<Record<string, string>> = {
  rail: 'rail',
  railwai: 'rail',
  train: 'rail',
  railroad: 'rail',
  bu: 'bus',
  buse: 'bus',
  coach: 'bus',
  energi: 'energy',
  electr: 'energy',
  electric: 'energy',
  power: 'energy',
  ga: 'energy',
  fare: 'fare',
  ticket: 'fare',
  tax: 'tax',
  taxat: 'tax',
  levi: 'tax',
  school: 'school',
  educ: 'school',
  doctor: 'gp',
  gp: 'gp',
  hous: 'home',
  home: 'home',
  homeless: 'homeless',
  rent: 'rent',
  landlord: 'rent',
  tenant: 'rent',
  wage: 'pay',
  salari: 'pay',
  pai: 'pay',
  pay: 'pay',
  cheap: 'cheap',
  cheaper: 'cheap',
  afford: 'cheap',
  lower: 'cheap',
  cut: 'cut',
  reduc: 'cut',
  free: 'free',
  scrap: 'abolish',
  abolish: 'abolish',
  end: 'abolish',
  firm: 'compani',
  compani: 'compani',
  busi: 'compani',
  corpor: 'compani',
  kid: 'child',
  children: 'child',
  child: 'child',
  pupil: 'child',
  town: 'town',
  villag: 'town',
  citi: 'town',
  car: 'car',
  motorist: 'car',
  drive: 'car',
  park: 'park',
  parkland: 'park',
};

const STOP_WORDS = new Set(
  (
    'a an the and or but of to in into on at for from by with without as is are be been being was were ' +
    'should must would could can will shall may might we our us you your they their them it its this that ' +
    'these those all every each any more most less much very so not no do does did have has had there here ' +
    'than then also just only again back out up over under about which who whom what when where why how ' +
    'make made need needs get got give given keep kept want'
  ).split(' '),
);

/** A statement's concepts: set phrases and synonyms made one, little words dropped, the rest stemmed. */
export function concepts(text: string): Set<string> {
  let t = ` ${normalise(text)} `;
  for (const [pattern, concept] of PHRASES) t = t.replace(pattern, concept);
  const out = new Set<string>();
  for (const word of t.split(' ')) {
    if (!word || STOP_WORDS.has(word)) continue;
    if (PHRASE_CONCEPTS.has(word)) {
      out.add(word);
      continue;
    }
    const stem = stemmer(word);
    out.add(SYNONYMS[stem] ?? stem);
  }
  return out;
}

/** How much of the shorter statement's concepts the other shares (0–1); 0 below two concepts each. */
export function conceptOverlap(a: Set<string>, b: Set<string>): number {
  if (a.size < 2 || b.size < 2) return 0;
  let shared = 0;
  for (const c of a) if (b.has(c)) shared++;
  return shared / Math.min(a.size, b.size);
}

/** The similarity of two statements: the stronger of their trigram and their concept similarity. */
export function similarity(a: string, b: string): number {
  return Math.max(
    cosine(trigrams(a), trigrams(b)),
    conceptOverlap(concepts(a), concepts(b)) * CONCEPT_WEIGHT,
  );
}

/** A full concept overlap counts for a little less than identical wording. */
const CONCEPT_WEIGHT = 0.9;

/** Statements like `text`, most similar first, at or above `threshold`. */
export function nearDuplicates(
  text: string,
  candidates: readonly Candidate[],
  { threshold = NEAR_DUPLICATE, limit = 3 } = {},
): Similar[] {
  const q = trigrams(text);
  const qc = concepts(text);
  return candidates
    .map((c) => ({
      ...c,
      similarity: Math.max(
        cosine(q, trigrams(c.text)),
        conceptOverlap(qc, concepts(c.text)) * CONCEPT_WEIGHT,
      ),
    }))
    .filter((c) => c.similarity >= threshold)
    .sort((a, b) => b.similarity - a.similarity)
    .slice(0, limit);
}
