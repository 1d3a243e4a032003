/** `bin/broadchurch count`: the JSON others re-run a count with, the table, and clear refusals. */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const BIN = path.resolve(import.meta.dirname, '../bin/broadchurch');
const WARD = path.resolve(
  import.meta.dirname,
  '../../shared/data/elections/scottish-council-2017/shetland_2017_ward6.blt',
);
const count = (...args: string[]) => spawnSync(BIN, ['count', ...args], { encoding: 'utf8' });

describe('bin/broadchurch count', () => {
  it('--json prints the count in the shape other tools read: names as in the file, rounds of totals', () => {
    const run = count(WARD, '--method', 'scottish-stv', '--json');
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const r = JSON.parse(run.stdout) as {
      method: string;
      seats: number;
      quota: number;
      elected: string[];
      rounds: {
        votes: Record<string, number>;
        elected: string[];
        excluded: string[];
        nonTransferable: number;
      }[];
    };
    expect(r).toMatchObject({ method: 'scottish-stv', seats: 3, quota: 249 });
    expect(r.elected).toEqual([
      'Malcolm John BELL (Ind)',
      'Stephen Arthur LEASK (Ind)',
      'John Finlay Sinclair FRASER (Ind)',
    ]);
    expect(r.rounds[0]?.votes).toEqual({
      'Malcolm John BELL (Ind)': 715,
      'John Finlay Sinclair FRASER (Ind)': 124,
      'Stephen Arthur LEASK (Ind)': 130,
      'Thomas WILLIAMSON (Con)': 26,
    });
    // Bell's surplus of 466 moves at 466/715 = 0.65174 a paper (truncated): 184 papers to Fraser.
    expect(r.rounds[1]?.votes['John Finlay Sinclair FRASER (Ind)']).toBe(243.92016);
    expect(r.rounds[1]?.elected).toEqual(['Stephen Arthur LEASK (Ind)']);
    expect(r.rounds.every((x) => typeof x.nonTransferable === 'number' && Array.isArray(x.excluded))).toBe(
      true,
    );
  });

  it('prints a table by default, and refuses a bad method or file with the reason', () => {
    const table = count(WARD, '--method', 'meek');
    expect(table.status).toBe(0);
    expect(table.stdout).toMatch(/^Ward 6 - Lerwick North: meek, 3 seats, quota 248.75/);
    expect(table.stdout).toMatch(/Elected: Malcolm John BELL \(Ind\), /);
    const method = count(WARD, '--method', 'borda');
    expect(method.status).toBe(2);
    expect(method.stderr).toMatch(/--method must be one of fptp, av, scottish-stv, meek, not "borda"/);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'count-cli-'));
    const bad = path.join(dir, 'bad.blt');
    fs.writeFileSync(bad, '2 1\n1 1 0\n1 3 0\n0\n"A"\n"B"\n"T"\n');
    const refused = count(bad, '--method', 'av');
    expect(refused.status).toBe(1);
    expect(refused.stderr).toBe(`${bad}: line 3: preference "3" is not a candidate (1 to 2)\n`);
  });
});
