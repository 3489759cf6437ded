import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readZip } from '#src/documents/zip.ts';
import { createTestApp } from '../helpers/app.ts';
import { signLatest } from '../helpers/pairs.ts';
import { createAdminUnit } from '../factories/admin-units.ts';
import { createPair } from '../factories/pairs.ts';
import { createSchool } from '../factories/schools.ts';
import { createCoordinator, createDepartmentAdmin, createSchoolLeader, createTeacher, type FactoryUser } from '../factories/users.ts';

// February 2026: the pairs' MoUs, signed on 05/01/2026, are in force.
const t = await createTestApp({ demo: false, now: () => new Date('2026-02-05T03:00:00Z') });
const signIn = (u: FactoryUser) => t.signIn(u.username, u.password);
const admin = await signIn(await createDepartmentAdmin(t.db));

/**
 * An active pair of its own (so each test numbers its notices from 01): TH Chu Phan in xã
 * Yên Lãng and TH Ái Mộ B in phường Bồ Đề, their MoU signed by both leaders on 05/01/2026.
 */
async function activePair() {
  // Communes straight under the city, as since the reform of 01/07/2025.
  const city = await createAdminUnit(t.db, { kind: 'province', name: 'Thành phố Hà Nội' });
  const yenLang = await createAdminUnit(t.db, { kind: 'commune', name: 'Xã Yên Lãng', parentId: city.id });
  const boDe = await createAdminUnit(t.db, { kind: 'ward', name: 'Phường Bồ Đề', parentId: city.id });
  const schools = [
    await createSchool(t.db, { name: 'Trường Tiểu học Chu Phan', shortName: 'TH Chu Phan', areaType: 'suburban', unit: yenLang }),
    await createSchool(t.db, { name: 'Trường Tiểu học Ái Mộ B', shortName: 'TH Ái Mộ B', areaType: 'inner-city', unit: boDe }),
  ];
  const leaders = [await createSchoolLeader(t.db, { school: schools[0]! }), await createSchoolLeader(t.db, { school: schools[1]! })];
  const pair = await createPair(t.db, { state: 'active', schools, leaders, now: new Date('2026-01-05T03:00:00Z') });
  return {
    url: `/api/pairs/${pair.id}`,
    pairId: pair.id,
    school: { chuphan: schools[0]!.id, aimob: schools[1]!.id },
    schools,
    chuphan: await signIn(leaders[0]!),
    aimob: await signIn(leaders[1]!),
  };
}

