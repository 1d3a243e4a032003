/**
 * Counting rules against real elections and a published reference count:
 * - Scottish STV on six wards of the Scottish council elections of 2017 (../shared/data/elections), each
 *   against the council's declared count: the quota, the number of stages, who was elected, who was
 *   excluded at which stage, and every candidate's total at every stage to five decimals (to the two the
 *   council printed, where it printed two);
 * - Meek STV against the Meek reference rule's transcript of the "vegetables" election (gendx/stv-rs,
 *   testdata/meek/vegetables.approx.log: omega 10⁻⁶, keep factors rounded up to six decimals);
 * - the alternative vote, first past the post and the tie rules on elections small enough to count by hand.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { countElection, type CountResult } from './count.ts';
import { BltError, parseBlt, writeBlt } from './io/blt.ts';

const WARDS = path.resolve(import.meta.dirname, '../../../shared/data/elections/scottish-council-2017');

interface Declared {
  Constituency: {
    countInfo: { Quota: number; Number_Of_Seats: string };
    countGroup: {
      Surname: string;
      Firstname: string;
      Count_Number: number;
      Total_Votes: string;
      Status: string;
      Occurred_On_Count: number | '';
      id: number;
    }[];
  };
}

const wards = fs
  .readdirSync(WARDS)
  .filter((f) => f.endsWith('.blt'))
  .sort();

describe('Scottish STV against the declared counts of 2017', () => {
  it('has the six wards to check', () => expect(wards).toHaveLength(6));

  it.each(wards)('%s', (file) => {
    const election = parseBlt(fs.readFileSync(path.join(WARDS, file), 'utf8'), file);
    const declared = (
      JSON.parse(
        fs.readFileSync(path.join(WARDS, file.replace(/\.blt$/, '.results.json')), 'utf8'),
      ) as Declared
    ).Constituency;
    const result = countElection(election, 'scottish-stv');
    const rows = declared.countGroup;
    // The council lists the candidates in ballot-paper order (as the BLT file does) at every count.
    const first = rows.filter((r) => r.Count_Number === 1).sort((a, b) => a.id - b.id);
    expect(first).toHaveLength(election.candidates.length);
    first.forEach((r, i) => expect(election.candidates[i]?.toUpperCase()).toContain(r.Surname.toUpperCase()));
    const key = (r: { Surname: string; Firstname: string }) => `${r.Surname}|${r.Firstname}`;
    const nameOf = new Map(first.map((r, i) => [key(r), election.candidates[i] ?? '']));
    const stages = Math.max(...rows.map((r) => r.Count_Number));
    expect(result.quota).toBe(declared.countInfo.Quota);
    expect(result.rounds).toHaveLength(stages);
    const elected = rows.filter((r) => r.Count_Number === stages && r.Status === 'Elected');
    expect([...result.elected].sort()).toEqual(elected.map((r) => nameOf.get(key(r))).sort());
    for (const r of rows) {
      const name = nameOf.get(key(r)) ?? '';
      const round = result.rounds[r.Count_Number - 1];
      const decimals = r.Total_Votes.split('.')[1]?.length ?? 0;
      expect(round?.votes[name]?.toFixed(decimals), `${name} at stage ${r.Count_Number}`).toBe(r.Total_Votes);
      if (r.Count_Number === r.Occurred_On_Count) {
        expect(r.Status === 'Elected' ? round?.elected : round?.excluded, `${name} ${r.Status}`).toContain(
          name,
        );
      }
    }
    // No vote is made or lost beyond the truncation to five decimals: every stage adds up.
    const valid = Object.values(result.rounds[0]?.votes ?? {}).reduce((s, v) => s + v, 0);
    for (const round of result.rounds) {
      const held = Object.values(round.votes).reduce((s, v) => s + v, 0) + round.nonTransferable;
      expect(held).toBeLessThanOrEqual(valid + 1e-6);
      expect(held).toBeGreaterThan(valid - 0.01 * result.rounds.length);
    }
  });
});

/** The Meek reference rule's example (the BLT file of gendx/stv-rs, testdata/ballots/vegetables.blt). */
const VEGETABLES = `9 4
[nick apple banana cherry date eggplant fig grape hazelnut jalapeno]
[withdrawn banana fig]
1 apple banana 0
2 banana cherry 0
3 cherry date 0
4 date eggplant 0
5 eggplant fig 0
6 fig grape 0
7 grape hazelnut 0
8 hazelnut jalapeno 0
9 jalapeno apple 0
0
"Apple"
"Banana"
"Cherry"
"Date"
"Eggplant"
"Fig"
"Grape"
"Hazelnut"
"Jalapeno"
"Vegetable contest"
`;

