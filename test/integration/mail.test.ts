/**
 * E-mail: delivered to a real SMTP server on loopback (smtp-server) and read back; written as
 * .eml files without SMTP_URL; a failed delivery retried and then shown in the outbox with its
 * error; `chungtay mail test`.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, describe, expect, it } from 'vitest';
import { sendMail } from '#src/server/mail/mail.service.ts';
import { createTestApp } from '../helpers/app.ts';
import { runCli } from '../helpers/cli.ts';

interface Received {
  from: string;
  to: string[];
  raw: Buffer;
}

/** A real SMTP server on 127.0.0.1 that keeps what it receives (or refuses every recipient). */
async function smtpPeer(options: { refuse?: boolean } = {}) {
  const received: Received[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (options.refuse) {
        const err = Object.assign(new Error(`Mailbox ${address.address} unavailable`), { responseCode: 550 });
        callback(err);
      } else callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push({ from: String(session.envelope.mailFrom && session.envelope.mailFrom.address), to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks) });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as { port: number }).port;
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { url: `smtp://127.0.0.1:${port}`, received };
}

async function until<T>(read: () => Promise<T>, done: (v: T) => boolean): Promise<T> {
  for (let i = 0; i < 600; i++) {
    const v = await read();
    if (done(v)) return v;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('did not happen');
}

const SUBJECT = 'Cặp kết nghĩa Trường Tiểu học Ái Mộ B – Trường Tiểu học Chu Phan chờ Hiệu trưởng đồng ý';
const BODY = 'Kính gửi Hiệu trưởng,\n\nSở GDĐT đề xuất kết nghĩa giữa Trường Tiểu học Ái Mộ B (phường Bồ Đề) và Trường Tiểu học Chu Phan (xã Mê Linh). Đề nghị thầy/cô xem và trả lời.';

describe('e-mail over SMTP', () => {
  it('reaches a real SMTP server with the subject and body diacritics intact, the link right and an unsubscribe link that works', async () => {
    const peer = await smtpPeer();
    const t = await createTestApp({ mail: { smtpUrl: peer.url } });
    const leader = await t.db.selectFrom('app_user').select(['id']).where('username', '=', 'aimob.ht').executeTakeFirstOrThrow();
    const { id } = await t.db.transaction().execute((trx) =>
      sendMail(trx, { to: 'hieutruong@aimob.edu.vn', locale: 'vi', kind: 'pair.proposed', subject: SUBJECT, text: BODY, link: '/app/pairs/123', userId: leader.id, unsubscribeKind: 'pair.proposed' }),
    );
    t.jobs.wake('mail-send');
    const row = await until(() => t.db.selectFrom('mail_message').selectAll().where('id', '=', id).executeTakeFirstOrThrow(), (r) => r.status !== 'queued');
    expect(row.status, row.error ?? '').toBe('sent');
    // Sent away: the body is not kept.
    expect(row.text).toBeNull();
    expect(peer.received).toHaveLength(1);
    const got = peer.received[0]!;
    expect(got.to).toEqual(['hieutruong@aimob.edu.vn']);
    expect(got.from).toBe('no-reply@chungtay.example.vn');
    // On the wire the subject is MIME-encoded (RFC 2047), never raw 8-bit.
    const rawHead = got.raw.toString('latin1').split('\r\n\r\n')[0]!.replace(/\r\n[ \t]+/gu, ' ');
    expect(rawHead).toMatch(/^Subject: =\?UTF-8\?[BQ]\?/mu);
    const mail = await simpleParser(got.raw);
    expect(mail.subject).toBe(SUBJECT);
    expect(mail.text).toContain('Trường Tiểu học Ái Mộ B (phường Bồ Đề) và Trường Tiểu học Chu Phan (xã Mê Linh)');
    expect(mail.text).toContain('https://chungtay.example.vn/app/pairs/123');
    expect(mail.html).toContain('href="https://chungtay.example.vn/app/pairs/123"');
    expect(mail.html).toContain('Trường Tiểu học Ái Mộ B');
    expect(mail.html).toContain('Mở trong Chung Tay');
    const unsubscribe = /^List-Unsubscribe: (.*)$/mu.exec(rawHead)?.[1] ?? '';
    expect(rawHead).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click$/mu);
    const token = /\/api\/mail\/unsubscribe\/([\w-]+)/u.exec(unsubscribe)?.[1];
    expect(token, unsubscribe).toBeTruthy();
    expect(mail.text).toContain(`https://chungtay.example.vn/unsubscribe/${token}`);

    // The link stops that kind of mail for that person (kept in the app), without signing in.
    const described = await t.as(null)('GET', `/api/mail/unsubscribe/${token}`);
    expect(described.json()).toMatchObject({ kind: 'pair.proposed' });
    const oneClick = await t.app.inject({ method: 'POST', url: `/api/mail/unsubscribe/${token}`, payload: 'List-Unsubscribe=One-Click', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(oneClick.statusCode, oneClick.body).toBe(200);
    const pref = await t.db.selectFrom('notification_preference').selectAll().where('user_id', '=', leader.id).execute();
    expect(pref.map((p) => [p.kind, p.channel])).toEqual([['pair.proposed', 'app']]);
    expect((await t.as(null)('POST', '/api/mail/unsubscribe/not-a-real-token-at-all')).statusCode).toBe(404);
  });

  it('retries a refused delivery, then shows it to the department admin as failed with the server’s error', async () => {
    const peer = await smtpPeer({ refuse: true });
    const t = await createTestApp({ mail: { smtpUrl: peer.url }, jobs: { retryLimit: 1 } });
    const { id } = await t.db.transaction().execute((trx) => sendMail(trx, { to: 'khong.co@example.vn', locale: 'vi', kind: 'test', subject: 'Thử', text: 'Thử gửi' }));
    t.jobs.wake('mail-send');
    const row = await until(() => t.db.selectFrom('mail_message').selectAll().where('id', '=', id).executeTakeFirstOrThrow(), (r) => r.status === 'failed');
    expect(row.attempts).toBe(2);
    const admin = await t.signIn('so.admin');
    const failed = (await t.as(admin)('GET', '/api/mail/outbox?status=failed')).json();
    expect(failed.items).toHaveLength(1);
    expect(failed.items[0]).toMatchObject({ id, status: 'failed', attempts: 2, to: 'khong.co@example.vn' });
    expect(failed.items[0].error).toContain('550');
  }, 60_000);
});

describe('e-mail without SMTP_URL', () => {
  it('writes each message as an .eml file that the department admin finds in the outbox', async () => {
    const t = await createTestApp();
    const { id } = await t.db.transaction().execute((trx) =>
      sendMail(trx, { to: 'giaovien@chuphan.edu.vn', locale: 'vi', kind: 'test', subject: SUBJECT, text: BODY, link: 'https://chungtay.example.vn/app/pairs/9' }),
    );
    t.jobs.wake('mail-send');
    await until(() => t.db.selectFrom('mail_message').select('status').where('id', '=', id).executeTakeFirstOrThrow(), (r) => r.status !== 'queued');
    const file = join(t.dataDir, 'outbox', `${id}.eml`);
    expect(existsSync(file)).toBe(true);
    const mail = await simpleParser(readFileSync(file));
    expect(mail.subject).toBe(SUBJECT);
    expect(mail.text).toContain('Trường Tiểu học Chu Phan (xã Mê Linh)');
    expect(mail.html).toContain('href="https://chungtay.example.vn/app/pairs/9"');

    const admin = await t.signIn('so.admin');
    const outbox = (await t.as(admin)('GET', '/api/mail/outbox')).json();
    expect(outbox.items[0]).toMatchObject({ id, status: 'written', hasFile: true, subject: SUBJECT });
    const eml = await t.as(admin)('GET', `/api/mail/outbox/${id}/eml`);
    expect(eml.statusCode).toBe(200);
    expect(eml.headers['content-type']).toContain('message/rfc822');
    expect((await simpleParser(eml.rawPayload)).subject).toBe(SUBJECT);

    const teacher = await t.signIn('aimob.gv');
    expect((await t.as(teacher)('GET', '/api/mail/outbox')).statusCode).toBe(403);
    expect((await t.as(teacher)('GET', `/api/mail/outbox/${id}/eml`)).statusCode).toBe(403);
  });

  it('refuses a message to a bad address, and nothing is recorded', async () => {
    const t = await createTestApp({ workers: false, demo: false });
    await expect(t.db.transaction().execute((trx) => sendMail(trx, { to: 'not an address', locale: 'vi', kind: 'test', subject: 'x', text: 'y' }))).rejects.toMatchObject({ code: 'VALIDATION_FAILED', field: 'to' });
    expect(await t.db.selectFrom('mail_message').select('id').execute()).toEqual([]);
  });

  it('chungtay mail test ADDRESS writes the test message and says where', async () => {
    const t = await createTestApp({ workers: false, demo: false });
    const dataDir = mkdtempSync(join(tmpdir(), 'chungtay-mailtest-'));
    afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
    const r = await runCli(['--json', 'mail', 'test', 'vanthu@so.hanoi.edu.vn'], { DATABASE_URL: t.url, DATA_DIR: dataDir, PUBLIC_URL: 'https://chungtay.example.vn' });
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ ok: true, status: 'written' });
    const mail = await simpleParser(readFileSync(out.file));
    expect(mail.subject).toContain('tiếng Việt có dấu: Đồng ý, Hiệu trưởng, Ứng dụng');
    expect(mail.text).toContain('Trường Tiểu học Ái Mộ B');
  });
});
