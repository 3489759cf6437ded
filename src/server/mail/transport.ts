/**
 * Where mail goes: an SMTP server (`SMTP_URL`, through nodemailer), or, without one, an `.eml`
 * file per message under `<DATA_DIR>/outbox`, so that nothing is lost and a demo shows what
 * would have been sent (the admin's "Hộp thư đi" page lists them).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import nodemailer from 'nodemailer';

export interface MailSettings {
  /** smtp://user:pass@host:587 or smtps://…:465; absent → .eml files in `outboxDir` */
  smtpUrl?: string | undefined;
  /** `<DATA_DIR>/outbox` */
  outboxDir: string;
  /** The From header, e.g. `Chung Tay <no-reply@chungtay.example.vn>` (`MAIL_FROM`). */
  from: string;
  /** The address users reach (`PUBLIC_URL`): links in mails point there. */
  publicUrl: string;
}

export interface OutgoingMessage {
  id: string;
  to: string;
  subject: string;
  html: string;
  text: string;
  headers: Record<string, string>;
}

export interface Delivery {
  /** 'sent' over SMTP, 'written' to a file */
  status: 'sent' | 'written';
  messageId: string;
  /** the .eml file's name under the outbox dir (files only) */
  emlFile?: string;
}

export interface MailTransport {
  readonly kind: 'smtp' | 'files';
  deliver(message: OutgoingMessage): Promise<Delivery>;
  close(): void;
}

/** The file name of a message's .eml (its id: nothing from the message itself). */
export const emlFileName = (id: string) => `${id}.eml`;

export function createMailTransport(settings: MailSettings): MailTransport {
  const base = (m: OutgoingMessage) => ({
    from: settings.from,
    to: m.to,
    subject: m.subject,
    text: m.text,
    html: m.html,
    headers: m.headers,
    messageId: `<${m.id}@${new URL(settings.publicUrl).hostname || 'chungtay'}>`,
  });
  if (settings.smtpUrl) {
    const transporter = nodemailer.createTransport(settings.smtpUrl);
    return {
      kind: 'smtp',
      async deliver(m) {
        const info = await transporter.sendMail(base(m));
        return { status: 'sent', messageId: String(info.messageId) };
      },
      close: () => transporter.close(),
    };
  }
  const transporter = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  return {
    kind: 'files',
    async deliver(m) {
      const info = await transporter.sendMail(base(m));
      await mkdir(settings.outboxDir, { recursive: true });
      const emlFile = emlFileName(m.id);
      await writeFile(join(settings.outboxDir, emlFile), info.message as Buffer);
      return { status: 'written', messageId: String(info.messageId), emlFile };
    },
    close: () => transporter.close(),
  };
}
