/**
 * Yearly plans over real HTTP: drafted by a member school, submitted, approved by both leaders
 * (a teacher, a coordinator and a third school refused), numbered in the register; a change
 * after approval is a new version with a readable difference; bad input names its field and
 * changes nothing; an activity links to the item it fulfils and the plan shows it done.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { PlanDto } from '#src/core/plans/dto.ts';
import type { PlanContent } from '#src/core/plans/plan.ts';
import { readZip } from '#src/documents/zip.ts';
import { createTestApp, type SignedIn } from '../helpers/app.ts';
import { createPair } from '../factories/pairs.ts';
import { createSchool } from '../factories/schools.ts';
import { createCoordinator, createSchoolLeader, createTeacher, FACTORY_PASSWORD } from '../factories/users.ts';

let clock = new Date('2025-09-05T03:00:00Z');
const t = await createTestApp({ demo: false, now: () => clock });

const host = await createSchool(t.db, { areaType: 'inner-city' });
const partner = await createSchool(t.db, { areaType: 'mountainous' });
const thirdSchool = await createSchool(t.db, { areaType: 'suburban' });
const leaders = [await createSchoolLeader(t.db, { school: host }), await createSchoolLeader(t.db, { school: partner })];
const pair = await createPair(t.db, { state: 'active', schools: [host, partner], leaders, now: new Date('2025-03-13T02:00:00Z') });
const hostCoordinator = await createCoordinator(t.db, { school: host });
const hostTeacher = await createTeacher(t.db, { school: host });
const thirdLeader = await createSchoolLeader(t.db, { school: thirdSchool });

let asHostCoord: SignedIn, asHostLeader: SignedIn, asPartnerLeader: SignedIn, asTeacher: SignedIn, asThird: SignedIn;
beforeAll(async () => {
  asHostCoord = await t.signIn(hostCoordinator.username, FACTORY_PASSWORD);
  asHostLeader = await t.signIn(leaders[0]!.username, FACTORY_PASSWORD);
  asPartnerLeader = await t.signIn(leaders[1]!.username, FACTORY_PASSWORD);
  asTeacher = await t.signIn(hostTeacher.username, FACTORY_PASSWORD);
  asThird = await t.signIn(thirdLeader.username, FACTORY_PASSWORD);
});

const YEAR = '2025-2026';
const base = `/api/pairs/${pair.id}/plans/${YEAR}`;
const keys = { seminar: randomUUID(), visit: randomUUID(), exchange: randomUUID(), gifted: randomUUID() };

const content = (over: Partial<PlanContent> = {}): PlanContent => ({
  place: 'Mê Linh',
  datedOn: '2025-09-05',
  goals: [
    { text: 'Nâng cao chất lượng đội ngũ qua sinh hoạt chuyên môn chung', mouClauses: [1] },
    { text: 'Không để học sinh nào vì hoàn cảnh khó khăn bị bỏ lại phía sau', mouClauses: [2, 4] },
  ],
  items: [
    { key: keys.seminar, month: '2025-10', kind: 'seminar', title: 'Chuyên đề dạy học theo CT GDPT 2018 môn Toán', hostSchoolId: host.id, responsible: 'Bà Trần Thị Hoa, Phó Hiệu trưởng' },
    { key: keys.visit, month: '2025-12', kind: 'study-visit', title: 'Tham quan học tập tại trường bạn', hostSchoolId: partner.id, responsible: 'Ông Lê Văn Nam, Chủ tịch Công đoàn' },
    { key: keys.exchange, month: '2026-03', kind: 'student-exchange', title: 'Giao lưu Liên đội chào mừng 26/3', hostSchoolId: host.id, responsible: 'Bà Ngô Thu Trang, Tổng phụ trách Đội' },
  ],
  closing: [],
  ...over,
});

async function save(who: SignedIn, body: Record<string, unknown>, status = 200): Promise<PlanDto> {
  const res = await t.as(who)('PUT', base, body);
  expect(res.statusCode, res.body).toBe(status);
  return res.json();
}
const confirm = (p: PlanDto) => ({ version: p.version, sha256: p.sha256 });

describe('drafting a yearly plan', () => {
  it('refuses bad input naming the field, and saves nothing', async () => {
    const bad = [
      [{ items: [{ ...content().items[0]!, month: '2026-07' }] }, 'content.items.0.month', 'Mục “Tháng”: tháng phải nằm trong năm học 2025-2026 (từ tháng 9 đến tháng 5).'],
      [{ goals: [{ text: 'Mục tiêu', mouClauses: [9] }] }, 'content.goals.0.mouClauses.0', null],
      [{ items: [{ ...content().items[0]!, hostSchoolId: thirdSchool.id }] }, 'content.items.0.hostSchoolId', null],
      [{ items: [{ ...content().items[0]!, kind: 'no-such-kind' }] }, 'content.items.0.kind', null],
      [{ items: [{ ...content().items[0]!, title: 'Chuyên đề\u0000' }] }, 'content.items.0.title', null],
      [{ items: [content().items[0]!, content().items[0]!] }, 'content.items.1.key', null],
      [{ goals: [] }, 'content.goals', null],
    ] as const;
    for (const [over, field, message] of bad) {
      const res = await t.as(asHostCoord)('PUT', base, { baseVersion: null, content: content(over as unknown as Partial<PlanContent>) });
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().error.field).toBe(field);
      if (message) expect(res.json().error.message).toBe(message);
    }
    expect((await t.as(asHostCoord)('GET', base)).statusCode).toBe(404);
    expect((await t.as(asHostCoord)('GET', `/api/pairs/${pair.id}/plans`)).json().items).toEqual([]);
  });

  it('is drafted by a member school, not by a teacher or a third school (which does not even see the pair)', async () => {
    expect((await t.as(asTeacher)('PUT', base, { baseVersion: null, content: content() })).statusCode).toBe(403);
    expect((await t.as(asThird)('PUT', base, { baseVersion: null, content: content() })).statusCode).toBe(404);
    const p = await save(asHostCoord, { baseVersion: null, content: content() });
    expect(p).toMatchObject({ version: 1, status: 'draft', number: null, actions: ['edit', 'submit'] });
    // NFC: the same text typed with combining marks is stored composed.
    const nfd = await save(asHostCoord, { baseVersion: 1, baseSha256: p.sha256, content: content({ place: 'Mê Linh'.normalize('NFD') }) });
    expect(nfd.content.place).toBe('Mê Linh');
    expect(nfd.sha256).toBe(p.sha256);
    expect((await t.as(asThird)('GET', base)).statusCode).toBe(404);
    const list = (await t.as(asPartnerLeader)('GET', `/api/pairs/${pair.id}/plans`)).json();
    expect(list.items).toEqual([{ schoolYear: YEAR, latestVersion: 1, latestStatus: 'draft', approvedVersion: null }]);
    expect(list.context.mouObjectives.length).toBeGreaterThanOrEqual(4);
    expect(list.context.currentSchoolYear).toBe(YEAR);
  });
});

describe('approval by both leaders', () => {
  it('is submitted, told to the leaders, approved by each leader in turn, then numbered', async () => {
    const draft = (await t.as(asHostCoord)('GET', base)).json() as PlanDto;
    expect((await t.as(asTeacher)('POST', `${base}/submit`, confirm(draft))).statusCode).toBe(403);
    const stale = await t.as(asHostCoord)('POST', `${base}/submit`, { version: 1, sha256: '0'.repeat(64) });
    expect(stale.json().error).toMatchObject({ code: 'PLAN_HASH_MISMATCH', field: 'sha256' });
    const submitted = await t.as(asHostCoord)('POST', `${base}/submit`, confirm(draft));
    expect(submitted.statusCode, submitted.body).toBe(200);
    expect(submitted.json().status).toBe('submitted');

    // Both leaders are told (the coordinator who submitted is not).
    const told = await t.db.selectFrom('notification').select('user_id').where('kind', '=', 'plan.awaitingApproval').execute();
    expect(told.map((r) => r.user_id).sort()).toEqual([leaders[0]!.id, leaders[1]!.id].sort());

    for (const who of [asTeacher, asHostCoord]) expect((await t.as(who)('POST', `${base}/approvals`, confirm(draft))).statusCode).toBe(403);
    expect((await t.as(asThird)('POST', `${base}/approvals`, confirm(draft))).statusCode).toBe(404);

    const first = await t.as(asPartnerLeader)('POST', `${base}/approvals`, confirm(draft));
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ status: 'submitted', number: null });
    const twice = await t.as(asPartnerLeader)('POST', `${base}/approvals`, confirm(draft));
    expect(twice.json().error.code).toBe('PLAN_ALREADY_APPROVED');

    const second = await t.as(asHostLeader)('POST', `${base}/approvals`, confirm(draft));
    const p = second.json() as PlanDto;
    expect(p.status).toBe('approved');
    expect(p.approvedOn).toBe('2025-09-05');
    expect(p.number).toMatch(/^01\/KH-[A-ZĐ0-9]+$/u);
    expect(p.approvals.map((a) => a.schoolId).sort()).toEqual([host.id, partner.id].sort());
    expect(p.actions).toEqual(['edit']);

    const audit = await t.db.selectFrom('audit_log').select(['action', 'school_ids', 'pair_id']).where('entity', '=', 'plan').orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['plan.create', 'plan.submit', 'plan.approve', 'plan.approve.complete']);
    for (const a of audit) {
      expect(a.pair_id).toBe(pair.id);
      expect([...a.school_ids].sort()).toEqual([host.id, partner.id].sort());
    }
    const register = await t.db.selectFrom('document_register').select(['kind', 'number']).where('kind', '=', 'plan').execute();
    expect(register).toEqual([{ kind: 'plan', number: p.number }]);
    expect(await t.db.selectFrom('notification').select('user_id').where('kind', '=', 'plan.approved').execute()).toHaveLength(3);
  });
});

describe('a change after approval', () => {
  it('is a new version, the approved one staying in force, with a readable difference', async () => {
    const v1 = (await t.as(asHostCoord)('GET', base)).json() as PlanDto;
    const items = content().items.filter((i) => i.key !== keys.exchange);
    items[0] = { ...items[0]!, title: 'Chuyên đề dạy học theo CT GDPT 2018 môn Tiếng Việt' };
    items.push({ key: keys.gifted, month: '2026-01', kind: 'gifted-training', title: 'Bồi dưỡng học sinh giỏi Toán', hostSchoolId: partner.id, responsible: 'Ông Lê Văn Nam' });
    const v2 = await save(asHostCoord, { baseVersion: 1, baseSha256: v1.sha256, content: content({ items }), changeNote: 'Đổi môn chuyên đề' });
    expect(v2).toMatchObject({ version: 2, status: 'draft', number: null });
    expect(v2.versions.map((v) => [v.version, v.status])).toEqual([
      [2, 'draft'],
      [1, 'approved'],
    ]);
    // Someone still editing version 1 is refused, and nothing changes.
    const lost = await t.as(asPartnerLeader)('PUT', base, { baseVersion: 1, content: content() });
    expect(lost.statusCode).toBe(409);
    expect(lost.json().error).toMatchObject({ code: 'PLAN_VERSION_CONFLICT', field: 'baseVersion' });

    const diff = (await t.as(asPartnerLeader)('GET', `${base}/diff?from=1&to=2`)).json();
    expect(diff.items.map((i: { change: string; title: string }) => [i.change, i.title])).toEqual([
      ['changed', 'Chuyên đề dạy học theo CT GDPT 2018 môn Tiếng Việt'],
      ['added', 'Bồi dưỡng học sinh giỏi Toán'],
      ['removed', 'Giao lưu Liên đội chào mừng 26/3'],
    ]);
    const titleChange = diff.items[0].fields.find((f: { field: string }) => f.field === 'title');
    expect(titleChange.words.filter((w: { op: string }) => w.op !== 'equal').map((w: { text: string }) => w.text)).toEqual(['Toán', 'Tiếng Việt']);
    expect(diff.goals).toEqual([]);

    // Approved by both: version 1 superseded, version 2 in force with the next number.
    const submitted = (await t.as(asHostLeader)('POST', `${base}/submit`, confirm(v2))).json() as PlanDto;
    await t.as(asHostLeader)('POST', `${base}/approvals`, confirm(submitted));
    const approved = (await t.as(asPartnerLeader)('POST', `${base}/approvals`, confirm(submitted))).json() as PlanDto;
    expect(approved).toMatchObject({ version: 2, status: 'approved' });
    expect(approved.number).toMatch(/^02\/KH-/u);
    expect(approved.versions.map((v) => [v.version, v.status])).toEqual([
      [2, 'approved'],
      [1, 'superseded'],
    ]);
  });

  it('a submitted version edited goes back to draft and loses the approvals given to the old text', async () => {
    const v2 = (await t.as(asHostCoord)('GET', base)).json() as PlanDto;
    const v3 = await save(asHostCoord, { baseVersion: 2, content: content({ closing: ['Hai trường tổ chức thực hiện.'] }) });
    const sub = (await t.as(asHostCoord)('POST', `${base}/submit`, confirm(v3))).json() as PlanDto;
    await t.as(asHostLeader)('POST', `${base}/approvals`, confirm(sub));
    const edited = await save(asPartnerLeader, { baseVersion: 3, content: content({ closing: ['Hai trường cùng tổ chức thực hiện.'] }) });
    expect(edited).toMatchObject({ version: 3, status: 'draft', approvals: [] });
    expect(v2.number).toMatch(/^02\/KH-/u);
  });
});

describe('activities fulfilling plan items', () => {
  it('an activity links to an item of its school year and the plan shows the item done once held', async () => {
    const activity = {
      pairId: pair.id,
      kind: 'seminar',
      title: 'Chuyên đề Tiếng Việt lớp 5',
      startsOn: '2025-10-15',
      hostSchoolId: host.id,
      mode: 'in-person',
      participants: [{ schoolId: host.id, teachers: 10, staff: 0, students: 0 }],
      planItemKey: keys.seminar,
    };
    const wrongYear = await t.as(asHostCoord)('POST', '/api/activities', { ...activity, startsOn: '2026-10-15' });
    expect(wrongYear.statusCode).toBe(400);
    expect(wrongYear.json().error.field).toBe('planItemKey');
    const created = await t.as(asHostCoord)('POST', '/api/activities', activity);
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json().planItemKey).toBe(keys.seminar);
    let plan = (await t.as(asPartnerLeader)('GET', base)).json() as PlanDto;
    expect(plan.progress.find((p) => p.key === keys.seminar)).toMatchObject({ done: false, activities: [{ title: 'Chuyên đề Tiếng Việt lớp 5', status: 'planned' }] });
    clock = new Date('2025-10-16T03:00:00Z');
    const who = await t.signIn(hostCoordinator.username, FACTORY_PASSWORD);
    const done = await t.as(who)('POST', `/api/activities/${created.json().id}/transitions`, { event: 'complete' });
    expect(done.statusCode, done.body).toBe(200);
    plan = (await t.as(who)('GET', base)).json() as PlanDto;
    expect(plan.progress.find((p) => p.key === keys.seminar)?.done).toBe(true);
    expect(plan.progress.find((p) => p.key === keys.visit)?.done).toBe(false);
  });
});

describe('requests at the same moment', () => {
  it('two saves from the same version: one wins, the other is refused; two leaders approving together: both kept, one number', async () => {
    const schools = [await createSchool(t.db, { areaType: 'inner-city' }), await createSchool(t.db, { areaType: 'mountainous' })];
    const heads = [await createSchoolLeader(t.db, { school: schools[0]! }), await createSchoolLeader(t.db, { school: schools[1]! })];
    const other = await createPair(t.db, { state: 'active', schools, leaders: heads, now: new Date('2025-03-13T02:00:00Z') });
    const [a, b] = [await t.signIn(heads[0]!.username, FACTORY_PASSWORD), await t.signIn(heads[1]!.username, FACTORY_PASSWORD)];
    const url = `/api/pairs/${other.id}/plans/${YEAR}`;
    const items = (host: string) => [{ key: randomUUID(), month: '2025-11', kind: 'seminar', title: 'Chuyên đề song song', hostSchoolId: host, responsible: 'Bà Hoa' }];
    const first = await t.as(a)('PUT', url, { baseVersion: null, content: content({ items: items(schools[0]!.id) }) });
    expect(first.statusCode, first.body).toBe(200);
    const v1 = first.json() as PlanDto;
    const saves = await Promise.all([
      t.as(a)('PUT', url, { baseVersion: 1, baseSha256: v1.sha256, content: content({ items: items(schools[0]!.id), place: 'Hà Nội' }) }),
      t.as(b)('PUT', url, { baseVersion: 1, baseSha256: v1.sha256, content: content({ items: items(schools[1]!.id), place: 'Ba Vì' }) }),
    ]);
    expect(saves.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    const saved = (await t.as(a)('GET', url)).json() as PlanDto;
    const winner = saves.find((r) => r.statusCode === 200)!.json() as PlanDto;
    expect(saved.sha256).toBe(winner.sha256);
    await t.as(a)('POST', `${url}/submit`, confirm(saved));
    const approvals = await Promise.all([t.as(a)('POST', `${url}/approvals`, confirm(saved)), t.as(b)('POST', `${url}/approvals`, confirm(saved))]);
    expect(approvals.map((r) => r.statusCode)).toEqual([200, 200]);
    const done = (await t.as(b)('GET', url)).json() as PlanDto;
    expect(done.status).toBe('approved');
    expect(done.approvals).toHaveLength(2);
    const numbers = await t.db.selectFrom('document_register').select('number').where('kind', '=', 'plan').where('ref_id', '=', (await t.db.selectFrom('plan_version').select('id').where('content_sha256', '=', saved.sha256).executeTakeFirstOrThrow()).id).execute();
    expect(numbers).toHaveLength(1);
  });
});

describe('documents', () => {
  it('downloads the approved plan as DOCX and PDF with its number', async () => {
    // The clock moved (sessions end by it): sign in again.
    asPartnerLeader = await t.signIn(leaders[1]!.username, FACTORY_PASSWORD);
    asThird = await t.signIn(thirdLeader.username, FACTORY_PASSWORD);
    const docx = await t.as(asPartnerLeader)('GET', `${base}?format=docx&version=2`);
    expect(docx.statusCode).toBe(200);
    expect(docx.headers['content-type']).toContain('wordprocessingml');
    const xml = readZip(docx.rawPayload).get('word/document.xml')?.toString('utf8') ?? '';
    expect(xml).toContain('Số: 02/KH-');
    expect(xml).toContain('Chuyên đề dạy học theo CT GDPT 2018 môn Tiếng Việt');
    const pdf = await t.as(asPartnerLeader)('GET', `${base}?format=pdf&version=2`);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect((await t.as(asThird)('GET', `${base}?format=pdf`)).statusCode).toBe(404);
  });
});

// plans-e2e
describe('withdrawing a plan awaiting approval', () => {
  const year = '2026-2027';
  const url = `/api/pairs/${pair.id}/plans/${year}`;
  const nextYear = (): PlanContent => ({
    ...content(),
    items: [{ key: randomUUID(), month: '2026-10', kind: 'seminar', title: 'Chuyên đề đổi mới kiểm tra, đánh giá môn Ngữ văn', hostSchoolId: partner.id, responsible: 'Bà Trần Thị Hoa' }],
  });
  const withdrawRows = () => t.db.selectFrom('audit_log').select(['action', 'before', 'after', 'school_ids']).where('action', '=', 'plan.withdraw').execute();

  it('goes back to draft by the school that drafted it, dropping the approvals given; the partner school is refused and nothing changes', async () => {
    // Fresh sessions (the clock moved on in the tests above).
    const sessions = await Promise.all([hostCoordinator, leaders[0]!, leaders[1]!, hostTeacher, thirdLeader].map((u) => t.signIn(u.username, FACTORY_PASSWORD)));
    [asHostCoord, asHostLeader, asPartnerLeader, asTeacher, asThird] = sessions as [SignedIn, SignedIn, SignedIn, SignedIn, SignedIn];
    const made = await t.as(asHostCoord)('PUT', url, { baseVersion: null, content: nextYear() });
    expect(made.statusCode, made.body).toBe(200);
    const draft = made.json() as PlanDto;
    const sent = await t.as(asHostCoord)('POST', `${url}/submit`, confirm(draft));
    expect(sent.statusCode, sent.body).toBe(200);
    const submitted = sent.json() as PlanDto;
    expect(submitted.actions).toContain('withdraw');
    const approvedOnce = (await t.as(asPartnerLeader)('POST', `${url}/approvals`, confirm(submitted))).json() as PlanDto;
    expect(approvedOnce.approvals).toHaveLength(1);
    expect(approvedOnce.actions).not.toContain('withdraw');

    // The partner school (a member, not the drafter), a teacher of the drafting school, a third school: refused, nothing changed.
    const partnerTry = await t.as(asPartnerLeader)('POST', `${url}/withdraw`, confirm(submitted));
    expect(partnerTry.statusCode, partnerTry.body).toBe(403);
    expect((await t.as(asTeacher)('POST', `${url}/withdraw`, confirm(submitted))).statusCode).toBe(403);
    expect((await t.as(asThird)('POST', `${url}/withdraw`, confirm(submitted))).statusCode).toBe(404);
    const stale = await t.as(asHostLeader)('POST', `${url}/withdraw`, { version: submitted.version, sha256: '0'.repeat(64) });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error).toMatchObject({ code: 'PLAN_HASH_MISMATCH', field: 'sha256' });
    const still = (await t.as(asHostLeader)('GET', url)).json() as PlanDto;
    expect(still).toMatchObject({ status: 'submitted', version: 1 });
    expect(still.approvals).toHaveLength(1);
    expect(await withdrawRows()).toEqual([]);

    // The drafting school's leader (another person than who submitted) takes it back.
    const res = await t.as(asHostLeader)('POST', `${url}/withdraw`, confirm(submitted));
    expect(res.statusCode, res.body).toBe(200);
    const back = res.json() as PlanDto;
    expect(back).toMatchObject({ version: 1, status: 'draft', submittedAt: null, approvals: [], number: null });
    expect(back.actions).toEqual(expect.arrayContaining(['edit', 'submit']));
    const rows = await withdrawRows();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.before).toMatchObject({ schoolYear: year, version: 1, status: 'submitted', approvals: 1 });
    expect(rows[0]!.after).toMatchObject({ status: 'draft', schoolId: host.id });
    expect([...rows[0]!.school_ids].sort()).toEqual([host.id, partner.id].sort());

    // Not twice; and the draft can be submitted again.
    const twice = await t.as(asHostCoord)('POST', `${url}/withdraw`, confirm(back));
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error).toMatchObject({ code: 'PLAN_NOT_WITHDRAWABLE', field: 'version' });
    const again = await t.as(asHostCoord)('POST', `${url}/submit`, confirm(back));
    expect(again.json()).toMatchObject({ status: 'submitted', approvals: [] });
  });
});