describe('a written notice, end to end (Điều 5)', () => {
  it('Chu Phan proposes a supplement; Ái Mộ B rejects it with a reason; nothing changes', async () => {
    const { url, school, chuphan, aimob } = await activePair();
    const mou = (await t.as(chuphan)('GET', `${url}/mou`)).json();
    const proposed = structuredClone(mou.content);
    proposed.articles[1].clauses.push('Tổ chức giao lưu Liên đội, hoạt động tập thể giữa học sinh hai nhà trường ít nhất một (01) lần mỗi năm học.');
    const sent = await t.as(chuphan)('POST', `${url}/notices`, { kind: 'supplement', reason: 'Năm học 2025-2026 hai trường thống nhất tổ chức thêm giao lưu Liên đội.', proposedContent: proposed });
    expect(sent.statusCode, sent.body).toBe(201);
    expect(sent.json()).toMatchObject({
      kind: 'supplement',
      status: 'sent',
      number: '01/TB-THCP',
      datedOn: '2026-02-05',
      mouVersion: 1,
      proposedText: ['Bổ sung khoản 6 Điều 2 như sau: "6. Tổ chức giao lưu Liên đội, hoạt động tập thể giữa học sinh hai nhà trường ít nhất một (01) lần mỗi năm học."'],
    });
    const second = await t.as(aimob)('POST', `${url}/notices`, { kind: 'cancel', reason: 'Thử gửi khi đang có thông báo chờ.' });
    expect(second.json().error.code).toBe('NOTICE_OPEN_EXISTS');
    // The sender does not answer; the teacher and the department do not either.
    expect((await t.as(chuphan)('POST', `${url}/notices/${sent.json().id}/responses`, { decision: 'accept' })).json().error.code).toBe('NOTICE_OWN');
    expect((await t.as(admin)('POST', `${url}/notices/${sent.json().id}/responses`, { decision: 'accept' })).statusCode).toBe(403);
    const noNote = await t.as(aimob)('POST', `${url}/notices/${sent.json().id}/responses`, { decision: 'reject' });
    expect(noNote.json().error.field).toBe('note');
    const rejected = await t.as(aimob)('POST', `${url}/notices/${sent.json().id}/responses`, { decision: 'reject', note: 'Lịch năm học đã kín, xin để năm sau.' });
    expect(rejected.json()).toMatchObject({ status: 'rejected', responses: [{ schoolId: school.aimob, decision: 'reject' }] });
    const detail = (await t.as(aimob)('GET', url)).json();
    expect(detail.mou.versions).toHaveLength(1);
    expect(detail.notices).toHaveLength(1);
  });

  it('an accepted amendment becomes a new version both sign again; the old one is superseded', async () => {
    const { url, pairId, chuphan, aimob } = await activePair();
    const mou = (await t.as(aimob)('GET', `${url}/mou`)).json();
    const proposed = structuredClone(mou.content);
    proposed.articles[2].clauses[0] = 'Từ tháng 01/2026 đến hết tháng 5/2029. Sau mỗi năm học, hai bên sẽ đánh giá tổng kết kết quả đạt được và lập kế hoạch thực hiện giai đoạn tiếp theo.';
    const sent = await t.as(aimob)('POST', `${url}/notices`, { kind: 'amend', reason: 'Kéo dài thời gian thực hiện đến hết năm học 2028-2029.', proposedContent: proposed });
    expect(sent.statusCode, sent.body).toBe(201);
    expect(sent.json().number).toBe('01/TB-THAMB');
    expect(sent.json().proposedText[0]).toBe('Sửa đổi Điều 3 như sau: "Từ tháng 01/2026 đến hết tháng 5/2029. Sau mỗi năm học, hai bên sẽ đánh giá tổng kết kết quả đạt được và lập kế hoạch thực hiện giai đoạn tiếp theo."');

    // The notice renders as a Decree 30 document.
    const docx = await t.as(chuphan)('GET', `${url}/notices/${sent.json().id}/document?format=docx`);
    expect(docx.statusCode).toBe(200);
    const xml = readZip(docx.rawPayload).get('word/document.xml')!.toString('utf8');
    const text = [...xml.matchAll(/<w:t[^>]*>([^<]*)<\/w:t>/gu)].map((m) => m[1]).join('');
    expect(text).toContain('THÔNG BÁO');
    expect(text).toContain('Số: 01/TB-THAMB');
    expect(text).toContain('Bồ Đề, ngày 05 tháng 02 năm 2026');
    expect(text).toContain('Về việc đề nghị sửa đổi Biên bản ghi nhớ số 01/GN-THCP ngày 05/01/2026');
    expect(text).toContain('Kính gửi: Trường TH Chu Phan xã Yên Lãng.');
    const pdf = await t.as(chuphan)('GET', `${url}/notices/${sent.json().id}/document?format=pdf`);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    try {
      const dir = mkdtempSync(join(tmpdir(), 'ct-notice-'));
      writeFileSync(join(dir, 'n.pdf'), pdf.rawPayload);
      const out = execFileSync('pdftotext', [join(dir, 'n.pdf'), '-'], { encoding: 'utf8' }).replace(/\s+/gu, ' ');
      rmSync(dir, { recursive: true, force: true });
      expect(out).toContain('Về việc đề nghị sửa đổi Biên bản ghi nhớ số 01/GN-THCP');
    } catch (e) {
      if ((e as { code?: string }).code !== 'ENOENT') throw e;
    }
    const verify = (await t.as(null)('GET', `/api/verify/${sent.json().verificationCode}`)).json();
    expect(verify).toMatchObject({ kind: 'notice', number: '01/TB-THAMB', status: 'sent' });

    const accepted = await t.as(chuphan)('POST', `${url}/notices/${sent.json().id}/responses`, { decision: 'accept', note: 'Đồng ý.' });
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.json()).toMatchObject({ status: 'accepted', resultingMouVersion: 2, resultingMouSignedOn: null });

    // The agreed text is not edited directly, and no new notice while it waits for signatures.
    const draft = (await t.as(chuphan)('GET', `${url}/mou/versions/2`)).json();
    expect(draft).toMatchObject({ status: 'draft', fromNoticeId: sent.json().id, datedOn: '2026-02-05' });
    expect(draft.content.articles[2].clauses[0]).toContain('tháng 5/2029');
    const edit = await t.as(chuphan)('PUT', `${url}/mou`, { baseVersion: 2, place: draft.place, venue: draft.venue, datedOn: draft.datedOn, phase: draft.phase, parties: draft.parties.map((p: { schoolId: string; signatoryName: string; signatoryTitle: string }) => ({ schoolId: p.schoolId, signatoryName: p.signatoryName, signatoryTitle: p.signatoryTitle })), content: mou.content });
    expect(edit.json().error.code).toBe('MOU_SIGNED_FROZEN');
    expect((await t.as(chuphan)('POST', `${url}/notices`, { kind: 'cancel', reason: 'Thử khi bản sửa đổi chờ ký.' })).json().error.code).toBe('MOU_AMENDMENT_PENDING');
    // Until both have signed, version 1 stays in force.
    expect((await t.as(chuphan)('GET', `${url}/mou`)).json().version).toBe(1);
    expect((await signLatest(t, chuphan, pairId)).json().status).toBe('draft');
    const done = await signLatest(t, aimob, pairId);
    expect(done.json()).toMatchObject({ version: 2, status: 'signed', number: '01/GN-THCP', signedOn: '2026-02-05' });
    // The notice follows the re-signing: the version it led to is now signed, and since when.
    const afterSigning = (await t.as(chuphan)('GET', url)).json();
    expect(afterSigning.notices.find((n: { id: string }) => n.id === sent.json().id)).toMatchObject({ status: 'accepted', resultingMouVersion: 2, resultingMouSignedOn: '2026-02-05' });
    const versions = (await t.as(aimob)('GET', `${url}/mou/versions`)).json().items;
    expect(versions.map((v: { version: number; status: string }) => [v.version, v.status])).toEqual([
      [2, 'signed'],
      [1, 'superseded'],
    ]);
    const old = (await t.as(null)('GET', `/api/verify/${versions[1].verificationCode}`)).json();
    expect(old.status).toBe('superseded');
    expect((await t.as(aimob)('GET', url)).json().state).toBe('active');
  });

  it('an accepted cancellation ends the pair on the stated day', async () => {
    const { url, chuphan, aimob } = await activePair();
    const past = await t.as(chuphan)('POST', `${url}/notices`, { kind: 'cancel', reason: 'Trường sáp nhập theo quyết định của UBND.', effectiveOn: '2026-01-01' });
    expect(past.json().error.field).toBe('effectiveOn');
    const sent = await t.as(chuphan)('POST', `${url}/notices`, { kind: 'cancel', reason: 'Trường sáp nhập theo quyết định của UBND.', effectiveOn: '2026-06-01' });
    expect(sent.statusCode, sent.body).toBe(201);
    expect(sent.json().number).toBe('01/TB-THCP');
    // Withdrawn by the sender, then sent again (under a new number: a number is never given twice).
    expect((await t.as(aimob)('POST', `${url}/notices/${sent.json().id}/withdraw`)).statusCode).toBe(403);
    expect((await t.as(chuphan)('POST', `${url}/notices/${sent.json().id}/withdraw`)).json().status).toBe('withdrawn');
    const again = await t.as(chuphan)('POST', `${url}/notices`, { kind: 'cancel', reason: 'Trường sáp nhập theo quyết định của UBND.', effectiveOn: '2026-06-01' });
    expect(again.json().number).toBe('02/TB-THCP');
    const accepted = await t.as(aimob)('POST', `${url}/notices/${again.json().id}/responses`, { decision: 'accept' });
    expect(accepted.json().status).toBe('accepted');
    const detail = (await t.as(admin)('GET', url)).json();
    expect(detail).toMatchObject({ state: 'terminated', endedOn: '2026-06-01', endReason: 'Trường sáp nhập theo quyết định của UBND.' });
    expect(detail.notices.map((n: { status: string }) => n.status)).toEqual(['accepted', 'withdrawn']);
    expect((await t.as(null)('GET', `/api/verify/${detail.mou.current.verificationCode}`)).json().status).toBe('ended');
    // Nothing more can be sent or signed.
    expect((await t.as(aimob)('POST', `${url}/notices`, { kind: 'cancel', reason: 'Đã chấm dứt rồi.' })).json().error.code).toBe('PAIR_NOT_ACTIVE');
  });

  it('a notice\'s kind follows its content: only additions make a supplement, any change an amendment', async () => {
    const { url: ncUrl, pairId, chuphan: leader } = await activePair();
    const mou = (await t.as(leader)('GET', `${ncUrl}/mou`)).json();
    const onlyAdded = structuredClone(mou.content);
    onlyAdded.articles[1].clauses.push('Giao lưu thể thao giữa học sinh hai trường mỗi năm học.');
    // Sent as an amendment, it only adds: it is a supplement ("Về việc đề nghị bổ sung …").
    const sent = await t.as(leader)('POST', `${ncUrl}/notices`, { kind: 'amend', reason: 'Thêm hoạt động thể thao.', proposedContent: onlyAdded });
    expect(sent.statusCode, sent.body).toBe(201);
    expect(sent.json()).toMatchObject({ kind: 'supplement' });
    expect(sent.json().proposedText[0]).toMatch(/^Bổ sung khoản \d+ Điều 2 như sau:/u);
    const docx = await t.as(leader)('GET', `${ncUrl}/notices/${sent.json().id}/document?format=docx`);
    const xml = readZip(docx.rawPayload).get('word/document.xml')!.toString('utf8');
    expect([...xml.matchAll(/<w:t[^>]*>([^<]*)<\/w:t>/gu)].map((m) => m[1]).join('')).toContain('Về việc đề nghị bổ sung Biên bản ghi nhớ');
    const audit = await t.db.selectFrom('audit_log').select('after').where('action', '=', 'notice.send').where('entity_id', '=', pairId).executeTakeFirstOrThrow();
    expect(audit.after).toMatchObject({ kind: 'supplement', kindAsked: 'amend' });
    expect((await t.as(leader)('POST', `${ncUrl}/notices/${sent.json().id}/withdraw`)).statusCode).toBe(200);
    // Sent as a supplement, it changes a clause: it is an amendment.
    const changed = structuredClone(mou.content);
    changed.articles[1].clauses[0] = `${changed.articles[1].clauses[0]} (sửa)`;
    const amend = await t.as(leader)('POST', `${ncUrl}/notices`, { kind: 'supplement', reason: 'Sửa khoản 1.', proposedContent: changed });
    expect(amend.json()).toMatchObject({ kind: 'amend' });
  });

  it('only the parties send notices', async () => {
    const { url } = await activePair();
    // A leader of another pair.
    const { chuphan: outsider } = await activePair();
    const res = await t.as(outsider)('POST', `${url}/notices`, { kind: 'cancel', reason: 'Không phải bên ký.' });
    expect(res.statusCode).toBe(404);
  });
});

