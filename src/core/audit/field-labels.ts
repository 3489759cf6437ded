/**
 * The fields of audited rows as people read them, in both languages: one table for the audit
 * page (src/web/features/audit/audit-values.ts) and the audit log's Excel export
 * (src/server/features/audit/audit.xlsx.ts), so both name a field with the same words. A field
 * not in the table shows its raw name. Pure data and functions (no I/O).
 */

export type LabelLocale = 'vi' | 'en';

export const AUDIT_FIELD_LABELS: Readonly<Record<string, Readonly<Record<LabelLocale, string>>>> = {
  state: { vi: 'Trạng thái', en: 'State' },
  campaignId: { vi: 'Đợt kết nghĩa', en: 'Campaign' },
  schoolIds: { vi: 'Các trường', en: 'Schools' },
  schoolId: { vi: 'Trường', en: 'School' },
  matchingRunId: { vi: 'Lần ghép cặp', en: 'Matching run' },
  score: { vi: 'Điểm phù hợp', en: 'Match score' },
  campaignEndedConfirmed: { vi: 'Đã xác nhận đợt đã kết thúc', en: 'Campaign end confirmed' },
  version: { vi: 'Phiên bản', en: 'Version' },
  sha256: { vi: 'Mã băm (SHA-256)', en: 'Hash (SHA-256)' },
  number: { vi: 'Số văn bản', en: 'Document number' },
  signedOn: { vi: 'Ngày ký', en: 'Signed on' },
  noticeId: { vi: 'Thông báo', en: 'Notice' },
  choice: { vi: 'Lựa chọn', en: 'Choice' },
  reason: { vi: 'Lý do', en: 'Reason' },
  username: { vi: 'Tên đăng nhập', en: 'Username' },
  displayName: { vi: 'Họ và tên', en: 'Full name' },
  email: { vi: 'Thư điện tử', en: 'Email' },
  role: { vi: 'Vai trò', en: 'Role' },
  status: { vi: 'Tình trạng', en: 'Status' },
  locale: { vi: 'Ngôn ngữ', en: 'Language' },
  school: { vi: 'Trường', en: 'School' },
  area: { vi: 'Địa bàn', en: 'Area' },
  createdAt: { vi: 'Tạo lúc', en: 'Created at' },
  disabledAt: { vi: 'Khóa lúc', en: 'Disabled at' },
  sentTo: { vi: 'Gửi tới', en: 'Sent to' },
  expiresAt: { vi: 'Hết hạn lúc', en: 'Expires at' },
  sessionsEnded: { vi: 'Số phiên đăng nhập đã kết thúc', en: 'Sessions ended' },
  recoveryCodes: { vi: 'Số mã khôi phục', en: 'Recovery codes' },
  code: { vi: 'Mã trường', en: 'School code' },
  name: { vi: 'Tên', en: 'Name' },
  shortName: { vi: 'Tên ngắn', en: 'Short name' },
  level: { vi: 'Cấp học', en: 'Level' },
  ownership: { vi: 'Loại hình', en: 'Ownership' },
  areaType: { vi: 'Khu vực', en: 'Area type' },
  address: { vi: 'Địa chỉ', en: 'Address' },
  students: { vi: 'Số học sinh', en: 'Students' },
  teachers: { vi: 'Số giáo viên', en: 'Teachers' },
  classes: { vi: 'Số lớp', en: 'Classes' },
  principalName: { vi: 'Hiệu trưởng', en: 'Principal' },
  phone: { vi: 'Điện thoại', en: 'Phone' },
  latitude: { vi: 'Vĩ độ', en: 'Latitude' },
  longitude: { vi: 'Kinh độ', en: 'Longitude' },
  // sponsorships
  sponsorKind: { vi: 'Người đỡ đầu là', en: 'Sponsor kind' },
  sponsorName: { vi: 'Người đỡ đầu', en: 'Sponsor' },
  sponsorUsername: { vi: 'Tên đăng nhập của người đỡ đầu', en: "Sponsor's username" },
  sponsorUserId: { vi: 'Tài khoản người đỡ đầu', en: "Sponsor's account" },
  anonymous: { vi: 'Ẩn danh', en: 'Anonymous' },
  frequency: { vi: 'Đóng theo', en: 'Frequency' },
  amountVnd: { vi: 'Số tiền (đồng)', en: 'Amount (VND)' },
  startsOn: { vi: 'Bắt đầu từ', en: 'Starts on' },
  endsOn: { vi: 'Đến ngày', en: 'Ends on' },
  endedOn: { vi: 'Kết thúc ngày', en: 'Ended on' },
  // campaigns, support, beneficiaries, committees, the demo's load (seen raw on the Nhật ký page)
  acknowledgedAt: { vi: 'Trường nhận xác nhận lúc', en: 'Acknowledged at' },
  activities: { vi: 'Hoạt động', en: 'Activities' },
  beneficiary: { vi: 'Người được hỗ trợ', en: 'Beneficiary' },
  campaign: { vi: 'Kế hoạch', en: 'Campaign' },
  committeeRole: { vi: 'Chức danh trong BCĐ', en: 'Committee role' },
  contribution: { vi: 'Khoản hỗ trợ', en: 'Support pledge' },
  countedVnd: { vi: 'Giá trị tính vào tổng (đồng)', en: 'Value counted (VND)' },
  deliveredOn: { vi: 'Ngày bàn giao', en: 'Delivered on' },
  description: { vi: 'Nội dung', en: 'Description' },
  erased: { vi: 'Đã xóa dữ liệu', en: 'Erased' },
  fullName: { vi: 'Họ và tên', en: 'Full name' },
  hardship: { vi: 'Hoàn cảnh khó khăn', en: 'Hardship' },
  id: { vi: 'Mã định danh', en: 'Id' },
  issuedOn: { vi: 'Ngày ban hành', en: 'Issued on' },
  issuer: { vi: 'Cơ quan ban hành', en: 'Issuer' },
  kind: { vi: 'Loại', en: 'Kind' },
  ledgerSeq: { vi: 'Số thứ tự trong sổ công khai', en: 'Public ledger entry' },
  mouTemplate: { vi: 'Mẫu biên bản ghi nhớ', en: 'MoU template' },
  mouVersion: { vi: 'Phiên bản biên bản ghi nhớ', en: 'MoU version' },
  newPairId: { vi: 'Cặp của giai đoạn mới', en: 'Pair of the next phase' },
  nextCampaignId: { vi: 'Kế hoạch giai đoạn tiếp theo', en: 'Next phase campaign' },
  onPaper: { vi: 'Ký trên giấy', en: 'Signed on paper' },
  paidOn: { vi: 'Ngày đóng', en: 'Paid on' },
  paidVnd: { vi: 'Đã đóng (đồng)', en: 'Paid (VND)' },
  pair: { vi: 'Cặp kết nghĩa', en: 'Pair' },
  pairId: { vi: 'Cặp kết nghĩa', en: 'Pair' },
  pairs: { vi: 'Cặp kết nghĩa', en: 'Pairs' },
  payments: { vi: 'Các kỳ đóng', en: 'Payments' },
  periodOn: { vi: 'Kỳ đóng', en: 'Period' },
  personKind: { vi: 'Đối tượng', en: 'Person kind' },
  place: { vi: 'Địa danh', en: 'Place' },
  plans: { vi: 'Kế hoạch năm học', en: 'Yearly plans' },
  position: { vi: 'Chức vụ', en: 'Position' },
  publishable: { vi: 'Được công khai', en: 'May be published' },
  quantity: { vi: 'Số lượng', en: 'Quantity' },
  receivedBy: { vi: 'Bên nhận', en: 'Received by' },
  receivedOn: { vi: 'Ngày nhận', en: 'Received on' },
  schoolYear: { vi: 'Năm học', en: 'School year' },
  schoolYears: { vi: 'Các năm học', en: 'School years' },
  schools: { vi: 'Trường', en: 'Schools' },
  session: { vi: 'Phiên đăng nhập', en: 'Session' },
  sponsorship: { vi: 'Đỡ đầu học sinh', en: 'Sponsorship' },
  supportId: { vi: 'Khoản hỗ trợ', en: 'Support record' },
  title: { vi: 'Tiêu đề', en: 'Title' },
  unit: { vi: 'Đơn vị tính', en: 'Unit' },
  users: { vi: 'Tài khoản', en: 'Accounts' },
  valueVnd: { vi: 'Giá trị (đồng)', en: 'Value (VND)' },
};

/**
 * A field path of an audit row's changes as people read it ("expiresAt" → "Hết hạn lúc" /
 * "Expires at"): each part of a nested path ("school.name" → "Trường › Tên") on its own, array
 * positions as they are, an unknown field as its raw name, and the whole value (the empty path)
 * as "·".
 */
export function auditFieldLabel(path: string, locale: LabelLocale): string {
  if (path === '') return '·';
  return path
    .split('.')
    .map((part) => (/^\d+$/u.test(part) || !Object.hasOwn(AUDIT_FIELD_LABELS, part) ? part : AUDIT_FIELD_LABELS[part]![locale]))
    .join(' › ');
}
