/**
 * The demo data itself (`chungtay demo`, loaded by the test app by default): loaded once, and
 * the story it tells. Tests of features build their own rows (test/factories) instead.
 */
import { describe, expect, it } from 'vitest';
import { systemContext } from '#src/server/context.ts';
import { loadDemoData } from '#src/server/features/demo/demo.service.ts';
import { localUploadsDir } from '#src/server/files/create-file-store.ts';
import { LocalFileStore } from '#src/server/files/local-file-store.ts';
import { createTestApp } from '../helpers/app.ts';
import { demoIds } from '../helpers/pairs.ts';

const t = await createTestApp();

async function auditRows(action: string) {
  return t.db.selectFrom('audit_log').selectAll().where('action', '=', action).orderBy('id').execute();
}

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

describe('the demo schools', () => {
  it('stand in their real communes: the one of 2023 and the one of today', async () => {
    const asAdmin = t.as(await t.signIn('so.admin'));
    const list = (await asAdmin('GET', '/api/schools?q=DEMO&limit=50')).json().items as { id: string; code: string; units: { name: string }[] }[];
    expect(list).toHaveLength(10);
    const today = Object.fromEntries(list.map((s) => [s.code, s.units.map((u) => u.name).join(', ')]));
    expect(today).toMatchObject({
      'DEMO-TH-CHUPHAN': 'Thành phố Hà Nội, Xã Yên Lãng',
      'DEMO-PTDTNT-HN': 'Thành phố Hà Nội, Xã Suối Hai',
      'DEMO-TH-BATRAI': 'Thành phố Hà Nội, Xã Suối Hai',
      'DEMO-TH-TANLINH': 'Thành phố Hà Nội, Xã Suối Hai',
      'DEMO-TH-MINHQUANG': 'Thành phố Hà Nội, Xã Ba Vì',
      'DEMO-THPT-NHANCHINH': 'Thành phố Hà Nội, Phường Thanh Xuân',
    });
    for (const s of list) expect(s.units.length, s.code).toBe(2);
    const chuphan = list.find((s) => s.code === 'DEMO-TH-CHUPHAN')!;
    const in2023 = (await asAdmin('GET', `/api/schools/${chuphan.id}?asOf=2023-03-13`)).json();
    expect(in2023.units.map((u: { name: string }) => u.name)).toEqual(['Thành phố Hà Nội', 'Huyện Mê Linh', 'Xã Chu Phan']);
    // The MoU of 13/03/2023 keeps "huyện Mê Linh".
    const ids = await demoIds(t);
    const mou = (await asAdmin('GET', `/api/pairs/${ids.demoPairId}/mou`)).json();
    expect(mou.parties[0]).toMatchObject({ name: 'Trường TH Chu Phan', unitLine: 'huyện Mê Linh' });
  });
});

describe('the demo matching', () => {
  it("pairs the demo's primary schools of the current phase, leaving out Chu Phan – Ái Mộ B, paired already", async () => {
    const admin = t.as(await t.signIn('so.admin'));
    const campaign = ((await admin('GET', '/api/campaigns')).json().items as { id: string; number: string }[]).find((c) => c.number === 'MH-01/KH-SGDĐT')!;
    const res = await admin('POST', '/api/matching/runs', { campaignId: campaign.id, label: 'Tiểu học' });
    expect(res.statusCode, res.body).toBe(201);
    const run = res.json();
    expect(run.excluded.map((e: { shortName: string; reason: string }) => `${e.shortName}: ${e.reason}`).sort()).toEqual(['TH Chu Phan: already-paired', 'TH Ái Mộ B: already-paired']);
    const names = (run.pairs as { left: { shortName: string }; right: { shortName: string } }[]).map((p) => `${p.left.shortName} – ${p.right.shortName}`).sort();
    expect(names).toEqual(['TH Bồ Đề – TH Minh Quang', 'TH Ngọc Thụy – TH Tản Lĩnh', 'TH Nhân Chính – TH Ba Trại']);
  });
});

