/** Loads a polis-golden fixture (../shared/data/polis-golden) into engine input plus Polis's own output. */
import fs from 'node:fs';
import path from 'node:path';
import type { StatementInput, Vote, VoteEvent } from '../../src/math/matrix.ts';

export const GOLDEN_DIR = path.resolve(import.meta.dirname, '../../../shared/data/polis-golden');
export const POLIS_DIR = path.resolve(import.meta.dirname, '../../../shared/data/polis');

export interface PolisMath {
  'comment-priorities': Record<string, number>;
  'group-aware-consensus': Record<string, number>;
  repness: Record<string, Record<string, unknown>[]>;
  consensus: { agree: Record<string, unknown>[]; disagree: Record<string, unknown>[] };
  pca: { center: number[]; comps: number[][] };
  'group-clusters': { id: number; members: number[] }[];
  'base-clusters': { id: number[]; members: number[][] };
  'in-conv': number[];
  'mod-out': number[];
  'meta-tids': number[];
  tids: number[];
  'group-votes': Record<string, { votes: Record<string, { A: number; D: number; S: number }> }>;
}

export interface Golden {
  votes: VoteEvent[];
  statements: StatementInput[];
  groups: Map<string, number>;
  math: PolisMath;
}

interface RawVote {
  participant_id?: number;
  pid?: number;
  statement_id?: number;
  tid?: number;
  vote: number;
  modified: number | string;
}

export function loadGolden(name: string): Golden {
  const dir = path.join(GOLDEN_DIR, name);
  const math = JSON.parse(fs.readFileSync(path.join(dir, 'math-pca2.json'), 'utf8')) as PolisMath;
  const raw = JSON.parse(fs.readFileSync(path.join(dir, 'votes.json'), 'utf8')) as RawVote[];
  const votes: VoteEvent[] = raw.map((v) => ({
    participant: String(v.participant_id ?? v.pid),
    statement: String(v.statement_id ?? v.tid),
    vote: Math.sign(v.vote) as Vote,
    time: Number(v.modified),
  }));
  const out = new Set(math['mod-out']);
  const meta = new Set(math['meta-tids']);
  const tids = [...new Set([...math.tids, ...votes.map((v) => Number(v.statement))])].sort((a, b) => a - b);
  const statements: StatementInput[] = tids.map((t) => ({
    id: String(t),
    status: out.has(t) ? 'rejected' : 'accepted',
    meta: meta.has(t),
  }));
  const base = new Map<number, number[]>();
  math['base-clusters'].id.forEach((id, i) => base.set(id, math['base-clusters'].members[i] ?? []));
  const groups = new Map<string, number>();
  for (const g of math['group-clusters'])
    for (const b of g.members) for (const p of base.get(b) ?? []) groups.set(String(p), g.id);
  return { votes, statements, groups, math };
}
