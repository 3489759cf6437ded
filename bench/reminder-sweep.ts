/**
 * Reminder sweep benchmark: 20,000 generated pairs waiting for their schools' answers (each
 * school with a leader who has an e-mail address; proposals from 0 to 30 days old), then one
 * sweep — reminders after 7 days, the department after 14 — timed, and a second sweep that
 * finds nothing left to tell.
 *
 *   node --import tsx bench/reminder-sweep.ts [pairs]     (DATABASE_URL unset: embedded PostgreSQL in a temp dir)
 */
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { openDatabase } from '#src/db/database.ts';
import { migrate } from '#src/db/migrate.ts';
import { runReminderSweep } from '#src/server/features/notifications/reminders.ts';
import { createJobQueue } from '#src/server/jobs/jobs.ts';

const PAIRS = Number(process.argv[2] ?? 20_000);
const dir = await mkdtemp(join(tmpdir(), 'chungtay-bench-sweep-'));
await chmod(dir, 0o755);
const handle = await openDatabase({ databaseUrl: process.env.DATABASE_URL, dataDir: join(dir, 'data'), poolSize: 5 });
const db = handle.db;
try {
  await migrate(db);
  const jobs = createJobQueue(db, {}, undefined, { outboxDir: join(dir, 'outbox'), from: 'bench@localhost', publicUrl: 'http://localhost:3000' });
  await jobs.start(); // the queues mail is sent to
  let t = Date.now();
  await sql`insert into campaign (number, issuer, issued_on, title, phase_start_year, phase_end_year) values ('BENCH/KH', 'Sở GDĐT', '2026-01-01', 'Bench', 2026, 2028)`.execute(db);
  await sql`insert into school (code, name, short_name, level, area_type)
    select 'B' || g, 'Trường Tiểu học Thử ' || g, 'TH Thử ' || g, 'primary', case when g % 2 = 0 then 'inner-city' else 'suburban' end
    from generate_series(1, ${PAIRS * 2}) g`.execute(db);
  await sql`insert into app_user (username, display_name, email, password_hash, role, school_id)
    select 'ht.' || lower(s.code), 'Hiệu trưởng ' || s.short_name, lower(s.code) || '@bench.edu.vn', 'x', 'school-leader', s.id from school s where s.code like 'B%'`.execute(db);
  await sql`insert into app_user (username, display_name, email, password_hash, role) values ('so.bench', 'Sở', 'so@bench.edu.vn', 'x', 'department-admin')`.execute(db);
  await sql`with p as (
      insert into pair (campaign_id, state, created_at, search_key)
      select c.id, 'proposed', now() - make_interval(days => (g % 31)), 'b' || g from campaign c, generate_series(1, ${PAIRS}) g
      returning id, search_key
    )
    insert into pair_member (pair_id, school_id, position)
    select p.id, s.id, x.pos from p cross join (values (0), (1)) x(pos)
    join school s on s.code = 'B' || (substr(p.search_key, 2)::int * 2 - x.pos)`.execute(db);
  console.log(`generated ${PAIRS} pairs, ${PAIRS * 2} schools and leaders in ${Date.now() - t} ms`);

  t = Date.now();
  const first = await runReminderSweep(db, new Date());
  const ms = Date.now() - t;
  const counts = await sql<{ n: string; m: string }>`select (select count(*) from notification) as n, (select count(*) from mail_message) as m`.execute(db);
  console.log(
    `sweep: ${first.told} steps told (${first.batches} batches) in ${ms} ms = ${Math.round((first.told / ms) * 1000)} steps/s, ${Math.round((PAIRS / ms) * 1000)} pairs/s; ${counts.rows[0]!.n} notifications, ${counts.rows[0]!.m} mails queued`,
  );
  t = Date.now();
  const second = await runReminderSweep(db, new Date());
  console.log(`second sweep: ${second.told} told in ${Date.now() - t} ms (nothing left to tell)`);
  await jobs.stop();
} finally {
  await handle.close();
  await rm(dir, { recursive: true, force: true });
}
