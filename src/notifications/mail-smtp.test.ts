/**
 * The mail queue sending through a real SMTP server (smtp-server, listening on a port of its own): mail
 * goes over a few pooled connections, paced to MAIL_RATE_PER_SECOND, each with a Message-ID of its own
 * that stays the same when a mail is tried again; a crash part-way through leaves the unsent mail to the
 * next sender, and nothing already accepted is sent again.
 */
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../db/client.ts';
import { mailQueue } from '../db/schema/index.ts';
import { createMailer } from '../lib/mailer.ts';
import { serviceContext } from '../server/context.ts';
import { makeTree } from '../../test/helpers/factories.ts';
import { makeActor, openServiceWorld, type ServiceWorld } from '../../test/helpers/service.ts';
import { testConfig } from '../../test/helpers/config.ts';
import * as service from './notification.service.ts';

interface Received {
  to: string;
  messageId: string;
  at: number;
}

let w: ServiceWorld;
let smtp: SMTPServer;
let port = 0;
const received: Received[] = [];
let connections = 0;
let openNow = 0;
let mostOpen = 0;
/** Refuse the DATA of the next n mails (the relay busy for a moment). */
let refuse = 0;

beforeAll(async () => {
  w = await openServiceWorld();
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onConnect(_session, callback) {
      connections++;
      openNow++;
      mostOpen = Math.max(mostOpen, openNow);
      callback();
    },
    onClose() {
      openNow--;
    },
    onData(stream, session, callback) {
      let text = '';
      stream.on('data', (d: Buffer) => (text += d.toString()));
      stream.on('end', () => {
        if (refuse > 0) {
          refuse--;
          callback(Object.assign(new Error('Try again later'), { responseCode: 451 }));
          return;
        }
        received.push({
          to: session.envelope.rcptTo[0]?.address ?? '',
          messageId: /^Message-ID:\s*(\S+)/im.exec(text)?.[1] ?? '',
          at: Date.now(),
        });
        callback();
      });
    },
  });
  smtp.on('error', () => undefined);
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  port = (smtp.server.address() as AddressInfo).port;
});
afterAll(async () => {
  await new Promise<void>((resolve) => smtp.close(resolve));
  await w.database.close();
});

/** A sender as a worker process is: SMTP to the test's server at `rate` a second over `conns` connections. */
function sender(rate: number, conns: number) {
  const config = testConfig({
    MAIL_TRANSPORT: 'smtp',
    SMTP_URL: `smtp://127.0.0.1:${port}`,
    MAIL_RATE_PER_SECOND: String(rate),
    MAIL_CONNECTIONS: String(conns),
  });
  return serviceContext({ config, db: w.db, mailer: createMailer(config, w.db) });
}

async function queueFor(n: number): Promise<string[]> {
  const tree = await makeTree(w.db);
  const ids: string[] = [];
  const rows = [];
  for (let i = 0; i < n; i++) {
    const member = (await makeActor(w.db, tree.wardA)).member;
    const id = randomUUID();
    ids.push(id);
    rows.push({
      id,
      memberId: member.id,
      kind: 'ballot_opened' as const,
      params: { manifesto: 'Blast' },
      link: '/',
    });
  }
  await w.db.insert(mailQueue).values(rows);
  return ids;
}

describe('mail through SMTP', () => {
  it('goes over pooled connections, paced to the rate, each mail once with its own Message-ID', async () => {
    received.length = 0;
    connections = 0;
    mostOpen = 0;
    const ids = await queueFor(60);
    const ctx = sender(100, 3);
    const started = Date.now();
    let sent = 0;
    while (sent < 60) sent += (await service.deliverMail(ctx, { batch: 25 })).sent;
    const took = Date.now() - started;
    expect(received).toHaveLength(60);
    // 60 mails at 100 a second: not before 0.59 s.
    expect(took).toBeGreaterThanOrEqual(590);
    // A few connections, kept open: not one a mail.
    expect(mostOpen).toBeLessThanOrEqual(3);
    expect(connections).toBeLessThanOrEqual(6);
    // One Message-ID per queued mail, named by it.
    expect(new Set(received.map((r) => r.messageId)).size).toBe(60);
    for (const id of ids) expect(received.some((r) => r.messageId.includes(id))).toBe(true);
    const [row] = await queryRows<{ waiting: number }>(
      w.db,
      sql`select count(*)::int as waiting from mail_queue where sent_at is null`,
    );
    expect(row?.waiting).toBe(0);
  });

  it('a mail the relay turns away is tried again later under the same Message-ID; a sender that dies leaves its mail to another', async () => {
    received.length = 0;
    const [first, second] = await queueFor(2);
    refuse = 1;
    const ctx = sender(1000, 1);
    const r1 = await service.deliverMail(ctx);
    expect(r1).toEqual({ sent: 1, failed: 1 });
    const refused =
      received.length === 1 ? [first, second].find((id) => !received[0]?.messageId.includes(id ?? '')) : '';
    // Due again now, as after its pause: the same Message-ID as the try the relay refused.
    await w.db.execute(sql`update mail_queue set due_at = now() where sent_at is null`);
    expect(await service.deliverMail(ctx)).toEqual({ sent: 1, failed: 0 });
    expect(received).toHaveLength(2);
    expect(received[1]?.messageId).toContain(refused ?? 'none');

    // A sender claims mail and dies before sending (its lease of the batch is all that is left): once the
    // lease has run out, another sends it, once.
    received.length = 0;
    const [lost] = await queueFor(1);
    await queryRows(
      w.db,
      sql`update mail_queue set claimed_until = now() + interval '1 hour', attempts = 1 where id = ${lost}`,
    );
    expect(await service.deliverMail(ctx)).toEqual({ sent: 0, failed: 0 });
    await w.db.execute(
      sql`update mail_queue set claimed_until = now() - interval '1 second' where id = ${lost}`,
    );
    expect(await service.deliverMail(ctx)).toEqual({ sent: 1, failed: 0 });
    expect(await service.deliverMail(ctx)).toEqual({ sent: 0, failed: 0 });
    expect(received.map((r) => r.messageId)).toEqual([
      `<mail-${lost}@${new URL(w.config.publicUrl).hostname}>`,
    ]);
  });
});
