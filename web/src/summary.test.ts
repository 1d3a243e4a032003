/**
 * The report's summary says only what the report says: every number in every sentence, in English and in
 * Welsh, is one of the report's own figures for the statement the sentence cites, and each sentence quotes
 * that statement.
 */
import { describe, expect, it } from 'vitest';
import { summarise, type Summarised } from './summary.ts';
import { translate, type Language } from './i18n/index.ts';

/** A small deterministic generator, so each run checks the same varied reports. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

type Evidence = Summarised['commonGround'][number];

function fakeReport(seed: number): Summarised {
  const rnd = random(seed);
  const groupIds = [
    ...Array.from({ length: 2 + Math.floor(rnd() * 4) }, (_, i) => i),
    ...(rnd() < 0.5 ? [-1] : []),
  ];
  const statement = (n: number): Evidence => ({
    id: `s${seed}-${n}`,
    text: `Statement ${String.fromCharCode(65 + (n % 26))} of report ${String.fromCharCode(97 + (seed % 26))}`,
    agree: 0,
    disagree: 0,
    pass: 0,
    commonGround: null,
    bridging: 0,
    groupInformedConsensus: 0.5,
    byGroup: groupIds.map((group) => {
      const agreeShare = rnd();
      return {
        group,
        label: '',
        agree: 0,
        disagree: 0,
        pass: 0,
        agreeShare,
        disagreeShare: 1 - agreeShare,
      };
    }),
  });
  return {
    groups: groupIds.map((id, i) => ({
      id,
      label: '',
      size: 10 + i,
      sizeInterval: null,
      representative:
        id < 0
          ? []
          : [
              {
                statementId: `r${seed}-${id}`,
                text: `What sets group ${String.fromCharCode(65 + id)} apart`,
                direction: rnd() < 0.5 ? 'agree' : 'disagree',
                agreement: rnd(),
              },
            ],
    })),
    commonGround: Array.from({ length: Math.floor(rnd() * 4) }, (_, n) => statement(n)),
    divisive: Array.from({ length: Math.floor(rnd() * 3) }, (_, n) => statement(10 + n)),
  };
}

const name = (lang: Language) => (id: number) =>
  id < 0 ? translate(lang, 'group.others') : translate(lang, 'group.name', { letter: 'ABCDEFGH'[id] ?? '' });

/** The report's own figures for a statement, as the report rounds them. */
function figuresFor(r: Summarised, id: string, key: string): number[] {
  const pct = (x: number) => Math.round(x * 100);
  if (key === 'summary.apart') {
    const rep = r.groups.flatMap((g) => g.representative).find((x) => x.statementId === id);
    return rep ? [pct(rep.agreement)] : [];
  }
  const s = [...r.commonGround, ...r.divisive].find((x) => x.id === id);
  const shares = (s?.byGroup ?? []).map((g) => pct(g.agreeShare));
  return [Math.min(...shares), Math.max(...shares)];
}

describe('the report summary', () => {
  it('every number it writes is the report’s, and every sentence quotes the statement it cites', () => {
    let sentences = 0;
    for (let seed = 1; seed <= 60; seed++) {
      const r = fakeReport(seed);
      for (const lang of ['en', 'cy'] as const) {
        for (const s of summarise(r, name(lang))) {
          sentences++;
          const text = translate(lang, s.key, s.values);
          expect(s.cites).toHaveLength(1);
          const cited = s.cites[0] ?? '';
          const quoted =
            [...r.commonGround, ...r.divisive].find((x) => x.id === cited)?.text ??
            r.groups.flatMap((g) => g.representative).find((x) => x.statementId === cited)?.text;
          expect(text).toContain(`“${quoted}”`);
          // The numbers outside the quoted statement are exactly the report's figures, in order.
          const numbers = text.replace(`“${quoted}”`, '').match(/\d+/g)?.map(Number);
          expect(numbers, text).toEqual(figuresFor(r, cited, s.key));
        }
      }
    }
    expect(sentences).toBeGreaterThan(200);
  });

  it('says nothing when there are not two groups to compare', () => {
    const r = fakeReport(3);
    expect(summarise({ ...r, groups: r.groups.filter((g) => g.id === 0) }, name('en'))).toEqual([]);
  });
});
