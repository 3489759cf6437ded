/**
 * A yearly plan taken back to draft while it awaits approval (withdrawn by the school that
 * drafted it, or edited by either school) tells the people whose request or approval no longer
 * stands: every member school's leaders (each was asked to approve it), whoever already approved
 * it, and whoever submitted it — not the person who took it back. Each person's choice for the
 * kind decides how (mail at once by default, the daily digest, off), in their language.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { PlanDto } from '#src/core/plans/dto.ts';
import type { PlanContent } from '#src/core/plans/plan.ts';
import { sendDigests } from '#src/server/features/notifications/digest.ts';
import { createTestApp, type SignedIn } from '../helpers/app.ts';
import { createPair } from '../factories/pairs.ts';
import { createSchool } from '../factories/schools.ts';
import { createCoordinator, createSchoolLeader, createTeacher, FACTORY_PASSWORD } from '../factories/users.ts';

const clock = new Date('2025-09-05T03:00:00Z');
const t = await createTestApp({ demo: false, now: () => clock });

const host = await createSchool(t.db, { name: 'Trường Tiểu học Đồng Xuân Rút Lại', areaType: 'inner-city' });
const partner = await createSchool(t.db, { name: 'Trường Tiểu học Bản Lếch Rút Lại', areaType: 'mountainous' });
const third = await createSchool(t.db, { areaType: 'suburban' });
const hostLeader = await createSchoolLeader(t.db, { school: host, email: 'ht.dongxuan@truong.edu.vn' });
const partnerLeader = await createSchoolLeader(t.db, { school: partner, email: 'ht.banlech@truong.edu.vn', locale: 'en' });
const pair = await createPair(t.db, { state: 'active', schools: [host, partner], leaders: [hostLeader, partnerLeader], now: new Date('2025-03-13T02:00:00Z') });
// A deputy head of the partner school (a leader too) who reads these in the daily digest.
const partnerDeputy = await createSchoolLeader(t.db, { school: partner, email: 'pht.banlech@truong.edu.vn' });
const hostCoordinator = await createCoordinator(t.db, { school: host, email: 'ctcd.dongxuan@truong.edu.vn' });
const hostTeacher = await createTeacher(t.db, { school: host, email: 'gv.dongxuan@truong.edu.vn' });
const thirdLeader = await createSchoolLeader(t.db, { school: third, email: 'ht.khac@truong.edu.vn' });

let asCoord: SignedIn, asHostLeader: SignedIn, asPartnerLeader: SignedIn, asDeputy: SignedIn;
beforeAll(async () => {
  asCoord = await t.signIn(hostCoordinator.username, FACTORY_PASSWORD);
  asHostLeader = await t.signIn(hostLeader.username, FACTORY_PASSWORD);
  asPartnerLeader = await t.signIn(partnerLeader.username, FACTORY_PASSWORD);
  asDeputy = await t.signIn(partnerDeputy.username, FACTORY_PASSWORD);
  const chose = await t.as(asDeputy)('PUT', '/api/notifications/preferences', { items: [{ kind: 'plan.withdrawn', channel: 'digest' }] });
  expect(chose.statusCode, chose.body).toBe(200);
});

const YEAR = '2025-2026';
const base = `/api/pairs/${pair.id}/plans/${YEAR}`;
const pairLabel = `${host.name} – ${partner.name}`;
const content = (closing: string[] = []): PlanContent => ({
  place: 'Hà Nội',
  datedOn: '2025-09-05',
  goals: [{ text: 'Nâng cao chất lượng đội ngũ qua sinh hoạt chuyên môn chung', mouClauses: [1] }],
  items: [{ key: randomUUID(), month: '2025-11', kind: 'seminar', title: 'Chuyên đề đổi mới kiểm tra, đánh giá môn Tiếng Việt', hostSchoolId: host.id, responsible: 'Bà Trần Thị Hoa' }],
  closing,
});
const confirm = (p: PlanDto) => ({ version: p.version, sha256: p.sha256 });

async function ok(res: { statusCode: number; body: string; json: () => unknown }): Promise<PlanDto> {
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as PlanDto;
}
const toldOf = async () =>
  (await t.db.selectFrom('notification').select(['user_id', 'channel', 'link']).where('kind', '=', 'plan.withdrawn').orderBy('created_at').orderBy('id').execute()).map((r) => ({ ...r }));
const mailsOf = () => t.db.selectFrom('mail_message').select(['to_address', 'kind', 'subject', 'text']).where('kind', '=', 'plan.withdrawn').orderBy('created_at').execute();

describe('a plan taken back to draft', () => {
  it('withdrawn by the drafting school: both schools’ leaders and the leader who approved learn it no longer stands, by mail at once or in the digest', async () => {
    const draft = await ok(await t.as(asCoord)('PUT', base, { baseVersion: null, content: content() }));
    const submitted = await ok(await t.as(asCoord)('POST', `${base}/submit`, confirm(draft)));
    await ok(await t.as(asPartnerLeader)('POST', `${base}/approvals`, confirm(submitted)));
    expect(await toldOf()).toEqual([]);

    // The drafting school's leader takes it back (the coordinator submitted it).
    const back = await ok(await t.as(asHostLeader)('POST', `${base}/withdraw`, confirm(submitted)));
    expect(back).toMatchObject({ status: 'draft', approvals: [] });

    const told = await toldOf();
    const link = `/app/pairs/${pair.id}?tab=plan&year=${YEAR}`;
    expect(told.map((r) => r.user_id).sort()).toEqual([partnerLeader.id, partnerDeputy.id, hostCoordinator.id].sort());
    for (const r of told) expect(r.link).toBe(link);
    expect(told.find((r) => r.user_id === partnerDeputy.id)!.channel).toBe('digest');
    // Not the leader who withdrew it, nor a teacher, nor another school.
    for (const who of [hostLeader, hostTeacher, thirdLeader]) expect(told.some((r) => r.user_id === who.id)).toBe(false);

    // Mail at once, in each reader's language; the digest reader gets none yet.
    const mails = await mailsOf();
    expect(mails.map((m) => m.to_address).sort()).toEqual(['ctcd.dongxuan@truong.edu.vn', 'ht.banlech@truong.edu.vn']);
    const vi = mails.find((m) => m.to_address === 'ctcd.dongxuan@truong.edu.vn')!;
    expect(vi.subject).toBe(`Kế hoạch năm học ${YEAR} của ${pairLabel} đã được rút về dự thảo`);
    expect(vi.text).toContain(`${host.name} đã rút kế hoạch năm học ${YEAR} (phiên bản 1) của cặp ${pairLabel} về dự thảo`);
    expect(vi.text).toContain('không còn hiệu lực');
    const en = mails.find((m) => m.to_address === 'ht.banlech@truong.edu.vn')!;
    expect(en.subject).toBe(`Yearly plan ${YEAR} of ${pairLabel} taken back to draft`);
    expect(en.text).toContain('no longer stand');

    // In the app, for the leader who had approved it.
    const list = (await t.as(asPartnerLeader)('GET', '/api/notifications')).json();
    expect(list.items[0]).toMatchObject({ kind: 'plan.withdrawn', link, read: false, title: `Yearly plan ${YEAR} of ${pairLabel} taken back to draft` });

    // The daily digest carries it to the deputy, once.
    await sendDigests(t.db, clock);
    await sendDigests(t.db, clock);
    const digests = await t.db.selectFrom('mail_message').select(['kind', 'text']).where('to_address', '=', 'pht.banlech@truong.edu.vn').where('kind', '=', 'digest').execute();
    expect(digests).toHaveLength(1);
    expect(digests[0]!.text).toContain(`• Kế hoạch năm học ${YEAR} của ${pairLabel} đã được rút về dự thảo`);
  });

  it('edited while awaiting approval by the partner school: the drafting school’s leader, the leader who approved and the submitter are told; saving a draft tells nobody', async () => {
    const draft = (await t.as(asCoord)('GET', base)).json() as PlanDto;
    const submitted = await ok(await t.as(asCoord)('POST', `${base}/submit`, confirm(draft)));
    await ok(await t.as(asHostLeader)('POST', `${base}/approvals`, confirm(submitted)));
    const before = (await toldOf()).length;

    // The partner's deputy changes the text awaiting approval: it goes back to draft.
    const edited = await ok(await t.as(asDeputy)('PUT', base, { baseVersion: submitted.version, baseSha256: submitted.sha256, content: content(['Hai trường cùng tổ chức thực hiện.']) }));
    expect(edited).toMatchObject({ status: 'draft', approvals: [] });
    const told = (await toldOf()).slice(before);
    expect(told.map((r) => r.user_id).sort()).toEqual([hostLeader.id, partnerLeader.id, hostCoordinator.id].sort());
    const mail = (await mailsOf()).find((m) => m.to_address === 'ht.dongxuan@truong.edu.vn')!;
    expect(mail.text).toContain(`${partner.name} đã rút kế hoạch năm học ${YEAR} (phiên bản 1) của cặp ${pairLabel} về dự thảo`);

    // A draft saved again is nobody's business yet.
    const count = (await toldOf()).length;
    await ok(await t.as(asDeputy)('PUT', base, { baseVersion: edited.version, baseSha256: edited.sha256, content: content(['Hai trường tổ chức thực hiện.']) }));
    expect(await toldOf()).toHaveLength(count);
  });
});
