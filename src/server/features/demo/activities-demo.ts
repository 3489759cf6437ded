/**
 * The demo's activities, loaded after the rest of the demo: the two seed events completed
 * (the 13/03/2023 signing at Chu Phan, the 25/10/2023 conference at Nhân Chính reported with
 * its outcome from the news article) with who took part, and a few done and planned
 * activities of 2025-2026 and 2026-2027 for both pairs. Participant counts are demo values.
 */
import { schoolYearOf } from '#src/core/activities/activity.ts';
import type { Db } from '#src/server/context.ts';
import { insertActivity, replaceParticipants, updateActivitiesOnDay } from '#src/server/features/activities/activities.repository.ts';
import { findSchoolsByCodes } from '#src/server/features/schools/schools.repository.ts';
import { demoPairOn } from './demo-phases.ts';

type Counts = [teachers: number, staff: number, students: number];

interface DemoActivity {
  pair: 'chuphan-aimob' | 'nhanchinh-ptdtnt';
  kind: string;
  title: string;
  startsOn: string;
  endsOn?: string;
  startTime?: string;
  endTime?: string;
  host: string;
  place: string;
  mode?: 'in-person' | 'online';
  subject?: string;
  status: 'planned' | 'done' | 'reported';
  description: string;
  outcome?: string;
  counts: Record<string, Counts>;
}

const CP = 'DEMO-TH-CHUPHAN';
const AM = 'DEMO-TH-AIMOB';
const NC = 'DEMO-THPT-NHANCHINH';
const NT = 'DEMO-PTDTNT-HN';

/** The seed events as recorded after the fact (the rows demo.repository.ts wrote), by pair and day. */
const SEED_DETAILS: { pair: DemoActivity['pair']; startsOn: string; startTime: string; endTime: string; outcome: string; counts: Record<string, Counts> }[] = [
  {
    pair: 'chuphan-aimob',
    startsOn: '2023-03-13',
    startTime: '08:00',
    endTime: '10:30',
    outcome: 'Hai trường ký Biên bản ghi nhớ về chương trình kết nghĩa giai đoạn 2023-2025 (Số: 01/GN-THCP) và thống nhất thành lập Ban chỉ đạo chung.',
    counts: { [CP]: [18, 3, 0], [AM]: [12, 2, 0] },
  },
  {
    pair: 'nhanchinh-ptdtnt',
    startsOn: '2023-10-25',
    startTime: '08:00',
    endTime: '11:00',
    outcome:
      'Hai đơn vị kí kết biên bản ghi nhớ giai đoạn 2023-2025, thống nhất: huy động nguồn lực hỗ trợ giáo viên và học sinh có hoàn cảnh khó khăn đặc biệt; kết nối các tổ chức, cá nhân hỗ trợ trang thiết bị dạy học cho trường PTDTNT Hà Nội; tổ chức các chuyên đề xây dựng trường học “Xanh - sạch - đẹp - văn minh - hạnh phúc”; chia sẻ giải pháp nâng cao chất lượng dạy và học chương trình GDPT 2018 giữa các tổ bộ môn; hợp tác bồi dưỡng học sinh giỏi, thi GVG năm học 2023-2024; hằng năm giao lưu chuyên môn, quản trị trường học, hoạt động tập thể của Đoàn thanh niên và học sinh. Hai trường trao quà lưu niệm.',
    counts: { [NC]: [14, 4, 0], [NT]: [11, 3, 0] },
  },
];

