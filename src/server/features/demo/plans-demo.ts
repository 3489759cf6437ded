/**
 * The demo's yearly plans (loaded last, after the activities): an approved plan 2025-2026 for
 * each couple of demo schools — approved by both principals on 05/09/2025 and numbered in the
 * first school's register ("01/KH-…") — made by the pair in force that day, the pair of
 * 2022–2025. Its items link the activities of that pair that fulfil them (autumn 2025). The
 * pair continued into 2026–2028 in January 2026: the activities from then on, and the planned
 * one added per couple for an item still to come, belong to the new pair, which has not made a
 * plan of its own for the rest of the year (so they are not linked to the old pair's plan).
 */
import { schoolYearOf } from '#src/core/activities/activity.ts';
import { hashPlanContent } from '#src/core/plans/hash.ts';
import type { PlanContent } from '#src/core/plans/plan.ts';
import type { CallContext, Db } from '#src/server/context.ts';
import { recordAudit } from '#src/server/features/audit/audit.service.ts';
import { resolveParties, placeOf } from '#src/server/features/pairs/mou-draft.service.ts';
import { findCampaignRow } from '#src/server/features/campaigns/campaigns.repository.ts';
import { issueNumber, mouReferenceOf } from '#src/server/features/pairs/mou.service.ts';
import { insertActivity, updateActivitiesOnDay } from '#src/server/features/activities/activities.repository.ts';
import { findPairRow, listMemberRows } from '#src/server/features/pairs/pairs.repository.ts';
import { ensurePlan, insertApproval, insertVersion, updateVersion } from '#src/server/features/plans/plans.repository.ts';
import { findSchoolsByCodes } from '#src/server/features/schools/schools.repository.ts';
import { demoPairOn } from './demo-phases.ts';

const YEAR = '2025-2026';
const DATED_ON = '2025-09-05';

interface DemoItem {
  key: string;
  month: string;
  kind: string;
  title: string;
  /** Index of the host among the pair's schools (as listed in `codes`). */
  host: 0 | 1;
  responsible: string;
  /** An existing demo activity (by its first day) that fulfils the item. */
  fulfilledBy?: string;
  /** A planned activity to add for the item. */
  planned?: { startsOn: string; place: string; description: string };
}

interface DemoPlan {
  codes: [string, string];
  goals: PlanContent['goals'];
  items: DemoItem[];
}

const PLANS: DemoPlan[] = [
  {
    codes: ['DEMO-TH-CHUPHAN', 'DEMO-TH-AIMOB'],
    goals: [
      { text: 'Nâng cao chất lượng đội ngũ qua sinh hoạt chuyên môn liên trường, đổi mới phương pháp dạy học theo CT GDPT 2018', mouClauses: [1] },
      { text: 'Quan tâm, hỗ trợ học sinh có hoàn cảnh khó khăn, học sinh có kết quả học tập còn hạn chế', mouClauses: [2] },
      { text: 'Duy trì các hoạt động giao lưu thường niên giữa cán bộ, giáo viên và học sinh hai trường', mouClauses: [3, 4] },
    ],
    items: [
      { key: '3b0f6a3e-0c55-4a51-8e0b-5a1d2c3e4f01', month: '2025-09', kind: 'other', title: 'Họp Ban chỉ đạo hai trường triển khai kế hoạch năm học', host: 0, responsible: 'Ông Nguyễn Văn Tuấn, Hiệu trưởng' },
      { key: '3b0f6a3e-0c55-4a51-8e0b-5a1d2c3e4f02', month: '2025-11', kind: 'seminar', title: 'Chuyên đề “Xây dựng trường học Xanh - sạch - đẹp - văn minh - hạnh phúc”', host: 1, responsible: 'Bà Hoàng Thị Bích Thu, Hiệu trưởng', fulfilledBy: '2025-11-14' },
      { key: '3b0f6a3e-0c55-4a51-8e0b-5a1d2c3e4f03', month: '2026-03', kind: 'subject-group-exchange', title: 'Sinh hoạt chuyên môn liên trường tổ Tiếng Anh', host: 0, responsible: 'Tổ trưởng tổ Tiếng Anh', fulfilledBy: '2026-03-20' },
      {
        key: '3b0f6a3e-0c55-4a51-8e0b-5a1d2c3e4f04',
        month: '2026-05',
        kind: 'student-exchange',
        title: 'Giao lưu Liên đội tổng kết năm học',
        host: 1,
        responsible: 'Tổng phụ trách Đội',
        planned: { startsOn: '2026-05-15', place: 'Trường Tiểu học Ái Mộ B', description: 'Giao lưu văn nghệ, trao quà cho học sinh có hoàn cảnh khó khăn của hai trường.' },
      },
    ],
  },
  {
    codes: ['DEMO-THPT-NHANCHINH', 'DEMO-PTDTNT-HN'],
    goals: [
      { text: 'Chia sẻ giải pháp nâng cao chất lượng dạy và học chương trình GDPT 2018 giữa các tổ bộ môn', mouClauses: [1] },
      { text: 'Huy động nguồn lực hỗ trợ giáo viên và học sinh có hoàn cảnh khó khăn đặc biệt', mouClauses: [2] },
      { text: 'Hợp tác bồi dưỡng học sinh giỏi; giao lưu Đoàn thanh niên và học sinh hằng năm', mouClauses: [3, 4] },
    ],
    items: [
      { key: '7c1e2d3f-4a5b-4c6d-8e7f-9a0b1c2d3e01', month: '2025-10', kind: 'seminar', title: 'Chuyên đề đổi mới kiểm tra, đánh giá theo CT GDPT 2018', host: 0, responsible: 'Phó Hiệu trưởng phụ trách chuyên môn' },
      { key: '7c1e2d3f-4a5b-4c6d-8e7f-9a0b1c2d3e02', month: '2025-12', kind: 'gifted-training', title: 'Bồi dưỡng học sinh giỏi môn Ngữ văn lớp 11', host: 0, responsible: 'Tổ trưởng tổ Ngữ văn', fulfilledBy: '2025-12-06' },
      {
        key: '7c1e2d3f-4a5b-4c6d-8e7f-9a0b1c2d3e03',
        month: '2026-03',
        kind: 'student-exchange',
        title: 'Giao lưu Đoàn thanh niên chào mừng ngày thành lập Đoàn 26/3',
        host: 1,
        responsible: 'Bí thư Đoàn trường',
        planned: { startsOn: '2026-03-26', place: 'Trường Phổ thông dân tộc nội trú Hà Nội (Ba Vì)', description: 'Giao lưu thể thao, văn nghệ giữa đoàn viên hai trường.' },
      },
    ],
  },
];

