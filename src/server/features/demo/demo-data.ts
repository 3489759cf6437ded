import type { ActivityKind } from '#src/core/activity-kinds.ts';
import type { Role } from '#src/core/roles.ts';

/**
 * Demo data built from the two seed documents (shared/seeds). School codes are
 * demo codes, not official ones; sizes are left empty where the seeds say nothing.
 * Administrative units are the official ones (src/db/admin-units/, loaded on migrate):
 * each school stands in the commune of 2023 named by its official code; the commune that
 * took it over on 1 July 2025 follows from the official mapping (for a divided commune,
 * from the school's position: the nearest new commune's centre).
 */
export const DEMO_PASSWORD = 'ChungTay@2025';

export const DISTRICTS_END = '2025-07-01';

/**
 * The communes of 2023 (official codes, wards-legacy.csv) the demo schools stood in.
 * PTDTNT Hà Nội: the seeds give only huyện Ba Vì; xã Ba Trại is the commune at its demo
 * position (Ba Trại and its neighbour Tản Lĩnh both became xã Suối Hai).
 */
export const demoCommunes = {
  chuphan: '09004', // xã Chu Phan, huyện Mê Linh → xã Yên Lãng
  bode: '00139', // phường Bồ Đề, quận Long Biên (divided)
  ngocthuy: '00118', // phường Ngọc Thụy, quận Long Biên (divided)
  nhanchinh: '00343', // phường Nhân Chính, quận Thanh Xuân (divided)
  batrai: '09697', // xã Ba Trại, huyện Ba Vì → xã Suối Hai
  tanlinh: '09694', // xã Tản Lĩnh, huyện Ba Vì → xã Suối Hai
  minhquang: '09700', // xã Minh Quang, huyện Ba Vì (divided)
} as const;

export type DemoUnitKey = keyof typeof demoCommunes;

export const demoSchools = [
  {
    key: 'chuphan',
    code: 'DEMO-TH-CHUPHAN',
    name: 'Trường Tiểu học Chu Phan',
    shortName: 'TH Chu Phan',
    level: 'primary',
    areaType: 'suburban',
    unit: 'chuphan',
    principal: 'Nguyễn Văn Tuấn',
  },
  {
    key: 'aimob',
    code: 'DEMO-TH-AIMOB',
    name: 'Trường Tiểu học Ái Mộ B',
    shortName: 'TH Ái Mộ B',
    level: 'primary',
    areaType: 'inner-city',
    unit: 'bode',
    principal: 'Hoàng Thị Bích Thu',
  },
  {
    key: 'nhanchinh',
    code: 'DEMO-THPT-NHANCHINH',
    name: 'Trường THPT Nhân Chính',
    shortName: 'THPT Nhân Chính',
    level: 'upper-secondary',
    areaType: 'inner-city',
    unit: 'nhanchinh',
    principal: null,
  },
  {
    key: 'ptdtnt',
    code: 'DEMO-PTDTNT-HN',
    name: 'Trường Phổ thông Dân tộc nội trú Hà Nội',
    shortName: 'PTDTNT Hà Nội',
    level: 'ethnic-boarding',
    areaType: 'mountainous',
    unit: 'batrai',
    principal: null,
  },
  // More primary schools (demo codes; communes as their names say), so that a pairing run on the demo
  // data has inner-city and suburban/mountainous schools to pair.
  { key: 'bode', code: 'DEMO-TH-BODE', name: 'Trường Tiểu học Bồ Đề', shortName: 'TH Bồ Đề', level: 'primary', areaType: 'inner-city', unit: 'bode', principal: null },
  { key: 'ngocthuy', code: 'DEMO-TH-NGOCTHUY', name: 'Trường Tiểu học Ngọc Thụy', shortName: 'TH Ngọc Thụy', level: 'primary', areaType: 'inner-city', unit: 'ngocthuy', principal: null },
  { key: 'thnhanchinh', code: 'DEMO-TH-NHANCHINH', name: 'Trường Tiểu học Nhân Chính', shortName: 'TH Nhân Chính', level: 'primary', areaType: 'inner-city', unit: 'nhanchinh', principal: null },
  { key: 'batrai', code: 'DEMO-TH-BATRAI', name: 'Trường Tiểu học Ba Trại', shortName: 'TH Ba Trại', level: 'primary', areaType: 'mountainous', unit: 'batrai', principal: null },
  { key: 'minhquang', code: 'DEMO-TH-MINHQUANG', name: 'Trường Tiểu học Minh Quang', shortName: 'TH Minh Quang', level: 'primary', areaType: 'mountainous', unit: 'minhquang', principal: null },
  { key: 'tanlinh', code: 'DEMO-TH-TANLINH', name: 'Trường Tiểu học Tản Lĩnh', shortName: 'TH Tản Lĩnh', level: 'primary', areaType: 'suburban', unit: 'tanlinh', principal: null },
] as const satisfies readonly {
  key: string;
  code: string;
  name: string;
  shortName: string;
  level: string;
  areaType: 'inner-city' | 'suburban' | 'mountainous';
  unit: DemoUnitKey;
  principal: string | null;
}[];