const MORE: DemoActivity[] = [
  {
    pair: 'chuphan-aimob',
    kind: 'seminar',
    title: 'Chuyên đề “Xây dựng trường học Xanh - sạch - đẹp - văn minh - hạnh phúc”',
    startsOn: '2025-11-14',
    startTime: '08:00',
    endTime: '11:00',
    host: AM,
    place: 'Trường Tiểu học Ái Mộ B',
    status: 'reported',
    description: 'Tham quan khuôn viên, thư viện xanh; trao đổi kinh nghiệm tổ chức hoạt động trải nghiệm.',
    outcome: 'Trường TH Chu Phan xây dựng kế hoạch thư viện xanh, áp dụng từ học kỳ II.',
    counts: { [CP]: [22, 2, 0], [AM]: [30, 4, 40] },
  },
  {
    pair: 'chuphan-aimob',
    kind: 'subject-group-exchange',
    title: 'Sinh hoạt chuyên môn liên trường tổ Tiếng Anh',
    startsOn: '2026-03-20',
    host: CP,
    place: 'Trường Tiểu học Chu Phan',
    subject: 'Tiếng Anh',
    status: 'done',
    description: 'Dự giờ, góp ý tiết dạy Tiếng Anh lớp 4 theo CT GDPT 2018.',
    counts: { [CP]: [6, 0, 35], [AM]: [5, 0, 0] },
  },
  {
    pair: 'chuphan-aimob',
    kind: 'student-exchange',
    title: 'Giao lưu Liên đội: “Đôi bạn cùng tiến”',
    startsOn: '2026-11-20',
    host: CP,
    place: 'Trường Tiểu học Chu Phan',
    status: 'planned',
    description: 'Giao lưu văn nghệ, trò chơi dân gian giữa học sinh lớp 4, 5 hai trường.',
    counts: { [CP]: [8, 2, 60], [AM]: [6, 1, 45] },
  },
  {
    pair: 'chuphan-aimob',
    kind: 'innovation-report-exchange',
    title: 'Trao đổi sáng kiến kinh nghiệm năm học 2026-2027',
    startsOn: '2027-03-12',
    host: AM,
    place: 'Họp trực tuyến',
    mode: 'online',
    status: 'planned',
    description: 'Mỗi trường giới thiệu 3 sáng kiến kinh nghiệm được công nhận cấp cơ sở.',
    counts: {},
  },
  {
    pair: 'nhanchinh-ptdtnt',
    kind: 'gifted-training',
    title: 'Bồi dưỡng học sinh giỏi môn Ngữ văn lớp 11',
    startsOn: '2025-12-06',
    endsOn: '2025-12-07',
    host: NC,
    place: 'Trường THPT Nhân Chính',
    subject: 'Ngữ văn',
    status: 'done',
    description: 'Hai buổi bồi dưỡng do tổ Ngữ văn trường THPT Nhân Chính phụ trách.',
    counts: { [NC]: [4, 0, 0], [NT]: [2, 0, 18] },
  },
  {
    pair: 'nhanchinh-ptdtnt',
    kind: 'support-handover',
    title: 'Bàn giao thiết bị dạy học hỗ trợ trường PTDTNT Hà Nội',
    startsOn: '2026-09-18',
    host: NT,
    place: 'Trường Phổ thông dân tộc nội trú Hà Nội',
    status: 'done',
    description: 'Bàn giao 10 máy tính và 200 đầu sách cho thư viện.',
    counts: { [NC]: [5, 2, 0], [NT]: [8, 2, 30] },
  },
  {
    pair: 'nhanchinh-ptdtnt',
    kind: 'study-visit',
    title: 'Tham quan học tập mô hình quản trị trường nội trú',
    startsOn: '2027-01-15',
    startTime: '07:30',
    endTime: '16:30',
    host: NT,
    place: 'Trường Phổ thông dân tộc nội trú Hà Nội (Ba Vì)',
    status: 'planned',
    description: 'Ban giám hiệu và tổ trưởng chuyên môn trường THPT Nhân Chính tham quan, trao đổi.',
    counts: { [NC]: [15, 3, 0] },
  },
];

/** Write the demo's activities (called by the demo loader, in its transaction, after its rows). */
export async function insertActivityDemo(trx: Db): Promise<number> {
  const schools = new Map((await findSchoolsByCodes(trx, [CP, AM, NC, NT])).map((s) => [s.code, s.id]));
  // phases: each couple of schools has a pair per phase. An activity belongs to the pair in force on
  // its day: those of autumn 2025 to the pair of 2022–2025 (its MoU ran to 12/2025), those from 2026
  // on to the pair of 2026–2028 that continued it in January 2026.
  const codesOf = { 'chuphan-aimob': [CP, AM], 'nhanchinh-ptdtnt': [NC, NT] } as const;
  const pairOn = (pair: DemoActivity['pair'], date: string) => demoPairOn(trx, codesOf[pair], date);
  const counts = async (activityId: string, c: Record<string, Counts>) => {
    const rows = Object.entries(c).map(([code, [teachers, staff, students]]) => ({ activity_id: activityId, school_id: schools.get(code)!, teachers, staff, students }));
    await replaceParticipants(trx, activityId, rows);
  };

  for (const s of SEED_DETAILS) {
    const [id] = await updateActivitiesOnDay(trx, await pairOn(s.pair, s.startsOn), s.startsOn, {
      start_time: s.startTime,
      end_time: s.endTime,
      outcome: s.outcome,
      closed_at: new Date(`${s.startsOn}T10:00:00Z`),
    });
    if (!id) throw new Error(`the demo has no activity on ${s.startsOn}`);
    await counts(id, s.counts);
  }
  for (const a of MORE) {
    const closed = a.status === 'planned' ? null : new Date(`${a.endsOn ?? a.startsOn}T10:00:00Z`);
    const row = await insertActivity(trx, {
      pair_id: await pairOn(a.pair, a.startsOn),
      kind: a.kind,
      title: a.title,
      starts_on: a.startsOn,
      ends_on: a.endsOn ?? null,
      start_time: a.startTime ?? null,
      end_time: a.endTime ?? null,
      school_year: schoolYearOf(a.startsOn),
      host_school_id: schools.get(a.host)!,
      place: a.place,
      mode: a.mode ?? 'in-person',
      subject: a.subject ?? null,
      status: a.status,
      description: a.description,
      outcome: a.outcome ?? null,
      cancel_reason: null,
      created_by_user_id: null,
      closed_at: closed,
      closed_by_user_id: null,
      reported_at: a.status === 'reported' ? closed : null,
    });
    await counts(row.id, a.counts);
  }
  return SEED_DETAILS.length + MORE.length;
}
