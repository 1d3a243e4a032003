/**
 * Outgoing mail. In development and tests it lands in the `mail_outbox` table (shown at /dev/outbox);
 * in production it goes out by SMTP.
 */
import nodemailer from 'nodemailer';
import type { Config } from '../config.ts';
import type { Db } from '../db/client.ts';
import { storeMail } from './mail-outbox.repo.ts';

export interface Mail {
  to: string;
  subject: string;
  text: string;
  /** Headers beside To and Subject, such as List-Unsubscribe. */
  headers?: Record<string, string>;
  /**
   * The message's identity (`<…@…>`), the same on every try: a mail tried again after a crash part-way
   * through its sending carries the Message-ID of the first try, so the receiving side can tell the two
   * are one.
   */
  messageId?: string;
}

export interface Mailer {
  send(mail: Mail): Promise<void>;
}

export function createMailer(config: Config, db: Db): Mailer {
  if (config.mail.transport === 'smtp') {
    // A pool of open connections (a connection a mail would spend most of its time greeting the relay).
    const url = new URL(config.mail.smtpUrl ?? '');
    url.searchParams.set('pool', 'true');
    url.searchParams.set('maxConnections', String(config.mail.connections));
    const transport = nodemailer.createTransport(url.toString());
    const pace = pacer(config.mail.ratePerSecond);
    return {
      async send(mail) {
        await pace();
        await transport.sendMail({
          from: config.mail.from,
          to: mail.to,
          subject: mail.subject,
          text: mail.text,
          ...(mail.headers ? { headers: mail.headers } : {}),
          ...(mail.messageId ? { messageId: mail.messageId } : {}),
        });
      },
    };
  }
  return {
    async send(mail) {
      await storeMail(db, mail);
    },
  };
}

/**
 * Spaces calls `1 / perSecond` seconds apart, however many wait at once: each call takes the next free
 * moment and waits for it.
 */
export function pacer(perSecond: number): () => Promise<void> {
  const gapMs = 1000 / perSecond;
  let next = 0;
  return () => {
    const now = performance.now();
    const at = Math.max(now, next);
    next = at + gapMs;
    return at <= now ? Promise.resolve() : new Promise((r) => setTimeout(r, at - now));
  };
}
