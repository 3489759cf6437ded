/**
 * The demo's phases, told as they happened, through the real services with each step's own
 * date (issue 10). The seed memoranda ran to 12/2025, so:
 *
 * - 25/10/2023: THPT Nhân Chính and PTDTNT Hà Nội sign their MoU on paper at the conference
 *   (recorded by the department with an illustrative scan) and form their steering committee;
 * - 15/12/2025: the department opens the next phase, 2026–2028, a campaign whose number and
 *   movement say it is demo data;
 * - January 2026: both pairs of 2022–2025 continue (their old pairs are completed, the phase
 *   having ended); Chu Phan – Ái Mộ B sign the new MoU in the app, THPT Nhân Chính signs its
 *   one and PTDTNT Hà Nội has not yet (a new user can sign it, or record it on paper).
 *
 * So no live pair is left under the ended plan, and today's flow (wishes → engine → propose →
 * accept → approve → sign) runs under the current phase without the ended-campaign question.
 */
import type { Actor } from '#src/core/roles.ts';
import { renderLayoutPdf } from '#src/documents/mou-pdf.ts';
import { DECREE_30_PAGE, type DocumentLayout } from '#src/documents/layout.ts';
import type { CallContext, Db } from '#src/server/context.ts';
import { findCampaignByNumber } from '#src/server/features/campaigns/campaigns.repository.ts';
import { openNextPhase } from '#src/server/features/campaigns/campaigns.service.ts';
import { createDraftFromTemplate } from '#src/server/features/pairs/mou-draft.service.ts';
import { DEFAULT_PUBLIC_URL, signMou } from '#src/server/features/pairs/mou.service.ts';
import { recordPaperSignature } from '#src/server/features/pairs/paper.service.ts';
import { findPairRow, latestMouRow, listMemberRows } from '#src/server/features/pairs/pairs.repository.ts';
import { chooseNextPhase } from '#src/server/features/pairs/phases.service.ts';
import { replaceWishRows } from '#src/server/features/matching/matching.repository.ts';
import { markAllUnreadReadExcept, notificationIdsOfSchool } from '#src/server/features/notifications/notifications.repository.ts';
import { findSchoolsByCodes } from '#src/server/features/schools/schools.repository.ts';
import { addSteeringMember } from '#src/server/features/pairs/steering.service.ts';
import type { FileStore } from '#src/server/files/file-store.ts';
import { demoPairsOfSchools, listDemoActors } from './demo.repository.ts';
import { demoCampaign, demoNextPhase, demoSchools, demoWishes, type DemoSchoolKey } from './demo-data.ts';

const CP = 'DEMO-TH-CHUPHAN';
const AM = 'DEMO-TH-AIMOB';
const NC = 'DEMO-THPT-NHANCHINH';
const NT = 'DEMO-PTDTNT-HN';

/** A moment of a day in Hanoi (UTC+7). */
const at = (date: string, time = '09:00') => new Date(`${date}T${time}:00+07:00`);

/**
 * The pair of these schools that belongs to the campaign whose phase holds `onDate` (the demo
 * has one pair per phase for each couple of schools): for the activities and support demos.
 */
export async function demoPairOn(trx: Db, codes: readonly string[], onDate: string): Promise<string> {
  const year = Number(onDate.slice(0, 4));
  const rows = await demoPairsOfSchools(trx, codes);
  const row = rows.find((r) => r.phase_start_year <= year && year <= r.phase_end_year) ?? rows[0];
  if (!row) throw new Error(`the demo has no pair of ${codes.join(', ')}`);
  return row.pair_id;
}

/** An illustrative "scan" of a paper original: a one-page PDF saying it stands in for one. */
async function illustrativeScan(title: string, lines: string[], date: string): Promise<Buffer> {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const para = (text: string, opts: { bold?: boolean; italic?: boolean; align?: 'center' | 'justify' } = {}) => ({
    kind: 'paragraph' as const,
    runs: [{ text, ...(opts.bold ? { bold: true } : {}), ...(opts.italic ? { italic: true } : {}) }],
    align: opts.align ?? ('justify' as const),
    sizePt: 14,
    spaceAfterPt: 6,
  });
  const layout: DocumentLayout = {
    meta: { title, subject: 'Dữ liệu minh họa', author: 'Chung Tay (dữ liệu minh họa)', keywords: ['minh họa'], language: 'vi-VN', date: { year: y, month: m, day: d } },
    page: DECREE_30_PAGE,
    body: [
      para('BẢN CHỤP MINH HỌA — DỮ LIỆU MẪU', { bold: true, align: 'center' }),
      para(title, { bold: true, align: 'center' }),
      ...lines.map((l) => para(l)),
      para('Tệp này thay cho bản chụp bản giấy trong dữ liệu minh họa của Chung Tay; không phải văn bản thật.', { italic: true }),
    ],
  };
  return renderLayoutPdf(layout);
}

