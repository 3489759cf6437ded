import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { systemContext } from '#src/server/context.ts';
import { IMPORT_QUEUE } from '#src/server/features/schools/school-import.jobs.ts';
import { createJobQueue } from '#src/server/jobs/jobs.ts';
import { createTestApp } from '../helpers/app.ts';
import { runCli } from '../helpers/cli.ts';
import { oneHugeCell, truncatedZip, twelveHugeStrings } from '../helpers/hostile-xlsx.ts';
import { messyWorkbook, XLSX } from '../helpers/registry-files.ts';
import { createCampaign } from '../factories/campaigns.ts';
import { createSchool } from '../factories/schools.ts';
import { createDepartmentAdmin } from '../factories/users.ts';

type T = Awaited<ReturnType<typeof createTestApp>>;

/** A department admin of each test app's own (the apps are built without the demo). */
const admins = new WeakMap<T, { username: string; password: string }>();
async function signInAdmin(t: T) {
  let admin = admins.get(t);
  if (!admin) admins.set(t, (admin = await createDepartmentAdmin(t.db)));
  return t.signIn(admin.username, admin.password);
}

const list = () =>
  messyWorkbook([
    { code: 'JOB-01', name: 'Trường Tiểu học Hàng Hợp', level: 'Tiểu học', area: 'Nội thành' },
    { code: 'JOB-02', name: 'Trường Tiểu học Nghĩa Tân', level: 'Tiểu học', area: 'Ngoại thành' },
  ]);