export type DemoSchoolKey = (typeof demoSchools)[number]['key'];

export const demoCampaign = {
  number: '4340/KH-SGDĐT',
  issuer: 'Sở Giáo dục và Đào tạo Hà Nội',
  issuedOn: '2022-12-12',
  title: 'Nhà trường cùng chung tay phát triển - Thầy cô cùng sẻ chia trách nhiệm',
  phaseStartYear: 2022,
  phaseEndYear: 2025,
};

/**
 * The next phase the demo opens (demo-phases.ts): not a real plan — its number and its
 * movement say so, and both appear in the memoranda drafted under it.
 */
export const demoNextPhase = {
  number: 'MH-01/KH-SGDĐT',
  issuedOn: '2025-12-15',
  title: `${demoCampaign.title} (dữ liệu minh họa)`,
  phaseStartYear: 2026,
  phaseEndYear: 2028,
};

export const demoPairs = [
  {
    key: 'chuphan-aimob',
    schools: ['chuphan', 'aimob'] as DemoSchoolKey[],
    mou: {
      place: 'Mê Linh',
      datedOn: '2023-03-13',
      venue: 'huyện Mê Linh, TP. Hà Nội',
      phase: '2023-2025',
      // Numbered in Chu Phan's register (the host): "Số: 01/GN-THCP".
      numberSeq: 1,
      // The parties in the order of the title; names and units as of 13/03/2023 come from
      // the registry (the districts of 2023). Signed on paper by both principals.
      signatories: [
        { school: 'chuphan' as DemoSchoolKey, name: 'Nguyễn Văn Tuấn', title: 'HIỆU TRƯỞNG' as const },
        { school: 'aimob' as DemoSchoolKey, name: 'Hoàng Thị Bích Thu', title: 'HIỆU TRƯỞNG' as const },
      ],
    },
  },
  { key: 'nhanchinh-ptdtnt', schools: ['nhanchinh', 'ptdtnt'] as DemoSchoolKey[], mou: null },
] as const;

export const demoActivities: {
  pair: (typeof demoPairs)[number]['key'];
  kind: ActivityKind;
  title: string;
  startsOn: string;
  host: DemoSchoolKey;
  place: string;
  status: 'done' | 'reported';
  description: string;
}[] = [
  {
    pair: 'chuphan-aimob',
    kind: 'signing-conference',
    title: 'Ký kết Biên bản ghi nhớ chương trình kết nghĩa giai đoạn 2023-2025',
    startsOn: '2023-03-13',
    host: 'chuphan',
    place: 'huyện Mê Linh, TP. Hà Nội',
    status: 'done',
    description: 'Lãnh đạo hai nhà trường trao đổi, đồng thuận và ký kết Biên bản ghi nhớ về chương trình kết nghĩa.',
  },
  {
    pair: 'nhanchinh-ptdtnt',
    kind: 'signing-conference',
    title: 'Hội nghị Gặp mặt và kí kết biên bản ghi nhớ về chương trình kết nghĩa',
    startsOn: '2023-10-25',
    host: 'nhanchinh',
    place: 'Trường THPT Nhân Chính',
    status: 'reported',
    description:
      'Dự hội nghị có đại diện Ban giám hiệu, Chủ tịch Công đoàn, trưởng các đoàn thể và cán bộ chủ chốt của hai nhà trường. Hai trường giới thiệu đặc điểm tình hình, chia sẻ kinh nghiệm và ký kết biên bản ghi nhớ giai đoạn 2023-2025.',
  },
];

/**
 * Demo accounts. The area officer (`areaOf`) oversees the ward TH Ái Mộ B stands in today:
 * a commune-level unit directly under the city since 1 July 2025, which took over part of
 * phường Bồ Đề. The officer sees the schools standing there today and the pairs they belong
 * to (Chu Phan – Ái Mộ B, across areas), nothing of Mê Linh, Thanh Xuân or Ba Vì; the ward
 * did not exist before 1 July 2025, so the officer cannot rewrite the schools' history of
 * that time.
 */