describe('Meek STV against the reference rule', () => {
  it('elects, defeats and totals as the reference transcript does, round by round', () => {
    const r = countElection(parseBlt(VEGETABLES), 'meek');
    expect(r.elected).toEqual(['Grape', 'Hazelnut', 'Jalapeno', 'Eggplant']);
    expect(r.rounds.map((x) => [x.elected, x.excluded])).toEqual([
      [['Grape'], []],
      [['Hazelnut', 'Jalapeno'], []],
      [[], ['Apple']],
      [[], ['Date']],
      [['Eggplant'], []],
    ]);
    // The transcript's exact fractions, to five decimals: round 2 (Grape 2250001/250000, Hazelnut
    // 2538461/250000, residual 230769/125000), round 3 (Grape 4208139/500000, Apple 566507/200000), round 4
    // (Grape 7000019/1000000, residual 999993828361/100000000000).
    const at = (round: number, who: string) => r.rounds[round - 1]?.votes[who];
    expect(at(2, 'Grape')).toBeCloseTo(2250001 / 250000, 5);
    expect(at(2, 'Hazelnut')).toBeCloseTo(2538461 / 250000, 5);
    expect(r.rounds[1]?.nonTransferable).toBeCloseTo(230769 / 125000, 5);
    expect(at(3, 'Grape')).toBeCloseTo(4208139 / 500000, 5);
    expect(at(3, 'Apple')).toBeCloseTo(566507 / 200000, 5);
    expect(at(4, 'Grape')).toBeCloseTo(7000019 / 1000000, 5);
    expect(r.rounds[3]?.nonTransferable).toBeCloseTo(999993828361 / 100000000000, 5);
    expect(at(5, 'Eggplant')).toBe(9);
    // Withdrawn candidates are not in the count.
    expect(Object.keys(r.rounds[0]?.votes ?? {})).not.toContain('Banana');
  });
});

const blt = (lines: string[], names: string[], seats = 1) =>
  parseBlt([`${names.length} ${seats}`, ...lines, '0', ...names.map((n) => `"${n}"`), '"Test"'].join('\n'));

describe('the alternative vote and first past the post', () => {
  it('AV: the lowest is excluded until someone has more than half the papers still in the count', () => {
    const e = blt(['40 1 0', '35 2 3 0', '20 3 2 0', '5 3 0'], ['A', 'B', 'C']);
    const r = countElection(e, 'av');
    expect(r.quota).toBe(51);
    expect(r.rounds.map((x) => x.votes)).toEqual([
      { A: 40, B: 35, C: 25 },
      { A: 40, B: 55, C: 0 },
    ]);
    expect(r.rounds[0]?.excluded).toEqual(['C']);
    expect(r.rounds[1]?.nonTransferable).toBe(5);
    // 55 of the 95 papers still in the count: a majority, though not of all 100.
    expect(r.elected).toEqual(['B']);
  });

  it('FPTP: the most first preferences, later preferences ignored', () => {
    const r = countElection(blt(['40 1 2 0', '35 2 0', '30 3 0'], ['A', 'B', 'C'], 2), 'fptp');
    expect(r.elected).toEqual(['A', 'B']);
    expect(r.rounds).toHaveLength(1);
  });

  it('AV refuses an election of several seats, saying which methods fill them', () => {
    expect(() => countElection(blt(['1 1 0'], ['A', 'B'], 2), 'av')).toThrow(/scottish-stv or meek/);
  });
});

