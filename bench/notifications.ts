/**
 * `npm run bench -- notifications`: a ballot opens to a branch of 5,000 members (in-process, on PGlite and
 * on PostgreSQL when it answers). Prints how long the request that opened it took
 * (it freezes the electorate and writes one fan-out; target under 200 ms), then how long the job took to
 * expand the fan-out and to send the mail through the outbox transport.
 */
import { openDatabase } from '../src/db/client.ts';
import { migrate } from '../src/db/migrate.ts';
import { deliverMail, expandFanouts } from '../src/notifications/index.ts';
import { freshDatabase } from '../test/helpers/voting.ts';
import { jobContext, startTestApp } from '../test/helpers/app.ts';
import { bigBranch } from '../test/helpers/big-branch.ts';
import { PG_ADMIN, postgresAnswers } from './server-bench.ts';

const SIZE = Number(process.env.BENCH_MEMBERS ?? 5000);

export async function run(): Promise<void> {
  await bench('pglite');
  if (await postgresAnswers()) await bench('postgres');
}

async function bench(kind: 'pglite' | 'postgres'): Promise<void> {
  process.env.TEST_DATABASE_URL ??= PG_ADMIN;
  const fresh = await freshDatabase(kind, 'bc_bench_notify');
  const database = await openDatabase(fresh.target);
  await migrate(database.db);
  const t = await startTestApp({}, { database });
  try {
    const branch = await bigBranch(t, SIZE);
    const ctx = jobContext(t);
    const requestMs: number[] = [];
    let expandSeconds = 0;
    let sendSeconds = 0;
    let mails = 0;
    for (let round = 0; round < 3; round++) {
      const started = performance.now();
      const opened = await branch.open();
      requestMs.push(performance.now() - started);
      if (opened.status !== 201) throw new Error(`opening the ballot answered ${opened.status}`);
      const e0 = performance.now();
      await expandFanouts(ctx);
      expandSeconds = (performance.now() - e0) / 1000;
      const s0 = performance.now();
      mails = 0;
      for (let r = await deliverMail(ctx); r.sent > 0; r = await deliverMail(ctx)) mails += r.sent;
      sendSeconds = (performance.now() - s0) / 1000;
    }
    requestMs.sort((a, b) => a - b);
    process.stdout.write(
      `${JSON.stringify({
        name: 'notifications',
        database: kind,
        members: SIZE,
        openRequestMsMedian: Math.round(requestMs[1] ?? 0),
        openRequestMsMax: Math.round(requestMs[2] ?? 0),
        expandSeconds: Number(expandSeconds.toFixed(2)),
        mails,
        sendSeconds: Number(sendSeconds.toFixed(2)),
      })}\n`,
    );
  } finally {
    await t.close();
    await fresh.drop();
  }
}