export const demoUsers: { username: string; displayName: string; role: Role; school?: DemoSchoolKey; areaOf?: DemoSchoolKey }[] = [
  { username: 'so.admin', displayName: 'Quản trị Sở GDĐT Hà Nội', role: 'department-admin' },
  { username: 'aimob.ht', displayName: 'Hoàng Thị Bích Thu', role: 'school-leader', school: 'aimob' },
  { username: 'chuphan.ht', displayName: 'Nguyễn Văn Tuấn', role: 'school-leader', school: 'chuphan' },
  { username: 'nhanchinh.ht', displayName: 'Hiệu trưởng THPT Nhân Chính', role: 'school-leader', school: 'nhanchinh' },
  { username: 'ptdtnt.ht', displayName: 'Hiệu trưởng PTDTNT Hà Nội', role: 'school-leader', school: 'ptdtnt' },
  { username: 'aimob.gv', displayName: 'Giáo viên TH Ái Mộ B', role: 'teacher', school: 'aimob' },
  // The demo's sponsor: a teacher of the school twinned with PTDTNT Hà Nội, one of whose students it sponsors.
  { username: 'nhanchinh.gv', displayName: 'Giáo viên THPT Nhân Chính', role: 'teacher', school: 'nhanchinh' },
  { username: 'aimob.pt', displayName: 'Cán bộ phụ trách kết nghĩa TH Ái Mộ B', role: 'school-coordinator', school: 'aimob' },
  { username: 'bode.cb', displayName: 'Cán bộ phụ trách giáo dục phường (nơi có TH Ái Mộ B)', role: 'area-officer', areaOf: 'aimob' },
];

/**
 * Profiles for the pairing engine: approximate coordinates (WGS 84), invented sizes, and
 * strengths and needs (level 1–3). Demo values, not official data.
 */
export const demoProfiles: Record<
  DemoSchoolKey,
  { lat: number; lon: number; students: number | null; strengths: [string, number][]; needs: [string, number][] }
> = {
  aimob: { lat: 21.043, lon: 105.874, students: 1450, strengths: [['english', 3], ['digital-transformation', 2], ['stem', 2]], needs: [['experiential', 1]] },
  chuphan: { lat: 21.177, lon: 105.712, students: 980, strengths: [['local-education', 2], ['experiential', 2]], needs: [['english', 3], ['informatics', 2], ['digital-transformation', 2]] },
  nhanchinh: { lat: 21.003, lon: 105.804, students: null, strengths: [['gifted-students', 3], ['english', 2]], needs: [] },
  ptdtnt: { lat: 21.14, lon: 105.405, students: null, strengths: [['boarding', 3]], needs: [['gifted-students', 2], ['english', 2]] },
  bode: { lat: 21.039, lon: 105.879, students: 1320, strengths: [['informatics', 3], ['stem', 3], ['library', 2]], needs: [['arts', 1]] },
  ngocthuy: { lat: 21.056, lon: 105.868, students: 1100, strengths: [['arts', 3], ['life-skills', 2], ['english', 2]], needs: [['informatics', 1]] },
  thnhanchinh: { lat: 21.005, lon: 105.802, students: 1600, strengths: [['math', 3], ['teacher-development', 3], ['english', 2]], needs: [['physical-education', 1]] },
  batrai: { lat: 21.126, lon: 105.366, students: 520, strengths: [['local-education', 3], ['physical-education', 2]], needs: [['math', 3], ['teacher-development', 2], ['english', 2]] },
  minhquang: { lat: 21.098, lon: 105.348, students: 610, strengths: [['life-skills', 2]], needs: [['informatics', 3], ['stem', 2], ['library', 2]] },
  tanlinh: { lat: 21.125, lon: 105.407, students: 740, strengths: [['physical-education', 2]], needs: [['arts', 2], ['english', 2], ['life-skills', 1]] },
};

/** Nguyện vọng in the demo campaign: each school's wished partners, most wished first. */
export const demoWishes: { school: DemoSchoolKey; partners: DemoSchoolKey[] }[] = [
  { school: 'batrai', partners: ['thnhanchinh', 'bode'] },
  { school: 'thnhanchinh', partners: ['batrai'] },
  { school: 'minhquang', partners: ['bode', 'ngocthuy'] },
  { school: 'tanlinh', partners: ['ngocthuy'] },
  { school: 'ngocthuy', partners: ['minhquang', 'tanlinh'] },
];
