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
}

export interface Mailer {
  send(mail: Mail): Promise<void>;
}

export function createMailer(config: Config, db: Db): Mailer {
  if (config.mail.transport === 'smtp') {
    const transport = nodemailer.createTransport(config.mail.smtpUrl);
    return {
      async send(mail) {
        await transport.sendMail({
          from: config.mail.from,
          to: mail.to,
          subject: mail.subject,
          text: mail.text,
          ...(mail.headers ? { headers: mail.headers } : {}),
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