/** Write the demo's plans (called by the demo loader at its end, in its transaction). Returns how many. */
export async function insertPlanDemo(trx: Db, ctx: CallContext): Promise<number> {
  let written = 0;
  for (const demo of PLANS) {
    const schools = await findSchoolsByCodes(trx, [...demo.codes]);
    const ids = demo.codes.map((c) => schools.find((s) => s.code === c)?.id);
    if (ids.some((id) => !id)) continue;
    // The pair of these two schools in force on the day the plan was approved (demo-phases.ts).
    const pairId = await demoPairOn(trx, demo.codes, DATED_ON);
    const pair = await findPairRow(trx, pairId);
    if (!pair) continue;
    const members = await listMemberRows(trx, [pair.id]);
    const { parties } = await resolveParties(trx, members, DATED_ON);
    // A goal names only the clauses the pair's MoU has (a pair without an MoU: none).
    const campaign = await findCampaignRow(trx, pair.campaign_id);
    const objectives = campaign ? ((await mouReferenceOf(trx, pair.id, campaign))?.objectives.length ?? 0) : 0;
    const content: PlanContent = {
      place: placeOf(parties[0]!.unitLine),
      datedOn: DATED_ON,
      goals: demo.goals.map((g) => ({ ...g, mouClauses: g.mouClauses.filter((c) => c <= objectives) })),
      items: demo.items.map((i) => ({ key: i.key, month: i.month, kind: i.kind, title: i.title, hostSchoolId: ids[i.host]!, responsible: i.responsible })),
      closing: [],
    };
    const plan = await ensurePlan(trx, pair.id, YEAR);
    const sha = hashPlanContent(YEAR, content);
    const version = await insertVersion(trx, {
      plan_id: plan.id,
      version: 1,
      status: 'approved',
      content: JSON.stringify(content),
      content_sha256: sha,
      parties: JSON.stringify(parties),
      change_note: null,
      drafted_by_school_id: parties[0]!.schoolId,
      created_by_user_id: null,
      submitted_at: new Date(`${DATED_ON}T01:00:00Z`),
      approved_on: DATED_ON,
    });
    const numbering = await issueNumber(trx, 'plan', parties[0]!, version.id, DATED_ON);
    await updateVersion(trx, version.id, numbering);
    for (const [k, p] of parties.entries()) {
      await insertApproval(trx, {
        plan_version_id: version.id,
        school_id: p.schoolId,
        approved_by_user_id: null,
        signatory_name: p.signatoryName,
        signatory_title: p.signatoryTitle,
        approved_at: new Date(`${DATED_ON}T0${2 + k}:30:00Z`),
        content_sha256: sha,
      });
    }
    for (const item of demo.items) {
      if (item.fulfilledBy) {
        await updateActivitiesOnDay(trx, pair.id, item.fulfilledBy, { plan_id: plan.id, plan_item_key: item.key });
      }
      if (item.planned) {
        // A planned activity belongs to the pair in force on its day; only the plan's own pair links it.
        const on = await demoPairOn(trx, demo.codes, item.planned.startsOn);
        await insertActivity(trx, {
          pair_id: on,
          kind: item.kind,
          title: item.title,
          starts_on: item.planned.startsOn,
          school_year: schoolYearOf(item.planned.startsOn),
          host_school_id: ids[item.host]!,
          place: item.planned.place,
          description: item.planned.description,
          status: 'planned',
          plan_id: on === pair.id ? plan.id : null,
          plan_item_key: on === pair.id ? item.key : null,
          ends_on: null,
          start_time: null,
          end_time: null,
          subject: null,
          outcome: null,
          cancel_reason: null,
          created_by_user_id: null,
          closed_at: null,
          closed_by_user_id: null,
          reported_at: null,
        });
      }
    }
    written++;
  }
  await recordAudit(trx, ctx, { action: 'demo.plans', entity: 'database', entityId: null, after: { plans: written, schoolYear: YEAR } });
  return written;
}