/** Write the demo's phases (called by the demo loader, in its transaction, after its rows). */
export async function insertPhaseDemo(trx: Db, system: CallContext, files: FileStore): Promise<void> {
  const users = await listDemoActors(trx);
  const as = (username: string): CallContext => {
    const u = users.find((x) => x.username === username);
    if (!u) throw new Error(`the demo has no user ${username}`);
    const actor: Actor = { userId: u.id, username: u.username, role: u.role, schoolId: u.school_id, adminUnitId: u.admin_unit_id };
    return { actor, via: system.via ?? 'demo', requestId: null };
  };
  const admin = as('so.admin');
  const schools = new Map((await findSchoolsByCodes(trx, [CP, AM, NC, NT])).map((s) => [s.code, s.id]));

  // 2023: THPT Nhân Chính – PTDTNT Hà Nội, approved, sign the draft of the plan's template on
  // paper at the conference of 25/10/2023; the department records both signatures that day.
  const ncOld = await demoPairOn(trx, [NC, NT], '2023-10-25');
  const ncPair = await findPairRow(trx, ncOld);
  const draft = await createDraftFromTemplate(trx, admin, ncPair!, await listMemberRows(trx, [ncOld]), at('2023-10-20'));
  const scan = await illustrativeScan(
    'Biên bản ghi nhớ về chương trình kết nghĩa giữa Trường THPT Nhân Chính và Trường PTDTNT Hà Nội',
    ['Bản đã ký và đóng dấu tại Hội nghị Gặp mặt và kí kết biên bản ghi nhớ ngày 25/10/2023, Trường THPT Nhân Chính.'],
    '2023-10-25',
  );
  for (const code of [NC, NT]) {
    await recordPaperSignature(
      trx,
      admin,
      ncOld,
      { schoolId: schools.get(code)!, datedOn: '2023-10-25', version: draft.version, sha256: draft.content_sha256, letter: { fileName: 'ban-ky-25-10-2023-minh-hoa.pdf', bytes: scan, truncated: false } },
      at('2023-10-25', '16:00'),
      files,
      DEFAULT_PUBLIC_URL,
    );
  }
  // Their steering committee (invented people; the two leaders named in the support demo).
  const committee = [
    { school: NC, fullName: 'Trịnh Thu Hằng', committeeRole: 'head' as const, position: 'Phó Hiệu trưởng' },
    { school: NC, fullName: 'Lê Thị Thu Trang', committeeRole: 'secretary' as const, position: 'Chủ tịch Công đoàn' },
    { school: NT, fullName: 'Hà Văn Khánh', committeeRole: 'deputy' as const, position: 'Hiệu trưởng' },
    { school: NT, fullName: 'Bùi Văn Hùng', committeeRole: 'member' as const, position: 'Bí thư Đoàn trường' },
  ];
  for (const [i, m] of committee.entries()) {
    await addSteeringMember(trx, admin, ncOld, { schoolId: schools.get(m.school)!, fullName: m.fullName, committeeRole: m.committeeRole, position: m.position, sort: i }, at('2023-10-25', '16:30'));
  }

  // 15/12/2025: the next phase, clearly marked as demo data.
  const old = await findCampaignByNumber(trx, demoCampaign.number);
  await openNextPhase(trx, admin, old!.id, {
    number: demoNextPhase.number,
    issuedOn: demoNextPhase.issuedOn,
    phaseStartYear: demoNextPhase.phaseStartYear,
    phaseEndYear: demoNextPhase.phaseEndYear,
    title: demoNextPhase.title,
  });

  // The schools' wishes are asked again for the new phase: the demo's schools gave the same.
  const next = await findCampaignByNumber(trx, demoNextPhase.number);
  const ids = new Map((await findSchoolsByCodes(trx, demoSchools.map((s) => s.code))).map((s) => [s.code, s.id]));
  const codeOf = (key: DemoSchoolKey) => demoSchools.find((s) => s.key === key)!.code;
  for (const w of demoWishes) {
    await replaceWishRows(
      trx,
      next!.id,
      ids.get(codeOf(w.school))!,
      w.partners.map((p) => ids.get(codeOf(p))!),
      null,
      new Date(),
    );
  }

  // January 2026: both pairs continue (the old pairs are completed: their phase has ended).
  const cpOld = await demoPairOn(trx, [CP, AM], '2023-03-13');
  const cp = await chooseNextPhase(trx, as('chuphan.ht'), cpOld, 'continue', at('2026-01-05'));
  const nc = await chooseNextPhase(trx, as('nhanchinh.ht'), ncOld, 'continue', at('2026-01-06'));

  // Chu Phan – Ái Mộ B sign the new MoU in the app; THPT Nhân Chính signs, PTDTNT Hà Nội not yet.
  const sign = async (username: string, pairId: string, when: Date) => {
    const latest = await latestMouRow(trx, pairId);
    await signMou(trx, as(username), pairId, { version: latest!.version, sha256: latest!.content_sha256 }, when, DEFAULT_PUBLIC_URL);
  };
  await sign('chuphan.ht', cp.newPairId!, at('2026-01-15'));
  await sign('aimob.ht', cp.newPairId!, at('2026-01-16', '10:30'));
  await sign('nhanchinh.ht', nc.newPairId!, at('2026-01-20'));
}

/**
 * The story's notifications (called at the end of the demo loader): its steps (2023–2026) ran
 * through the real services, which told the schools' staff and the department of each as if it
 * had just happened. They are long read — except the one that still asks for an action today:
 * PTDTNT Hà Nội's staff are told Nhân Chính signed the MoU of 2026–2028 and theirs is awaited.
 */
export async function settleDemoNotifications(trx: Db): Promise<void> {
  const current = await demoPairOn(trx, [NC, NT], '2026-06-01');
  const awaited = await notificationIdsOfSchool(trx, NT, 'mou.signedByPartner', `/app/pairs/${current}`);
  await markAllUnreadReadExcept(trx, awaited);
}