describe('the demo accounts', () => {
  it("the department admin's dashboard counts the demo: 10 schools, 4 pairs (one active), 11 activities (6 held)", async () => {
    const dash = (await t.as(await t.signIn('so.admin'))('GET', '/api/dashboard')).json();
    expect(dash.scope).toBe('all');
    // 4 schools of the seeds and 6 primary schools for pairing; both seed pairs in 2022–2025 and in 2026–2028
    // (active: Chu Phan – Ái Mộ B of 2026–2028); the seed events, the activities demo of 2025–2027 and the two planned by the plans demo.
    expect(dash.counts).toEqual({ schools: 10, pairs: 4, activePairs: 1, activities: 11, activitiesDone: 6 });
  });

  it("a principal's dashboard shows their pairs' activities, newest first", async () => {
    const dash = (await t.as(await t.signIn('chuphan.ht'))('GET', '/api/dashboard')).json();
    expect(dash.pairs[0].schoolNames).toContain('Trường Tiểu học Ái Mộ B');
    expect(dash.recentActivities.map((a: { startsOn: string }) => a.startsOn)).toEqual(['2027-03-12', '2026-11-20', '2026-05-15', '2026-03-20', '2025-11-14']);
  });

  it("the area officer of Ái Mộ B's ward sees the ward's schools today and the pairs they are in, nothing else", async () => {
    const officer = await t.signIn('bode.cb');
    const list = (await t.as(officer)('GET', '/api/schools?pageSize=100')).json();
    const codes = list.items.map((s: { code: string }) => s.code);
    expect(codes).toContain('DEMO-TH-AIMOB');
    for (const elsewhere of ['DEMO-TH-CHUPHAN', 'DEMO-THPT-NHANCHINH', 'DEMO-PTDTNT-HN', 'DEMO-TH-BATRAI']) expect(codes).not.toContain(elsewhere);
    const pairs = (await t.as(officer)('GET', '/api/pairs')).json();
    // Chu Phan – Ái Mộ B of each phase (2022–2025, then 2026–2028).
    expect(pairs.items.map((p: { schools: { shortName: string }[] }) => p.schools.map((s) => s.shortName).sort().join(' – '))).toEqual(['TH Chu Phan – TH Ái Mộ B', 'TH Chu Phan – TH Ái Mộ B']);
    const me = (await t.as(officer)('GET', '/api/auth/me')).json();
    expect(me.role).toBe('area-officer');
    expect(me.area.name).toBe('Phường Bồ Đề');
  });

  it('the coordinator of TH Ái Mộ B reads its school and pairs and changes nothing', async () => {
    const coordinator = await t.signIn('aimob.pt');
    const schools = (await t.as(coordinator)('GET', '/api/schools')).json();
    expect(schools.items.map((s: { code: string }) => s.code)).toEqual(['DEMO-TH-AIMOB']);
    const id = schools.items[0].id;
    const profile = (await t.as(coordinator)('GET', `/api/schools/${id}`)).json();
    expect(profile.canEdit).toBeNull();
    expect((await t.as(coordinator)('PATCH', `/api/schools/${id}`, { students: 1 })).statusCode).toBe(403);
    const pair = (await t.as(coordinator)('GET', '/api/pairs')).json().items[0];
    expect((await t.as(coordinator)('GET', `/api/pairs/${pair.id}`)).json().actions).toEqual([]);
  });

  it("the demo's sponsor is a teacher of THPT Nhân Chính, twinned with the student's school PTDTNT Hà Nội, and sees that one sponsorship", async () => {
    const sponsor = await t.signIn('nhanchinh.gv');
    const mine = (await t.as(sponsor)('GET', '/api/support/sponsorships/mine')).json();
    expect(mine.items).toHaveLength(1);
    expect(mine.items[0]).toMatchObject({ schoolName: 'Trường Phổ thông Dân tộc nội trú Hà Nội', amountVnd: 500_000 });
    const me = (await t.as(sponsor)('GET', '/api/auth/me')).json();
    expect(me).toMatchObject({ role: 'teacher' });
  });
});
