/**
 * `npm run bench -- mail-blast`: a ballot opening for a whole party, told by mail. BENCH_MAILS members
 * (500,000 unless told) each have one mail queued (as the fan-out writes them); a worker process
 * (`serve --role worker`) sends them through its job queue to a real SMTP server (smtp-server, in this
 * process), paced to MAIL_RATE_PER_SECOND (BENCH_MAIL_RATE, 5,000 unless told) over MAIL_CONNECTIONS (BENCH_MAIL_CONNECTIONS, 16).
 * Part-way (BENCH_KILL_AT, 0.4 of them) the worker is killed with SIGKILL and another started: prints mails
 * a second, the time to the last mail, and how many arrived twice (the mails on the wire at the kill, which
 * carry the same Message-ID on their second try) and how many never (none may).
 */
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { SMTPServer } from 'smtp-server';
import { openDatabase } from '../src/db/client.ts';
import { migrate } from '../src/db/migrate.ts';
import { freshDatabase, startWorkerProcess } from '../test/helpers/voting.ts';

const MAILS = Number(process.env.BENCH_MAILS ?? 500_000);
const RATE = Number(process.env.BENCH_MAIL_RATE ?? 5_000);
const KILL_AT = Number(process.env.BENCH_KILL_AT ?? 0.4);
const PG_ADMIN = process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';

export async function run(): Promise<void> {
  process.env.TEST_DATABASE_URL ??= PG_ADMIN;
  const fresh = await freshDatabase('postgres', 'bc_bench_mail', { empty: true });
  const database = await openDatabase(fresh.target);
  await migrate(database.db);
  const client = new pg.Client({ connectionString: fresh.env.DATABASE_URL });
  await client.connect();
  const made = Date.now();
  await client.query(`insert into branches (id, parent_id, kind, name, code, path)
    values ('00000000-0000-7000-8000-000000000001', null, 'party', 'Party', 'P', '/00000000-0000-7000-8000-000000000001/')`);
  await client.query(
    `insert into members (id, name, email, home_ward_id, joined_on)
     select gen_random_uuid(), 'Member ' || n, 'member' || n || '@blast.example.org',
            '00000000-0000-7000-8000-000000000001', date '2026-01-01'
     from generate_series(1, $1) n`,
    [MAILS],
  );
  await client.query(
    `insert into mail_queue (id, member_id, kind, params, link)
     select gen_random_uuid(), id, 'ballot_opened', '{"manifesto":"Leader 2027"}'::jsonb, '/elections' from members`,
  );
  const queuedMs = Date.now() - made;

  const seen = new Map<string, number>();
  let first = 0;
  let last = 0;
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      let head = '';
      stream.on('data', (d: Buffer) => {
        if (head.length < 4096) head += d.toString();
      });
      stream.on('end', () => {
        const id = /^Message-ID:\s*(\S+)/im.exec(head)?.[1] ?? '';
        seen.set(id, (seen.get(id) ?? 0) + 1);
        first ||= Date.now();
        last = Date.now();
        callback();
      });
    },
  });
  // A killed worker's connections end abruptly: the server says so, and goes on.
  smtp.on('error', () => undefined);
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const port = (smtp.server.address() as AddressInfo).port;
  const env = {
    ...fresh.env,
    MAIL_TRANSPORT: 'smtp',
    SMTP_URL: `smtp://127.0.0.1:${port}`,
    MAIL_RATE_PER_SECOND: String(RATE),
    MAIL_CONNECTIONS: process.env.BENCH_MAIL_CONNECTIONS ?? '16',
  };
  const received = () => [...seen.values()].reduce((a, b) => a + b, 0);
  const started = Date.now();
  let worker = await startWorkerProcess(env);
  let killedAt = 0;
  while (seen.size < MAILS) {
    if (!killedAt && seen.size >= MAILS * KILL_AT) {
      worker.child.kill('SIGKILL');
      await new Promise((r) => worker.child.once('exit', r));
      killedAt = seen.size;
      worker = await startWorkerProcess(env);
    }
    if (Date.now() - started > 3_600_000) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  const seconds = (last - started) / 1000;
  const [waiting] = (
    await client.query<{ n: number }>('select count(*)::int as n from mail_queue where sent_at is null')
  ).rows;
  worker.child.kill('SIGTERM');
  await new Promise((r) => worker.child.once('exit', r));
  await client.end();
  await database.close();
  await fresh.drop();
  await new Promise<void>((resolve) => smtp.close(resolve));
  process.stdout.write(
    `${JSON.stringify({
      name: 'mail-blast',
      mails: MAILS,
      queuedInSeconds: Math.round(queuedMs / 100) / 10,
      ratePerSecondSetting: RATE,
      mailsPerSecond: Math.round(MAILS / ((last - first) / 1000)),
      secondsToLastMail: Math.round(seconds * 10) / 10,
      killedWorkerAfter: killedAt,
      distinctMessages: seen.size,
      received: received(),
      receivedTwice: [...seen.values()].filter((n) => n > 1).length,
      neverArrived: MAILS - seen.size,
      unsentInQueue: waiting?.n ?? -1,
    })}\n`,
  );
}
