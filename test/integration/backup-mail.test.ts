import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { backup, restore } from '#src/server/backup/backup.service.ts';
import { LocalFileStore } from '#src/server/files/local-file-store.ts';
import { MAIL_QUEUE, sendMail } from '#src/server/mail/mail.service.ts';
import { createTestApp } from '../helpers/app.ts';
import { createTestDatabase } from '../helpers/db.ts';

/**
 * A backup holds the app's rows, not the job queue (docs/operations.md, "Backup and restore"):
 * a restored system never sends again a mail that left before or after the backup was taken.
 */
const t = await createTestApp({ demo: false, workers: false });
const work = mkdtempSync(join(tmpdir(), 'chungtay-backup-mail-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const store = new LocalFileStore(join(t.dataDir, 'uploads'));

const mail = (subject: string) =>
  t.db.transaction().execute((trx) => sendMail(trx, { to: 'hieutruong@example.edu.vn', locale: 'vi', kind: 'test', subject, text: `${subject}: nội dung` }));
const statusOf = async (url: string, id: string) => {
  const c = new pg.Client(url);
  await c.connect();
  try {
    return (await c.query<{ status: string }>('select status from mail_message where id = $1', [id])).rows[0]?.status ?? null;
  } finally {
    await c.end();
  }
};
/** Wait (bounded) until the worker has delivered `id`. */
async function delivered(id: string) {
  for (let i = 0; i < 400; i++) {
    if ((await statusOf(t.url, id)) === 'written') return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`mail ${id} was not delivered`);
}
const eml = (id: string) => join(t.dataDir, 'outbox', `${id}.eml`);
const pendingMailJobs = async (url: string) => {
  const c = new pg.Client(url);
  await c.connect();
  try {
    const schema = (await c.query(`select 1 from pg_namespace where nspname = 'pgboss'`)).rowCount;
    if (!schema) return 0;
    return Number((await c.query<{ n: string }>(`select count(*)::text as n from pgboss.job where name = $1 and state < 'completed'`, [MAIL_QUEUE])).rows[0]!.n);
  } finally {
    await c.end();
  }
};

describe('a backup and its restore, and the mail', () => {
  it('send no mail again: neither one sent before the backup nor one queued then and sent after', async () => {
    const before = await mail('Gửi trước khi sao lưu');
    await t.jobs.startWorkers();
    await delivered(before.id);
    await t.jobs.stop();
    // Queued when the backup is taken, delivered after it.
    const during = await mail('Đang chờ gửi khi sao lưu');
    const file = join(work, 'with-mail.tar.gz');
    await backup(t.url, store, file, 'test', new Date('2026-03-02T03:00:00Z'));
    await t.jobs.startWorkers();
    await delivered(during.id);
    const sentAt = { before: statSync(eml(before.id)).mtimeMs, during: statSync(eml(during.id)).mtimeMs };

    // Into a fresh database (another machine): no job comes with the rows.
    const fresh = await createTestDatabase();
    afterAll(() => fresh.drop());
    await restore(fresh.url, new LocalFileStore(join(work, 'fresh-uploads')), file, { force: false });
    expect(await pendingMailJobs(fresh.url)).toBe(0);
    expect(await statusOf(fresh.url, before.id)).toBe('written');
    // Queued in the backup: it may have left after it, so it stays queued (shown in the outbox), not sent again.
    expect(await statusOf(fresh.url, during.id)).toBe('queued');

    // Over the same system (last night's backup), with its workers running.
    await restore(t.url, store, file, { force: true });
    const after = await mail('Gửi sau khi khôi phục');
    await delivered(after.id);
    expect(await statusOf(t.url, before.id)).toBe('written');
    expect(await statusOf(t.url, during.id)).toBe('queued');
    expect(statSync(eml(before.id)).mtimeMs).toBe(sentAt.before);
    expect(statSync(eml(during.id)).mtimeMs).toBe(sentAt.during);
    expect(await pendingMailJobs(t.url)).toBe(0);
  });
});
