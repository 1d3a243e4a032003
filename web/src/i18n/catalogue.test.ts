/**
 * The two catalogues agree: every Welsh message parses, names the same placeholders and tags as the English,
 * formats for every count under Welsh plural rules, and is not English left untranslated.
 */
import { IntlMessageFormat } from 'intl-messageformat';
import { beforeAll, describe, expect, it } from 'vitest';
import { en, type MessageKey } from './en.ts';
import { cy } from './cy.ts';
import { loadCatalogue, translate, translateRich } from './index.ts';
import { ratificationSentence, type Ratification } from '../../../src/contract/manifesto.ts';

interface Node {
  type: number;
  value?: string;
  options?: Record<string, { value: Node[] }>;
  children?: Node[];
}

/** The placeholder and tag names a message uses, its plural and select branches included. */
function namesIn(message: string, locale: string): string[] {
  const names = new Set<string>();
  const walk = (nodes: Node[]) => {
    for (const n of nodes) {
      // 0 is literal text and 7 the "#" of a plural; everything else names a value or a tag.
      if (n.type !== 0 && n.type !== 7 && n.value !== undefined) names.add(n.value);
      for (const o of Object.values(n.options ?? {})) walk(o.value);
      if (n.children) walk(n.children);
    }
  };
  walk(new IntlMessageFormat(message, locale).getAst());
  return [...names].sort();
}

const keys = Object.keys(en) as MessageKey[];
/** Words the two languages share. */
const SAME = new Set<MessageKey>(['flag.poster', 'pub.markdown', 'pub.pdf']);
/** Whether a message has words of its own, besides its placeholders, tags and punctuation. */
const hasWords = (m: string) => /\p{L}{2,}/u.test(m.replace(/\{[^{}]*\}/g, '').replace(/<\/?\w+>/g, ''));

describe('the Welsh catalogue', () => {
  // Welsh is its own chunk, fetched when a member reads in it: load it as a page does before formatting.
  beforeAll(() => loadCatalogue('cy'));

  it('has every English key, and no other', () => {
    expect(Object.keys(cy).sort()).toEqual([...keys].sort());
  });

  it.each(keys)('%s: the same placeholders and tags as the English', (key) => {
    expect(namesIn(cy[key], 'cy')).toEqual(namesIn(en[key], 'en-GB'));
  });

  it('is translated: no message is the English left as it is', () => {
    expect(keys.filter((k) => !SAME.has(k) && hasWords(en[k]) && cy[k] === en[k])).toEqual([]);
  });

  it('formats plurals for every Welsh plural form (0, 1, 2, 3, 6, 11)', () => {
    for (const n of [0, 1, 2, 3, 6, 11]) {
      expect(translate('cy', 'sync.waiting', { count: n })).toBe(`${n} cofnod yn aros`);
      expect(translate('cy', 'walk.doneDoors', { count: n })).toBe(
        n === 1 ? '1 drws wedi’i wneud' : `${n} drws wedi’u gwneud`,
      );
    }
    expect(translate('en', 'sync.waiting', { count: 1 })).toBe('1 record waiting');
    expect(translate('en', 'sync.waiting', { count: 2 })).toBe('2 records waiting');
  });

  it('fills a rich message with elements, whole', () => {
    const out = translateRich('cy', 'walk.notOnPhone', { link: (c) => `[${c.map(String).join('')}]` });
    expect(JSON.stringify(out)).toContain('[Lawrlwythwch hi]');
  });

  it('says in English exactly what the PDF says of a ratification', () => {
    const base: Ratification = {
      countedAt: '2026-11-30T20:00:00.000Z',
      mode: 'document',
      eligible: 240,
      voted: 1,
      turnout: 1 / 240,
      quorate: true,
      carried: true,
      clausesCarried: null,
      clausesPut: null,
    };
    const day = () => '30 Nov 2026';
    const cases: [Ratification, MessageKey][] = [
      [{ ...base, quorate: false }, 'pub.notQuorate'],
      [base, 'pub.ratified'],
      [{ ...base, carried: false }, 'pub.notRatified'],
      [{ ...base, mode: 'clauses', clausesCarried: 4, clausesPut: 6 }, 'pub.byClause'],
    ];
    for (const [r, key] of cases)
      expect(
        translate('en', key, {
          date: day(),
          voted: r.voted,
          eligible: r.eligible,
          percent: Math.round(r.turnout * 100),
          carried: r.clausesCarried ?? 0,
          put: r.clausesPut ?? 0,
        }),
      ).toBe(ratificationSentence(r, day));
  });
});

describe('error messages', () => {
  it('each code the catalogue words is one the server or the client really uses', async () => {
    const { readdir, readFile } = await import('node:fs/promises');
    const root = new URL('../../../src/', import.meta.url);
    const files = (await readdir(root, { recursive: true })).filter(
      (f) => f.endsWith('.ts') && !f.endsWith('.test.ts'),
    );
    const used = new Set(['NETWORK', 'UNKNOWN']);
    for (const f of files) {
      const text = await readFile(new URL(f, root), 'utf8');
      for (const m of text.matchAll(/(?:AppError\(\s*|code: )'([A-Z_]+)'/g)) used.add(m[1] ?? '');
    }
    const worded = Object.keys(en)
      .filter((k) => k.startsWith('error.'))
      .map((k) => k.slice('error.'.length));
    expect(worded.length).toBeGreaterThan(20);
    expect(worded.filter((code) => !used.has(code))).toEqual([]);
  });
});
