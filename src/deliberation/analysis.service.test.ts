import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/client.ts';
import { analyses, analysisJobs, conversations } from '../db/schema/index.ts';
import { openTestDatabase } from '../../test/helpers/db.ts';
import { makeTree } from '../../test/helpers/factories.ts';
import { prepareVoting } from '../../test/helpers/voting.ts';
import { newId } from '../lib/ids.ts';
import { AnalysisRunner, requestAnalysis } from './analysis.service.ts';

let database: Database;

beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  await database.close();
});

describe('analysis jobs', () => {
  it('two runners share the queued conversations: each is computed exactly once', async () => {
    const db = database.db;
    const tree = await makeTree(db);
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) {
      const id = newId();
      await db.insert(conversations).values({
        id,
        branchId: tree.party.id,
        title: `c${i}`,
        question: 'q',
        opensAt: new Date(),
        access: 'branch',
        moderation: 'post',
        linkToken: newId().replace(/-/g, ''),
      });
      await requestAnalysis(db, id);
      ids.push(id);
    }
    const a = new AnalysisRunner(db);
    const b = new AnalysisRunner(db);
    const [na, nb] = await Promise.all([a.drain({ all: true }), b.drain({ all: true })]);
    expect(na + nb).toBe(6);
    for (const id of ids) {
      const [row] = await db
        .select({ version: analyses.version })
        .from(analyses)
        .where(eq(analyses.conversationId, id));
      expect(row?.version).toBe(1);
    }
    expect(await db.select().from(analysisJobs)).toEqual([]);
    await Promise.all([a.stop(), b.stop()]);
  });

  it('a job is not due until the debounce has passed', async () => {
    const db = database.db;
    const prepared = await prepareVoting(database, { members: 0, statements: 3, code: 'DEBOUNCE' });
    await requestAnalysis(db, prepared.conversationId);
    const runner = new AnalysisRunner(db);
    expect(await runner.drain()).toBe(0);
    expect(await runner.drain({ all: true })).toBe(1);
    await runner.stop();
  });
});
