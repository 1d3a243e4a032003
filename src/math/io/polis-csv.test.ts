import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { POLIS_DIR } from '../../../test/math/golden.ts';
import { main } from '../../cli.ts';
import { PolisInputError, readPolisData, readPolisExport, writePolisExport } from './polis-csv.ts';
import { ByteIds } from './votes-bytes.ts';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bc-polis-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function folder(name: string, files: Record<string, string>): string {
  const dir = path.join(tmp, name);
  fs.mkdirSync(dir, { recursive: true });
  for (const [f, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, f), text);
  return dir;
}

const COMMENTS =
  'timestamp,datetime,comment-id,author-id,agrees,disagrees,moderated,comment-body\n1,x,0,0,1,0,1,"Hello, world"\n2,x,1,1,0,1,-1,Spam\n';

describe('reading Polis exports', () => {
  it('reads votes.csv + comments.csv with the latest vote winning later', () => {
    const data = readPolisExport(`${POLIS_DIR}/brexit-consensus`);
    expect(data.statements).toHaveLength(50);
    expect(data.votes.length).toBeGreaterThan(5303);
    expect(data.polisGroups.size).toBe(197);
  });
  it('reads only the groups from participants-votes.csv beside votes.csv, and nothing of it when not asked', () => {
    const votes = 'timestamp,datetime,comment-id,voter-id,vote\n1,x,0,7,1\n2,x,1,8,-1\n';
    // A group column after the participant's, CRLF lines, a quoted cell, a blank group, no final newline.
    const pv =
      'participant,group-id,n-comments,n-votes,n-agree,n-disagree,0,1\r\n7,1,0,1,1,0,1,\r\n"8",0,0,1,0,1,,-1\r\n9,,0,0,0,0,,';
    const dir = folder('pv-groups', {
      'comments.csv': COMMENTS,
      'votes.csv': votes,
      'participants-votes.csv': pv,
    });
    expect([...readPolisData(dir).polisGroups]).toEqual([
      ['7', 1],
      ['8', 0],
    ]);
    // A bad participant is named with its line; the analysis alone never reads the file.
    const bad = folder('pv-bad', {
      'comments.csv': COMMENTS,
      'votes.csv': votes,
      'participants-votes.csv':
        'participant,group-id,n-comments,n-votes,n-agree,n-disagree,0\n7,1,0,0,0,0,\nx y,0,0,0,0,0,\n',
    });
    expect(() => readPolisData(bad)).toThrow(/participants-votes\.csv.*line 3|line 3.*participant/s);
    expect(readPolisData(bad, { groups: false }).polisGroups.size).toBe(0);
  });
  it('reads participants-votes.csv when there is no votes.csv', () => {
    const data = readPolisExport(`${POLIS_DIR}/american-assembly.bowling-green`);
    expect(data.votes).toHaveLength(225_524);
  });
  it('finds ids from their bytes: each numbered once, in order, through the table growing; others refused', () => {
    const table = new ByteIds(['s1', 's2']);
    const bytes = Buffer.from(Array.from({ length: 60_000 }, (_, i) => `v${i * 7},`).join(''), 'latin1');
    const at: number[] = [];
    for (let a = 0, i = 0; i < 60_000; i++) {
      const b = bytes.indexOf(44, a);
      at.push(table.find(bytes, a, b, true));
      a = b + 1;
    }
    expect(at).toEqual(Array.from({ length: 60_000 }, (_, i) => i + 2));
    expect(table.ids[2 + 59_999]).toBe(`v${59_999 * 7}`);
    const again = Buffer.from('xx v413 s2 v7 v999999 a"b ' + 'z'.repeat(65), 'latin1');
    const find = (word: string, add = false) => {
      const a = again.indexOf(word);
      return table.find(again, a, a + word.length, add);
    };
    expect([find('v413'), find('s2'), find('v7'), find('v999999')]).toEqual([2 + 59, 1, 3, -1]);
    expect(find('a"b', true)).toBe(-1);
    expect(find('z'.repeat(65), true)).toBe(-1);
    expect(table.ids).toHaveLength(60_002);
  });
  it('names the file and line of a malformed row', () => {
    const dir = folder('bad-vote', {
      'comments.csv': COMMENTS,
      'votes.csv': 'timestamp,datetime,comment-id,voter-id,vote\n1,x,0,7,1\n2,x,0,8,2\n',
    });
    expect(() => readPolisExport(dir)).toThrow(/votes\.csv, line 3: vote "2" is not -1, 0 or 1/);
  });
  it('reads quoted fields, and the latest of repeated votes wins in the matrix', () => {
    const dir = folder('quoted', {
      'comments.csv': COMMENTS,
      'votes.csv':
        'timestamp,datetime,comment-id,voter-id,vote\n1,"Mon, 1 Jan",0,7,1\n2,"Tue, 2 Jan",0,7,-1\n3,x,1,8,0\n',
    });
    const data = readPolisExport(dir);
    expect(data.votes).toEqual([
      { participant: '7', statement: '0', vote: 1, time: 1 },
      { participant: '7', statement: '0', vote: -1, time: 2 },
      { participant: '8', statement: '1', vote: 0, time: 3 },
    ]);
  });

  it('reads plain lines from their bytes exactly as every other line: across read chunks, CRLF, odd ids', () => {
    // Over 4 MB, so lines cross the reader's chunks; plain lines mixed with quoted ones, spaced ids, ids
    // with leading zeros or letters, a decimal timestamp, a blank line and CRLF endings.
    const comments = [
      'timestamp,datetime,comment-id,author-id,agrees,disagrees,moderated,comment-body',
      ...Array.from({ length: 40 }, (_, j) => `1,x,${j},0,0,0,1,Statement ${j}`),
      '2,x,007,0,0,0,1,Leading zeros',
      '3,x,s-1,0,0,0,1,A text id',
    ].join('\n');
    const lines = ['timestamp,datetime,comment-id,voter-id,vote'];
    const expected: { participant: string; statement: string; vote: number; time: number }[] = [];
    for (let i = 0; i < 180_000; i++) {
      const [p, s, v, t] = [
        String((i * 7919) % 5000),
        String(i % 40),
        ((i % 3) - 1) as -1 | 0 | 1,
        1_700_000_000_000 + i,
      ];
      const odd = i % 997;
      if (odd === 1) lines.push(`${t},"Mon, 1 Jan",${s},${p},${v}`);
      else if (odd === 2) lines.push(`${t},x, ${s} ,${p},${v}`);
      else if (odd === 3) lines.push(`${t},x,007,0${p},${v}`);
      else if (odd === 4) lines.push(`${t}.5,x,s-1,v${p},${v}`);
      else if (odd === 5) lines.push('');
      else lines.push(`${t},Mon Jan 01 2024,${s},${p},${v}`);
      if (odd === 5) continue;
      expected.push({
        participant: odd === 3 ? `0${p}` : odd === 4 ? `v${p}` : p,
        statement: odd === 3 ? '007' : odd === 4 ? 's-1' : s,
        vote: v,
        time: odd === 4 ? t + 0.5 : t,
      });
    }
    const dir = folder('bytes', { 'comments.csv': comments, 'votes.csv': `${lines.join('\r\n')}\r\n` });
    expect(fs.statSync(path.join(dir, 'votes.csv')).size).toBeGreaterThan(4 * 2 ** 20);
    expect(readPolisExport(dir).votes).toEqual(expected);
  });

  it('refuses a vote on an unknown statement, with its line', () => {
    const dir = folder('unknown', {
      'comments.csv': COMMENTS,
      'votes.csv': 'timestamp,datetime,comment-id,voter-id,vote\n1,x,0,7,1\n2,x,99,8,1\n',
    });
    expect(() => readPolisExport(dir)).toThrow(/line 3: comment-id 99 is not in comments\.csv/);
  });
  it('refuses a missing file and a missing column', () => {
    expect(() => readPolisExport(folder('no-votes', { 'comments.csv': COMMENTS }))).toThrow(PolisInputError);
    expect(() => readPolisExport(folder('no-comments', {}))).toThrow(/comments\.csv: file not found/);
    const dir = folder('no-column', {
      'comments.csv': COMMENTS,
      'votes.csv': 'timestamp,comment-id,vote\n1,0,1\n',
    });
    expect(() => readPolisExport(dir)).toThrow(/votes\.csv, line 1: missing column "voter-id"/);
  });
  it('reads the newer comments.csv (is-seed, is-meta, no datetime, another order) and refuses a bad flag', () => {
    const newer =
      'comment-id,comment-body,timestamp,author-id,agrees,disagrees,moderated,is-seed,is-meta,group-informed-consensus\n' +
      '0,Buses should be free,1,0,3,1,1,true,false,0.4\n' +
      '1,I live in the town,2,1,4,0,1,false,true,0.9\n' +
      '2,Cut the fares,3,2,1,1,0,,,0.1\n';
    const votes = 'timestamp,datetime,comment-id,voter-id,vote\n1,x,0,7,1\n2,x,1,7,1\n3,x,2,8,-1\n';
    const data = readPolisExport(folder('newer', { 'comments.csv': newer, 'votes.csv': votes }));
    expect(data.statements.map((s) => [s.id, s.text, s.status, s.seed, s.meta])).toEqual([
      ['0', 'Buses should be free', 'accepted', true, false],
      ['1', 'I live in the town', 'accepted', false, true],
      ['2', 'Cut the fares', 'unmoderated', false, false],
    ]);
    // Written back, the flags survive.
    const out = path.join(tmp, 'newer-round-trip');
    writePolisExport(out, data, new Map());
    expect(readPolisExport(out).statements.map((s) => [s.seed, s.meta])).toEqual([
      [true, false],
      [false, true],
      [false, false],
    ]);
    const bad = newer.replace('false,true,0.9', 'false,maybe,0.9');
    expect(() => readPolisExport(folder('bad-flag', { 'comments.csv': bad, 'votes.csv': votes }))).toThrow(
      /comments\.csv, line 3: is-meta "maybe" is not true or false/,
    );
  });
  it('writes an export that reads back the same', () => {
    const data = readPolisExport(`${POLIS_DIR}/15-per-hour-seattle`);
    const out = path.join(tmp, 'round-trip');
    writePolisExport(out, data, new Map([['0', 1]]));
    const again = readPolisExport(out);
    expect(again.statements.map((s) => [s.id, s.status, s.text])).toEqual(
      data.statements.map((s) => [s.id, s.status, s.text]),
    );
    expect(again.votes.length).toBe(data.votes.length);
    expect(again.polisGroups.get('0')).toBe(1);
    const out2 = path.join(tmp, 'round-trip-2');
    writePolisExport(out2, again, new Map([['0', 1]]));
    for (const f of ['votes.csv', 'comments.csv', 'participants-votes.csv']) {
      expect(fs.readFileSync(path.join(out2, f), 'utf8')).toBe(fs.readFileSync(path.join(out, f), 'utf8'));
    }
  });
});

