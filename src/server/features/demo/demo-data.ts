import type { ActivityKind } from '#src/core/activity-kinds.ts';
import type { Role } from '#src/core/roles.ts';

/**
 * Demo data built from the two seed documents (shared/seeds). School codes are
 * demo codes, not official ones; sizes are left empty where the seeds say nothing.
 * Administrative units: the districts of 2023 (abolished on 1 July 2025) and the
 * communes/wards the schools stood in then.
 */
export const DEMO_PASSWORD = 'ChungTay@2025';

export const DISTRICTS_END = '2025-07-01';

export const demoUnits = [
  { key: 'hn', code: '01', name: 'Thành phố Hà Nội', kind: 'province', parent: null, validTo: null },
  { key: 'melinh', code: '250', name: 'huyện Mê Linh', kind: 'district', parent: 'hn', validTo: DISTRICTS_END },
  { key: 'longbien', code: '004', name: 'quận Long Biên', kind: 'district', parent: 'hn', validTo: DISTRICTS_END },
  { key: 'thanhxuan', code: '009', name: 'quận Thanh Xuân', kind: 'district', parent: 'hn', validTo: DISTRICTS_END },
  { key: 'bavi', code: '271', name: 'huyện Ba Vì', kind: 'district', parent: 'hn', validTo: DISTRICTS_END },
  { key: 'chuphan', code: '250-CP', name: 'xã Chu Phan', kind: 'commune', parent: 'melinh', validTo: DISTRICTS_END },
  { key: 'bode', code: '004-BD', name: 'phường Bồ Đề', kind: 'ward', parent: 'longbien', validTo: DISTRICTS_END },
  { key: 'nhanchinh', code: '009-NC', name: 'phường Nhân Chính', kind: 'ward', parent: 'thanhxuan', validTo: DISTRICTS_END },
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
      phase: '2023 - 2025',
      // As the MoU names them, with the districts of 2023.
      partyNames: { A: 'Trường TH Chu Phan huyện Mê Linh', B: 'Trường TH Ái Mộ B quận Long Biên' },
      signatories: [
        { school: 'aimob' as DemoSchoolKey, name: 'Hoàng Thị Bích Thu', title: 'Hiệu trưởng' },
        { school: 'chuphan' as DemoSchoolKey, name: 'Nguyễn Văn Tuấn', title: 'Hiệu trưởng' },
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
