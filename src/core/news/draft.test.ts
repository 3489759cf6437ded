import { describe, expect, it } from 'vitest';
import { draftNewsPost, type NewsDraftInput } from './draft.ts';

const NC = { id: 'nc', name: 'Trường THPT Nhân Chính', shortName: 'THPT Nhân Chính', unitLine: 'quận Thanh Xuân' };
const NT = { id: 'nt', name: 'Trường PTDTNT Hà Nội', shortName: 'PTDTNT Hà Nội', unitLine: 'huyện Ba Vì' };

/** The 25/10/2023 conference as the demo records it. */
const seedConference: NewsDraftInput = {
  campaign: { number: '4340/KH-SGDĐT', issuedOn: '2022-12-12', issuer: 'Sở Giáo dục và Đào tạo Hà Nội', title: 'Nhà trường cùng chung tay phát triển - Thầy cô cùng sẻ chia trách nhiệm' },
  phase: '2023-2025',
  activity: {
    kindCode: 'signing-conference',
    kindName: 'Hội nghị ký kết',
    title: 'Hội nghị Gặp mặt và kí kết biên bản ghi nhớ về chương trình kết nghĩa',
    startsOn: '2023-10-25',
    endsOn: null,
    hostSchoolId: 'nc',
    place: 'Trường THPT Nhân Chính',
    mode: 'in-person',
    subject: null,
    description: 'Dự hội nghị có đại diện Ban giám hiệu, Chủ tịch Công đoàn, trưởng các đoàn thể và cán bộ chủ chốt của hai nhà trường',
    outcome: 'Hai đơn vị kí kết biên bản ghi nhớ giai đoạn 2023-2025, thống nhất: huy động nguồn lực hỗ trợ giáo viên; tổ chức các chuyên đề xây dựng trường học “Xanh - sạch - đẹp - văn minh - hạnh phúc”; giao lưu Đoàn thanh niên.',
  },
  schools: [NC, NT],
  participants: [
    { schoolId: 'nc', teachers: 14, staff: 4, students: 0 },
    { schoolId: 'nt', teachers: 11, staff: 3, students: 0 },
  ],
  people: [{ schoolId: 'nt', displayName: 'Nguyễn Thị Hoa' }],
};

const text = (html: string) => html.replace(/<[^>]+>/gu, ' ').replace(/\s+/gu, ' ');

describe('a news post drafted from an activity', () => {
  const d = draftNewsPost(seedConference);
  const body = text(d.bodyHtml);

  it('names both schools with their districts of the day, the legal basis and the phase', () => {
    expect(body).toContain('Thực hiện Kế hoạch số 4340/KH-SGDĐT ngày 12/12/2022 của Sở Giáo dục và Đào tạo Hà Nội');
    expect(body).toContain('Trường THPT Nhân Chính (quận Thanh Xuân) và Trường PTDTNT Hà Nội (huyện Ba Vì)');
    expect(body).toContain('“Nhà trường cùng chung tay phát triển - Thầy cô cùng sẻ chia trách nhiệm” giai đoạn 2023-2025');
  });

  it('says when and where, as dd/mm/yyyy', () => {
    expect(body).toContain('Ngày 25/10/2023, hai đơn vị đã tổ chức hội nghị Gặp mặt và kí kết biên bản ghi nhớ về chương trình kết nghĩa tại Trường THPT Nhân Chính.');
    expect(d.summary).toBe('Ngày 25/10/2023, THPT Nhân Chính và PTDTNT Hà Nội tổ chức hội nghị Gặp mặt và kí kết biên bản ghi nhớ về chương trình kết nghĩa tại Trường THPT Nhân Chính.');
  });

  it('says who attended from each school, with the named people', () => {
    expect(body).toContain('Tham dự có 14 cán bộ, giáo viên và 4 nhân viên của Trường THPT Nhân Chính và 11 cán bộ, giáo viên và 3 nhân viên của Trường PTDTNT Hà Nội (trong đó có Nguyễn Thị Hoa).');
  });

  it('lists what was agreed', () => {
    expect(d.bodyHtml).toContain('<p>Sau khi thảo luận, hai đơn vị đã thống nhất: Hai đơn vị kí kết biên bản ghi nhớ giai đoạn 2023-2025, thống nhất.</p>');
    expect(d.bodyHtml).toContain('<li>Huy động nguồn lực hỗ trợ giáo viên</li>');
    expect(d.bodyHtml).toContain('<li>Giao lưu Đoàn thanh niên</li>');
  });

  it('titles the post with the activity and both schools', () => {
    expect(d.title).toBe('Hội nghị Gặp mặt và kí kết biên bản ghi nhớ về chương trình kết nghĩa giữa THPT Nhân Chính và PTDTNT Hà Nội');
  });

  it('escapes what the record says instead of passing it on as HTML', () => {
    const evil = draftNewsPost({ ...seedConference, activity: { ...seedConference.activity, description: '<img src=x onerror=alert(1)>', outcome: null } });
    expect(evil.bodyHtml).not.toContain('<img');
    expect(evil.bodyHtml).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('writes a range of days, online activities and three schools', () => {
    const third = { id: 'x', name: 'Trường THCS Ba', shortName: 'THCS Ba', unitLine: '' };
    const d2 = draftNewsPost({
      ...seedConference,
      phase: null,
      schools: [NC, NT, third],
      activity: { ...seedConference.activity, kindCode: 'seminar', startsOn: '2025-12-06', endsOn: '2025-12-07', mode: 'online', outcome: 'Mỗi trường áp dụng hai giải pháp.' },
    });
    const b = text(d2.bodyHtml);
    expect(b).toContain('Từ ngày 06/12/2025 đến ngày 07/12/2025, ba đơn vị đã tổ chức');
    expect(b).toContain('theo hình thức trực tuyến');
    expect(b).toContain('Kết quả đạt được: Mỗi trường áp dụng hai giải pháp.');
    expect(b).toContain('sẻ chia trách nhiệm”.');
  });

  it('names the host school once, whether the place is given or not', () => {
    const noPlace = text(draftNewsPost({ ...seedConference, activity: { ...seedConference.activity, place: null } }).bodyHtml);
    expect(noPlace).toContain('tổ chức hội nghị Gặp mặt và kí kết biên bản ghi nhớ về chương trình kết nghĩa tại Trường THPT Nhân Chính.');
    expect(noPlace).not.toContain('đăng cai');
    const elsewhere = text(draftNewsPost({ ...seedConference, activity: { ...seedConference.activity, place: 'Nhà văn hoá phường Nhân Chính' } }).bodyHtml);
    expect(elsewhere).toContain('tại Nhà văn hoá phường Nhân Chính, do Trường THPT Nhân Chính đăng cai.');
  });
});