async function upload(t: T, file: Buffer): Promise<string> {
  const admin = await signInAdmin(t);
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/schools/imports?fileName=ds.xlsx',
    payload: file,
    headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrfToken, 'content-type': XLSX },
  });
  expect(res.statusCode, res.body).toBe(202);
  return res.json().id as string;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function importState(t: T, id: string): Promise<any> {
  const admin = await signInAdmin(t);
  return (await t.as(admin)('GET', `/api/schools/imports/${id}`)).json();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function until(read: () => Promise<any>, done: (r: { status: string }) => boolean): Promise<any> {
  for (let i = 0; i < 600; i++) {
    const r = await read();
    if (done(r)) return r;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('did not finish');
}

const ended = (job: { status: string }) => !['queued', 'running'].includes(job.status);

describe('the job queue', () => {
  it('keeps a queued import through a restart: a node started later does it', async () => {
    const t = await createTestApp({ demo: false, workers: false });
    const id = await upload(t, await list());
    expect(await importState(t, id)).toMatchObject({ status: 'queued' });
    await t.jobs.stop();

    // The node restarts: a new queue over the same database, with its workers.
    const restarted = createJobQueue(t.db, { pollSeconds: 0.5, schedules: false });
    await restarted.startWorkers();
    try {
      const job = await until(() => importState(t, id), ended);
      expect(job).toMatchObject({ status: 'succeeded', created: 2, error: null });
      expect(await t.db.selectFrom('school').select('code').where('code', 'in', ['JOB-01', 'JOB-02']).execute()).toHaveLength(2);
    } finally {
      await restarted.stop();
    }
  });

  it('does not run a job twice for one key', async () => {
    const t = await createTestApp({ demo: false, workers: false });
    const id = await upload(t, await list());
    // The same key again (a retried request, a second node): no second job.
    expect(await t.jobs.send(IMPORT_QUEUE, id, { importId: id, ctx: systemContext('test') })).toBe(false);
    const workers = createJobQueue(t.db, { pollSeconds: 0.5, schedules: false });
    await workers.startWorkers();
    try {
      await until(() => importState(t, id), ended);
      expect(await t.jobs.send(IMPORT_QUEUE, id, { importId: id, ctx: systemContext('test') })).toBe(false);
      const audits = await t.db.selectFrom('audit_log').select('id').where('action', '=', 'school.import').where('entity_id', '=', id).execute();
      expect(audits).toHaveLength(1);
    } finally {
      await workers.stop();
    }
  });

  it('an import whose end cannot be recorded writes no school: retried, it reports the schools it created, once', async () => {
    const t = await createTestApp({ demo: false });
    // The node fails between writing the schools and recording the import (the first time only),
    // as a node killed there would: the database refuses the first 'succeeded' of the import.
    // (A sequence counts the tries: it is not rolled back with the refused update.)
    await sql`create sequence import_end_tries`.execute(t.db);
    await sql`create function refuse_first_import_end() returns trigger language plpgsql as $$
      begin
        if nextval('import_end_tries') = 1 then raise exception 'the node died here'; end if;
        return new;
      end $$`.execute(t.db);
    await sql`create trigger refuse_first_import_end before update on school_import
      for each row when (new.status = 'succeeded') execute function refuse_first_import_end()`.execute(t.db);
    const id = await upload(t, await list());
    const job = await until(() => importState(t, id), ended);
    expect(job).toMatchObject({ status: 'succeeded', created: 2, error: null });
    expect(await t.db.selectFrom('school').select('code').where('code', 'in', ['JOB-01', 'JOB-02']).execute()).toHaveLength(2);
    const audits = await t.db.selectFrom('audit_log').select('id').where('action', '=', 'school.import').where('entity_id', '=', id).execute();
    expect(audits).toHaveLength(1);
  }, 90_000);

  it('ends an engine thread that outlives the time limit, and shows the run failed with the reason', async () => {
    // A 1 ms limit: the engine thread cannot answer in time, as a hung one would not.
    const t = await createTestApp({ demo: false, jobs: { timeLimitMs: 1 } });
    const admin = await signInAdmin(t);
    const campaign = (await createCampaign(t.db)).id;
    // Schools for the engine to pair: an inner-city and a suburban primary school, twice.
    for (const areaType of ['inner-city', 'suburban', 'inner-city', 'suburban'] as const) await createSchool(t.db, { areaType });
    const res = await t.as(admin)('POST', '/api/matching/runs', { campaignId: campaign, levels: ['primary'] });
    const run = await until(async () => (await t.as(admin)('GET', `/api/matching/runs/${res.json().id}`)).json(), ended);
    expect(run).toMatchObject({ status: 'failed', error: { code: 'JOB_TIME_LIMIT' } });
    expect(run.error.message).toContain('quá thời gian cho phép');
    const history = (await t.as(admin)('GET', `/api/matching/runs?campaignId=${campaign}`)).json().items;
    expect(history[0]).toMatchObject({ id: run.id, status: 'failed', error: { code: 'JOB_TIME_LIMIT' } });
  });
});

describe('an .xlsx that would take the server down', () => {
  it('fails the import with a clear Vietnamese reason, and the server goes on', async () => {
    const t = await createTestApp({ demo: false });
    const done = async (file: Buffer) => {
      const id = await upload(t, file);
      return until(() => importState(t, id), ended);
    };
    const job = await done(twelveHugeStrings());
    expect(job).toMatchObject({ status: 'failed', error: { code: 'IMPORT_FILE_PART_TOO_LARGE' } });
    expect(job.error.message).toBe(
      'Một phần của tệp Excel (xl/sharedStrings.xml) quá lớn khi giải nén (3600 MB, tối đa 100 MB) nên không được đọc. Vui lòng bỏ dữ liệu thừa hoặc chia danh sách thành nhiều tệp.',
    );
    const cell = await done(oneHugeCell());
    expect(cell).toMatchObject({ status: 'failed', error: { code: 'IMPORT_FILE_PART_TOO_LARGE' } });
    const damaged = await done(truncatedZip(await list()));
    expect(damaged).toMatchObject({ status: 'failed', error: { code: 'IMPORT_FILE_UNREADABLE' } });
    expect(damaged.error.message).toContain('tệp đã bị hỏng');
    // The same node imports the next good file.
    expect(await done(await list())).toMatchObject({ status: 'succeeded', created: 2 });
  });

  it('makes `chungtay schools import` exit non-zero with the message', async () => {
    const t = await createTestApp({ demo: false, workers: false });
    const dir = await mkdtemp(join(tmpdir(), 'chungtay-bomb-'));
    try {
      const file = join(dir, 'bad.xlsx');
      await writeFile(file, truncatedZip(await list()));
      const res = await runCli(['schools', 'import', file], { DATABASE_URL: t.url });
      expect(res.code).toBe(1);
      expect(res.stderr).toContain('Không đọc được tệp');
      expect(res.stderr).toContain('cannot be read');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
