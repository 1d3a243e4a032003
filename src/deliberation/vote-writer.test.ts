import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows, type Database } from '../db/client.ts';
import { participants, votes } from '../db/schema/index.ts';
import { openTestDatabase } from '../../test/helpers/db.ts';
import { prepareVoting } from '../../test/helpers/voting.ts';
import { newId } from '../lib/ids.ts';
import { VoteWriter } from './vote-writer.ts';

let database: Database;

beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  await database.close();
});

describe('the vote writer with several batches in flight', () => {
  it("keeps each participant's votes in the order they were cast, and acknowledges each after its commit", async () => {
    const db = database.db;
    const prepared = await prepareVoting(database, { members: 0, statements: 4, code: 'WRITER' });
    const people = Array.from({ length: 30 }, (_, i) => ({
      id: newId(),
      conversationId: prepared.conversationId,
      number: 1 + i,
    }));
    await db.insert(participants).values(people);
    const writer = new VoteWriter(db, { inFlight: 4 });
    const statementId = prepared.statementIds[0] ?? '';
    const last = new Map<string, number>();
    const acknowledged: Promise<void>[] = [];
    // Twenty waves: each participant changes their vote on the same statement in every wave (as from two
    // tabs), and a wave is written while earlier ones may still be in flight.
    for (let wave = 0; wave < 20; wave++) {
      for (const [i, p] of people.entries()) {
        const value = (((wave + i) % 3) - 1) as -1 | 0 | 1;
        last.set(p.id, value);
        acknowledged.push(
          writer
            .write({ participantId: p.id, statementId, conversationId: prepared.conversationId, value })
            .then(async (outcome) => {
              expect(outcome).toBe('accepted');
              // Acknowledged: the vote (or a later one of theirs) is committed.
              const [row] = await db.select().from(votes).where(eq(votes.participantId, p.id));
              expect(row).toBeDefined();
            }),
        );
      }
      await new Promise((r) => setImmediate(r));
    }
    await Promise.all(acknowledged);
    const rows = await db
      .select({ p: votes.participantId, v: votes.value })
      .from(votes)
      .where(eq(votes.conversationId, prepared.conversationId));
    expect(rows).toHaveLength(people.length);
    for (const r of rows) expect(r.v).toBe(last.get(r.p));
    // Each change was logged once, in order: the last event of each participant is their last vote.
    const events = await queryRows<{ p: string; v: number }>(
      db,
      sql`select distinct on (participant_id) participant_id as p, value as v
      from vote_events where conversation_id = ${prepared.conversationId} order by participant_id, id desc`,
    );
    for (const e of events) expect(e.v).toBe(last.get(e.p));
  });

  it('answers a vote on a statement of no conversation as not found, beside the others of its batch', async () => {
    const db = database.db;
    const prepared = await prepareVoting(database, { members: 0, statements: 2, code: 'WRITER2' });
    const p = { id: newId(), conversationId: prepared.conversationId, number: 1 };
    await db.insert(participants).values(p);
    const writer = new VoteWriter(db, { inFlight: 4 });
    const base = { participantId: p.id, conversationId: prepared.conversationId, value: 1 as const };
    const [good, missing] = await Promise.all([
      writer.write({ ...base, statementId: prepared.statementIds[1] ?? '' }),
      writer.write({ ...base, statementId: newId() }),
    ]);
    expect(good).toBe('accepted');
    expect(missing).toBeNull();
  });
});
