/**
 * Doorstep records for tests that read them back in aggregate (Pulse, dashboards): electors made for them in
 * a ward, and one record each, made at noon on the given day and reaching the server when it was made,
 * unless `receivedAt` says otherwise.
 */
import { randomUUID } from 'node:crypto';
import { insertElectors, syntheticElectorValues, syntheticRegister } from '../../src/canvass/index.ts';
import type { Db } from '../../src/db/client.ts';
import { canvassRecords } from '../../src/db/schema/index.ts';

/** One day's answers: intention codes, '-' for a door not in. */
export type DoorstepDay = [date: string, intentions: string[], receivedAt?: Date];

/** `n` answers of one kind, e.g. `times(40, 'US')`. */
export const times = (n: number, intention: string): string[] => Array<string>(n).fill(intention);

let seed = 1;

export async function insertDoorstep(db: Db, wardId: string, days: DoorstepDay[]): Promise<void> {
  const count = days.reduce((s, [, i]) => s + i.length, 0);
  const people = syntheticElectorValues(
    syntheticRegister({ electors: count, districts: ['ZZ1'], seed: seed++ }),
    wardId,
  );
  await insertElectors(db, people);
  const rows: (typeof canvassRecords.$inferInsert)[] = [];
  let next = 0;
  for (const [date, intentions, receivedAt] of days)
    for (const intention of intentions) {
      const person = people[next++];
      if (!person) throw new Error('one elector a record');
      const madeAt = new Date(`${date}T12:00:00Z`);
      rows.push({
        id: randomUUID(),
        electorId: person.id,
        branchId: wardId,
        madeAt,
        receivedAt: receivedAt ?? madeAt,
        outcome: intention === '-' ? 'not_in' : 'spoke',
        intention: intention === '-' ? null : intention,
        strength: null,
      });
    }
  for (let i = 0; i < rows.length; i += 1000) await db.insert(canvassRecords).values(rows.slice(i, i + 1000));
}