describe('bin/broadchurch analyze', () => {
  it('writes the analysis report', async () => {
    const out = path.join(tmp, 'report.json');
    expect(await main(['analyze', `${POLIS_DIR}/15-per-hour-seattle`, '--out', out, '--seed', '3'])).toBe(0);
    const report = JSON.parse(fs.readFileSync(out, 'utf8')) as {
      method: string;
      k: number;
      seed: number;
      participants: unknown[];
      statements: unknown[];
    };
    expect(report).toMatchObject({ method: 'broadchurch', seed: 3 });
    expect(report.participants).toHaveLength(339);
    expect(report.statements).toHaveLength(54);
  });
  it('runs Polis’s method and fixed groups', async () => {
    const groups = path.join(tmp, 'groups.json');
    fs.writeFileSync(groups, JSON.stringify({ '0': 0, '1': 1, '2': 1 }));
    const out = path.join(tmp, 'fixed.json');
    expect(await main(['analyze', `${POLIS_DIR}/brexit-consensus`, '--groups', groups, '--out', out])).toBe(
      0,
    );
    const report = JSON.parse(fs.readFileSync(out, 'utf8')) as {
      k: number;
      participants: { id: string; group: number | null }[];
    };
    expect(report.k).toBe(2);
    expect(
      report.participants
        .filter((p) => p.group !== null)
        .map((p) => p.id)
        .sort(),
    ).toEqual(['0', '1', '2']);
    expect(await main(['analyze', `${POLIS_DIR}/brexit-consensus`, '--method', 'polis', '--out', out])).toBe(
      0,
    );
  });
  it('fails clearly with a non-zero exit', async () => {
    expect(await main(['analyze', path.join(tmp, 'does-not-exist')])).toBe(1);
    expect(await main(['analyze', `${POLIS_DIR}/brexit-consensus`, '--method', 'magic'])).toBe(2);
    expect(await main(['analyze'])).toBe(2);
    const bad = path.join(tmp, 'bad-groups.json');
    fs.writeFileSync(bad, '{"0": "left"}');
    expect(await main(['analyze', `${POLIS_DIR}/brexit-consensus`, '--groups', bad])).toBe(1);
  });
});
