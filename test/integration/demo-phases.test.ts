/**
 * The demo tells the truth about its phases (issue 10): the seed memoranda ran to 12/2025, so
 * the 2022–2025 pairs are completed and continue in the next phase (2026–2028, marked as demo
 * data); the 2023 signing of Nhân Chính – PTDTNT Hà Nội was on paper; a new user runs today's
 * flow without being asked to confirm an ended plan.
 */
import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { systemContext } from '#src/server/context.ts';
import { completeEndedPhases } from '#src/server/features/pairs/phases.service.ts';
import { createTestApp } from '../helpers/app.ts';
import { demoIds, multipartFile, signLatest } from '../helpers/pairs.ts';

// A day of December 2026, inside the demo's current phase.
const t = await createTestApp({ now: () => new Date('2026-12-05T03:00:00Z') });
const ids = await demoIds(t);
const admin = await t.signIn('so.admin');
const nhanchinh = await t.signIn('nhanchinh.ht');
const ptdtnt = await t.signIn('ptdtnt.ht');

describe('the demo phases', () => {
  it('starts each demo user without stale unread notifications: only PTDTNT Hà Nội is told its signature is awaited', async () => {
    // The story's steps ran through the real services (2023–2026); what they announced is long read,
    // except what still asks for an action today.
    const unread = async (username: string) => (await t.as(await t.signIn(username))('GET', '/api/notifications?unread=true')).json() as { items: { kind: string; title: string }[]; unread: number };
    for (const username of ['so.admin', 'chuphan.ht', 'aimob.ht', 'nhanchinh.ht']) expect((await unread(username)).unread, username).toBe(0);
    const pt = await unread('ptdtnt.ht');
    expect(pt.items.map((n) => n.kind)).toEqual(['mou.signedByPartner']);
    expect(pt.items[0]!.title).toContain('Nhân Chính');
  });

  it('has no live pair under the ended plan: the 2022–2025 pairs are completed and continue in 2026–2028', async () => {
    const campaigns = (await t.as(admin)('GET', '/api/campaigns')).json().items as { id: string; number: string; title: string; previousCampaignId: string | null; nextCampaignId: string | null; endsOn: string }[];
    const old = campaigns.find((c) => c.id === ids.campaignId)!;
    const next = campaigns.find((c) => c.id === ids.nextCampaignId)!;
    expect(old).toMatchObject({ number: '4340/KH-SGDĐT', endsOn: '2025-12-31', nextCampaignId: next.id });
    expect(next).toMatchObject({ number: 'MH-01/KH-SGDĐT', previousCampaignId: old.id, endsOn: '2028-12-31' });
    expect(next.title).toContain('dữ liệu minh họa');

    const list = (await t.as(admin)('GET', `/api/pairs?campaignId=${ids.campaignId}`)).json();
    expect(list.items.map((p: { state: string }) => p.state)).toEqual(['completed', 'completed']);
    for (const [oldPair, newPair] of [
      [ids.demoPairId, ids.currentPairId],
      [ids.ncPairId, ids.ncCurrentPairId],
    ] as const) {
      const detail = (await t.as(admin)('GET', `/api/pairs/${oldPair}`)).json();
      expect(detail).toMatchObject({ state: 'completed', endedOn: '2025-12-31' });
      const np = (await t.as(admin)('GET', `/api/pairs/${oldPair}/next-phase`)).json();
      expect(np).toMatchObject({ choice: 'continue', continuedByPairId: newPair, next: { number: 'MH-01/KH-SGDĐT', phase: '2026-2028' }, mayChoose: false });
      expect((await t.as(admin)('GET', `/api/pairs/${newPair}/next-phase`)).json()).toMatchObject({ continuesPairId: oldPair });
    }
    // The daily job finds nothing left to complete.
    expect(await completeEndedPhases(t.db, systemContext('test'), new Date('2026-12-05T03:00:00Z'))).toBe(0);
  });

  it('shows Nhân Chính – PTDTNT Hà Nội signing on paper on 25/10/2023, with its scan and its steering committee', async () => {
    const mou = (await t.as(nhanchinh)('GET', `/api/pairs/${ids.ncPairId}/mou`)).json();
    expect(mou).toMatchObject({ version: 1, status: 'signed', signedOn: '2023-10-25', datedOn: '2023-10-20', number: '01/GN-THPTNC', phase: '2023-2025' });
    expect(mou.signatures.map((s: { onPaper: { signedOn: string; recordedBy: string } | null; electronic: boolean }) => [s.electronic, s.onPaper?.signedOn, s.onPaper?.recordedBy])).toEqual([
      [false, '2023-10-25', 'Quản trị Sở GDĐT Hà Nội'],
      [false, '2023-10-25', 'Quản trị Sở GDĐT Hà Nội'],
    ]);
    // The version list labels it by its signing day, not by when the demo was loaded.
    const versions = (await t.as(nhanchinh)('GET', `/api/pairs/${ids.ncPairId}/mou/versions`)).json().items;
    expect(versions[0]).toMatchObject({ version: 1, status: 'signed', signedOn: '2023-10-25' });
    const letter = await t.as(ptdtnt)('GET', `/api/pairs/${ids.ncPairId}/paper/${mou.signatures[0].onPaper.recordId}/letter`);
    expect(letter.statusCode).toBe(200);
    expect(letter.headers['content-type']).toBe('application/pdf');
    const steering = (await t.as(ptdtnt)('GET', `/api/pairs/${ids.ncPairId}/steering`)).json().items;
    expect(steering.map((m: { committeeRole: string; fullName: string }) => `${m.committeeRole}: ${m.fullName}`).sort()).toEqual([
      'deputy: Hà Văn Khánh',
      'head: Trịnh Thu Hằng',
      'member: Bùi Văn Hùng',
      'secretary: Lê Thị Thu Trang',
    ]);
    // The conference and its support stay with the pair of 2022–2025; later activities go with the new one.
    const activities = await t.db.selectFrom('activity').select(['pair_id', 'starts_on']).execute();
    expect(activities.filter((a) => a.starts_on === '2023-10-25').map((a) => a.pair_id)).toEqual([ids.ncPairId]);
    expect(activities.filter((a) => a.starts_on === '2026-03-20').map((a) => a.pair_id)).toEqual([ids.currentPairId]);
    const pledges = await t.db.selectFrom('contribution').select('pair_id').where('pair_id', 'is not', null).execute();
    expect(new Set(pledges.map((p) => p.pair_id))).toEqual(new Set([ids.ncPairId]));
  });

  it('holds the continued MoUs in a realistic state: one signed by both, one waiting for PTDTNT Hà Nội', async () => {
    const cp = (await t.as(admin)('GET', `/api/pairs/${ids.currentPairId}`)).json();
    expect(cp.state).toBe('active');
    const cpMou = (await t.as(admin)('GET', `/api/pairs/${ids.currentPairId}/mou`)).json();
    expect(cpMou).toMatchObject({ status: 'signed', signedOn: '2026-01-16', phase: '2026-2028', number: '01/GN-THCP' });
    // Named as of 2026: the communes after the reform of 1 July 2025.
    expect(cpMou.parties.map((p: { unitLine: string }) => p.unitLine)).toEqual(['xã Yên Lãng', 'phường Bồ Đề']);
    expect(cpMou.rendered.preamble.join(' ')).toContain('MH-01/KH-SGDĐT');

    const nc = (await t.as(admin)('GET', `/api/pairs/${ids.ncCurrentPairId}`)).json();
    expect(nc.state).toBe('approved');
    const draft = (await t.as(ptdtnt)('GET', `/api/pairs/${ids.ncCurrentPairId}/mou`)).json();
    expect(draft).toMatchObject({ status: 'draft', phase: '2026-2028' });
    expect(draft.signatures.map((s: { schoolId: string }) => s.schoolId)).toEqual([ids.school.nhanchinh]);
    // The draft is dated when the pair chose to continue (06/01/2026), before Nhân Chính signed it
    // (20/01/2026), not when the demo was loaded.
    expect(new Date(draft.createdAt).toISOString().slice(0, 10)).toBe('2026-01-06');
    const signed = await signLatest(t, ptdtnt, ids.ncCurrentPairId);
    expect(signed.json()).toMatchObject({ status: 'signed', number: '01/GN-THPTNC', signedOn: '2026-12-05' });
  });

  it('lets a new user run today\'s flow under the current phase without confirming an ended plan', async () => {
    const school = async (code: string) => (await t.db.selectFrom('school').select('id').where('code', '=', code).executeTakeFirstOrThrow()).id;
    const [bode, tanlinh] = [await school('DEMO-TH-BODE'), await school('DEMO-TH-TANLINH')];
    // The wishes were given again for the new phase: the engine sees them.
    const wishes = await t.db.selectFrom('matching_wish').select('school_id').where('campaign_id', '=', ids.nextCampaignId).execute();
    expect(wishes.length).toBeGreaterThan(0);
    const run = await t.as(admin)('POST', '/api/matching/runs', { campaignId: ids.nextCampaignId, label: 'Giai đoạn 2026-2028' });
    expect(run.statusCode, run.body).toBe(201);
    expect(run.json().excluded.map((e: { shortName: string; reason: string }) => `${e.shortName}: ${e.reason}`).sort()).toEqual(['TH Chu Phan: already-paired', 'TH Ái Mộ B: already-paired']);
    const proposed = await t.as(admin)('POST', '/api/pairs', { campaignId: ids.nextCampaignId, schoolIds: [bode, tanlinh] });
    expect(proposed.statusCode, proposed.body).toBe(201);
    const id = proposed.json().id as string;
    // Neither school has an account: the department records their letters of acceptance.
    const doc = await PDFDocument.create();
    doc.addPage();
    const up = multipartFile('chap-thuan.pdf', Buffer.from(await doc.save()), 'application/pdf');
    for (const schoolId of [bode, tanlinh]) {
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/pairs/${id}/paper/acceptances?schoolId=${schoolId}&datedOn=2026-12-04`,
        payload: up.payload,
        headers: { ...up.headers, cookie: admin.cookie, 'x-csrf-token': admin.csrfToken },
      });
      expect(res.statusCode, res.body).toBe(201);
    }
    const approved = await t.as(admin)('POST', `/api/pairs/${id}/transitions`, { event: 'approve' });
    expect(approved.statusCode, approved.body).toBe(200);
    const draft = (await t.as(admin)('GET', `/api/pairs/${id}/mou`)).json();
    expect(draft).toMatchObject({ status: 'draft', phase: '2026-2028' });
  });
});