describe('ties', () => {
  it('are broken by the most recent earlier round where the tied candidates differed', () => {
    // Round 1: A 10, B 5, C 4, D 3. D's papers: 1 to B, 2 to C, so round 2 has B and C tied at 6 for the
    // lowest; in round 1 C had fewer (4 to B's 5), so C is excluded.
    const e = blt(['10 1 0', '5 2 0', '4 3 0', '1 4 2 0', '2 4 3 0'], ['A', 'B', 'C', 'D']);
    const r = countElection(e, 'av');
    expect(r.rounds[1]?.votes).toMatchObject({ B: 6, C: 6 });
    expect(r.rounds[1]?.excluded).toEqual(['C']);
    expect(r.ties).toEqual([
      { round: 2, decides: 'exclusion', between: ['B', 'C'], chosen: 'C', by: 'earlier-round' },
    ]);
  });

  it('equal at every round, by lot: the seed is published and the same seed draws the same lot', () => {
    const e = blt(['5 1 0', '5 2 0', '9 3 0'], ['A', 'B', 'C']);
    const draws = new Set<string>();
    for (const seed of ['1', '2', '3', '4', '5', '6', '7', '8']) {
      const r: CountResult = countElection(e, 'av', seed);
      expect(r.seed).toBe(seed);
      expect(r.ties[0]).toMatchObject({ round: 1, decides: 'exclusion', between: ['A', 'B'], by: 'lot' });
      expect(countElection(e, 'av', seed).ties).toEqual(r.ties);
      draws.add(r.ties[0]?.chosen ?? '');
    }
    expect([...draws].sort()).toEqual(['A', 'B']);
    // Without a seed, one is drawn from the ballots: the same file counts the same every time.
    expect(countElection(e, 'av').ties).toEqual(countElection(e, 'av').ties);
  });
});

describe('BLT files', () => {
  it('reads withdrawn candidates, ballot weights, quoted and unquoted names, and writes the same back', () => {
    const e = parseBlt(
      '3 1\n-2\n4 1 2 3 0\n2 3 0\n0\n"Ann Ash"\nBob Birch\n"Cy ""C"" Cole"\n"By-election"\n',
    );
    expect(e).toMatchObject({
      title: 'By-election',
      candidates: ['Ann Ash', 'Bob Birch', 'Cy "C" Cole'],
      seats: 1,
      withdrawn: [1],
      ballots: [
        { weight: 4, prefs: [0, 1, 2] },
        { weight: 2, prefs: [2] },
      ],
    });
    expect(parseBlt(writeBlt(e))).toEqual(e);
  });

  it('refuses a bad file whole, naming each bad line', () => {
    const bad = '3 1\n4 1 2 0\nx 1 0\n2 1 7 0\n3 1 2\n1 1=2 0\n0\nA\nB\nC\nT\n';
    let error: unknown;
    try {
      parseBlt(bad, 'bad.blt');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(BltError);
    expect((error as BltError).code).toBe('BAD_BALLOT_FILE');
    expect((error as BltError).errors.map((x) => x.line)).toEqual([3, 4, 5, 6]);
    expect((error as BltError).message).toMatch(/^bad\.blt: line 3: .*weight.*; line 4: preference "7"/);
    expect(() => parseBlt('2 3\n0\nA\nB\nT\n')).toThrow(/3 seats but only 2 candidates/);
    expect(() => parseBlt('2 1\n1 1 0\n')).toThrow(/end with a line holding only 0/);
    expect(() => parseBlt('2 1\n1 1 0\n0\nA\n')).toThrow(/2 candidates' names and the title/);
    expect(() => parseBlt('2 1\n1 1 0\n0\nA\nA\nT\n')).toThrow(/two candidates are called "A"/);
  });
});
