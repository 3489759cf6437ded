import { describe, expect, it } from 'vitest';
import { systemContext } from '#src/server/context.ts';
import { loadDemoData } from '#src/server/features/demo/demo.service.ts';
import { localUploadsDir } from '#src/server/files/create-file-store.ts';
import { LocalFileStore } from '#src/server/files/local-file-store.ts';
import { createTestApp } from '../helpers/app.ts';

const t = await createTestApp();

async function auditRows(action: string) {
  return t.db.selectFrom('audit_log').selectAll().where('action', '=', action).orderBy('id').execute();
}

describe('every change writes one audit row in the same transaction', () => {
  it('creating an account records who, what, when and the new values, never the password', async () => {
    const admin = await t.signIn('so.admin');
    const res = await t.as(admin)('POST', '/api/users', {
      username: 'aimob.ct',
      displayName: 'Chủ tịch Công đoàn Ái Mộ B',
      password: 'CongDoan2025',
      role: 'school-coordinator',
      schoolCode: 'DEMO-TH-AIMOB',
    });
    expect(res.statusCode).toBe(201);
    const rows = await auditRows('user.create');
    expect(rows).toHaveLength(1);
    const row = rows[0]!;
    expect(row.actor_username).toBe('so.admin');
    expect(row.entity_id).toBe(res.json().id);
    expect(row.after).toMatchObject({ username: 'aimob.ct', role: 'school-coordinator' });
    expect(JSON.stringify(row)).not.toContain('CongDoan2025');
    expect(Date.now() - row.at.getTime()).toBeLessThan(60_000);
  });

  it('changing the language records before and after', async () => {
    const user = await t.signIn('aimob.gv');
    const res = await t.as(user)('PATCH', '/api/auth/me', { locale: 'en' });
    expect(res.json().locale).toBe('en');
    const [row] = await auditRows('user.locale');
    expect(row).toMatchObject({ actor_username: 'aimob.gv', before: { locale: 'vi' }, after: { locale: 'en' } });
  });

  it('a refused change leaves no audit row and changes nothing', async () => {
    const admin = await t.signIn('so.admin');
    const before = await t.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const res = await t.as(admin)('POST', '/api/users', {
      username: 'aimob.ht',
      displayName: 'Trùng tên',
      password: 'TrungTen2025',
      role: 'teacher',
      schoolCode: 'DEMO-TH-AIMOB',
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toMatchObject({ code: 'USERNAME_TAKEN', field: 'username' });
    const after = await t.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('a school leader may not create accounts for another school', async () => {
    const leader = await t.signIn('chuphan.ht');
    const res = await t.as(leader)('POST', '/api/users', {
      username: 'x.test',
      displayName: 'X',
      password: 'Password2025',
      role: 'teacher',
      schoolCode: 'DEMO-TH-AIMOB',
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().error).toMatchObject({ code: 'ACCOUNT_SCHOOL_OUTSIDE_SCOPE', field: 'schoolId' });
    expect(await auditRows('user.create')).toHaveLength(1);
  });
});

describe('the demo data', () => {
  it('loads only once: a second load changes nothing', async () => {
    const count = async () =>
      Number((await t.db.selectFrom('school').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    expect(await count()).toBe(10);
    const again = await loadDemoData(t.db, systemContext('test'), new LocalFileStore(localUploadsDir(t.dataDir)));
    expect(again).toEqual({ loaded: false, reason: 'already-loaded' });
    expect(await count()).toBe(10);
    expect(await auditRows('demo.load')).toHaveLength(1);
  });

  it('holds the signed MoU of Chu Phan – Ái Mộ B with its five articles and both principals', async () => {
    const mou = await t.db
      .selectFrom('mou')
      .selectAll()
      .where('status', '=', 'signed')
      // The demo's first signature (later ones: Nhân Chính – PTDTNT on 25/10/2023, the 2026–2028 phase).
      .orderBy('signed_on')
      .limit(1)
      .executeTakeFirstOrThrow();
    expect(mou.signed_on).toBe('2023-03-13');
    const content = mou.content as { articles: { number: number; title: string }[] };
    expect(content.articles.map((a) => a.title)).toEqual([
      'Mục tiêu',
      'Nội dung và cách thức triển khai',
      'Thời gian thực hiện',
      'Cơ chế hợp tác và trao đổi thông tin',
      'Cơ chế thực hiện',
    ]);
    const signatures = await t.db.selectFrom('mou_signature').select('signatory_name').where('mou_id', '=', mou.id).execute();
    expect(signatures.map((s) => s.signatory_name).sort()).toEqual(['Hoàng Thị Bích Thu', 'Nguyễn Văn Tuấn']);
  });
});
