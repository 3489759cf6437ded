import type { ActivityKind } from '#src/core/activity-kinds.ts';
import type { Role } from '#src/core/roles.ts';

/**
 * Demo data built from the two seed documents (shared/seeds). School codes are
 * demo codes, not official ones; sizes are left empty where the seeds say nothing.
 * Administrative units: the districts of 2023 (abolished on 1 July 2025), the
 * communes/wards the schools stood in then, and the communes/wards that took them
 * over on 1 July 2025 (where known; PTDTNT Hà Nội is recorded only at district level,
 * so it has no unit after the reform until someone records its new commune).
 */
export const DEMO_PASSWORD = 'ChungTay@2025';

export const DISTRICTS_END = '2025-07-01';

export const demoUnits = [
  { key: 'hn', code: '01', name: 'Thành phố Hà Nội', kind: 'province', parent: null, validFrom: null, validTo: null, successor: null },
  { key: 'melinh', code: '250', name: 'huyện Mê Linh', kind: 'district', parent: 'hn', validFrom: null, validTo: DISTRICTS_END, successor: null },
  { key: 'longbien', code: '004', name: 'quận Long Biên', kind: 'district', parent: 'hn', validFrom: null, validTo: DISTRICTS_END, successor: null },
  { key: 'thanhxuan', code: '009', name: 'quận Thanh Xuân', kind: 'district', parent: 'hn', validFrom: null, validTo: DISTRICTS_END, successor: null },
  { key: 'bavi', code: '271', name: 'huyện Ba Vì', kind: 'district', parent: 'hn', validFrom: null, validTo: DISTRICTS_END, successor: null },
  { key: 'chuphan', code: '250-CP', name: 'xã Chu Phan', kind: 'commune', parent: 'melinh', validFrom: null, validTo: DISTRICTS_END, successor: 'yenlang' },
  { key: 'bode', code: '004-BD', name: 'phường Bồ Đề', kind: 'ward', parent: 'longbien', validFrom: null, validTo: DISTRICTS_END, successor: 'bode2025' },
  { key: 'nhanchinh', code: '009-NC', name: 'phường Nhân Chính', kind: 'ward', parent: 'thanhxuan', validFrom: null, validTo: DISTRICTS_END, successor: 'thanhxuan2025' },
  // From 1 July 2025 (Resolution 1656/NQ-UBTVQH15): communes and wards directly under the city.
  // Codes are demo codes. See docs/registry.md for how sure each successor is.
  { key: 'yenlang', code: '01-YENLANG', name: 'xã Yên Lãng', kind: 'commune', parent: 'hn', validFrom: DISTRICTS_END, validTo: null, successor: null },
  { key: 'bode2025', code: '01-BODE', name: 'phường Bồ Đề', kind: 'ward', parent: 'hn', validFrom: DISTRICTS_END, validTo: null, successor: null },
  { key: 'thanhxuan2025', code: '01-THANHXUAN', name: 'phường Thanh Xuân', kind: 'ward', parent: 'hn', validFrom: DISTRICTS_END, validTo: null, successor: null },
] as const;

export type DemoUnitKey = (typeof demoUnits)[number]['key'];

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
    unit: 'bavi',
    principal: null,
  },
  // More primary schools (demo codes; units approximate), so that a pairing run on the demo
  // data has inner-city and suburban/mountainous schools to pair.
  { key: 'bode', code: 'DEMO-TH-BODE', name: 'Trường Tiểu học Bồ Đề', shortName: 'TH Bồ Đề', level: 'primary', areaType: 'inner-city', unit: 'bode', principal: null },
  { key: 'ngocthuy', code: 'DEMO-TH-NGOCTHUY', name: 'Trường Tiểu học Ngọc Thụy', shortName: 'TH Ngọc Thụy', level: 'primary', areaType: 'inner-city', unit: 'bode', principal: null },
  { key: 'thnhanchinh', code: 'DEMO-TH-NHANCHINH', name: 'Trường Tiểu học Nhân Chính', shortName: 'TH Nhân Chính', level: 'primary', areaType: 'inner-city', unit: 'nhanchinh', principal: null },
  { key: 'batrai', code: 'DEMO-TH-BATRAI', name: 'Trường Tiểu học Ba Trại', shortName: 'TH Ba Trại', level: 'primary', areaType: 'mountainous', unit: 'bavi', principal: null },
  { key: 'minhquang', code: 'DEMO-TH-MINHQUANG', name: 'Trường Tiểu học Minh Quang', shortName: 'TH Minh Quang', level: 'primary', areaType: 'mountainous', unit: 'bavi', principal: null },
  { key: 'tanlinh', code: 'DEMO-TH-TANLINH', name: 'Trường Tiểu học Tản Lĩnh', shortName: 'TH Tản Lĩnh', level: 'primary', areaType: 'suburban', unit: 'bavi', principal: null },
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

export const demoUsers: { username: string; displayName: string; role: Role; school?: DemoSchoolKey }[] = [
  { username: 'so.admin', displayName: 'Quản trị Sở GDĐT Hà Nội', role: 'department-admin' },
  { username: 'aimob.ht', displayName: 'Hoàng Thị Bích Thu', role: 'school-leader', school: 'aimob' },
  { username: 'chuphan.ht', displayName: 'Nguyễn Văn Tuấn', role: 'school-leader', school: 'chuphan' },
  { username: 'nhanchinh.ht', displayName: 'Hiệu trưởng THPT Nhân Chính', role: 'school-leader', school: 'nhanchinh' },
  { username: 'ptdtnt.ht', displayName: 'Hiệu trưởng PTDTNT Hà Nội', role: 'school-leader', school: 'ptdtnt' },
  { username: 'aimob.gv', displayName: 'Giáo viên TH Ái Mộ B', role: 'teacher', school: 'aimob' },
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