describe('what a notice offers is what the routes accept', () => {
  it('for both leaders, a coordinator, a teacher and the department: notices[].actions are exactly the answers and withdrawals accepted', async () => {
    const p = await activePair();
    const callers = {
      admin,
      chuphan: p.chuphan,
      aimob: p.aimob,
      coordinator: await signIn(await createCoordinator(t.db, { school: p.schools[1]! })),
      teacher: await signIn(await createTeacher(t.db, { school: p.schools[0]! })),
    };
    const routes = {
      respond: (id: string) => [`${p.url}/notices/${id}/responses`, { decision: 'reject', note: 'Chưa thống nhất được thời điểm chấm dứt.' }] as const,
      withdraw: (id: string) => [`${p.url}/notices/${id}/withdraw`, undefined] as const,
    };
    const offeredOn = async (who: typeof admin, id: string) =>
      ((await t.as(who)('GET', p.url)).json() as { notices: { id: string; actions: string[] }[] }).notices.find((n) => n.id === id)!.actions;
    // One round per action, each on a fresh notice from Chu Phan: the refused calls change nothing, then the offered one is made.
    for (const action of ['respond', 'withdraw'] as const) {
      const sent = await t.as(p.chuphan)('POST', `${p.url}/notices`, { kind: 'cancel', reason: 'Hai trường thống nhất chấm dứt hợp tác.' });
      expect(sent.statusCode, sent.body).toBe(201);
      const id = sent.json().id as string;
      expect(sent.json().actions).toEqual(['withdraw']);
      const offered: Record<string, string[]> = {};
      for (const [name, who] of Object.entries(callers)) {
        offered[name] = await offeredOn(who, id);
        for (const other of ['respond', 'withdraw'] as const) {
          if (offered[name].includes(other)) continue;
          const [url, body] = routes[other](id);
          const res = await t.as(who)('POST', url, body);
          expect([name, other, [403, 404, 409].includes(res.statusCode)], res.body).toEqual([name, other, true]);
        }
      }
      expect(offered).toEqual({ admin: [], chuphan: ['withdraw'], aimob: ['respond'], coordinator: [], teacher: [] });
      for (const [name, who] of Object.entries(callers)) {
        if (!offered[name]!.includes(action)) continue;
        const [url, body] = routes[action](id);
        const res = await t.as(who)('POST', url, body);
        expect([name, action, res.statusCode], res.body).toEqual([name, action, 200]);
        expect(res.json().actions).toEqual([]);
      }
      // Closed (rejected, then withdrawn): nobody is offered anything on it.
      for (const who of Object.values(callers)) expect(await offeredOn(who, id)).toEqual([]);
    }
  });
});
