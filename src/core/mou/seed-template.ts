import type { MouContent } from './types.ts';

/** The movement's name as Plan 4340/KH-SGDĐT writes it. */
export const MOVEMENT_TITLE = 'Nhà trường cùng chung tay phát triển - Thầy cô cùng sẻ chia trách nhiệm';

/**
 * The articles of the real MoU between TH Chu Phan and TH Ái Mộ B (13/03/2023,
 * src/documents/fixtures/mou-chu-phan-ai-mo-b.md, a copy of the shared seed): the one source of the seed's text, used by
 * the demo campaign's template, by new campaigns and by the document fixtures.
 *
 * Word for word, with two corrections of the original's typos ("sẽ chia" → "sẻ chia" in
 * the title, "Chu phan" → "Chu Phan" in Điều 2, khoản 1); the clause the original breaks
 * across a page (Điều 2, khoản 3) is one clause. `*…*` marks the original's italics (see
 * documents/layout.ts). `{A}`, `{B}` (`{C}`…) stand for the schools' names with their
 * administrative units as of the signing date, `{phase}` for the phase ("2023 - 2025").
 */
export const SEED_MOU_TEMPLATE: MouContent = {
  preamble: [
    'Căn cứ Kế hoạch số 4340/KH-SGDĐT ngày 12/12/2022 của Sở GDĐT Hà Nội về việc tổ chức phong trào "Nhà trường cùng chung tay phát triển - Thầy cô cùng sẻ chia trách nhiệm" giai đoạn 2023-2025;',
    'Căn cứ vào nhu cầu, năng lực và nguyện vọng của hai nhà trường,',
  ],
  articles: [
    {
      number: 1,
      title: 'Mục tiêu',
      clauses: [
        'Vận động toàn thể cán bộ, giáo viên, nhân viên và học sinh của hai nhà trường tham gia các hoạt động kết nối, chia sẻ kinh nghiệm dạy học, nâng cao chất lượng đội ngũ góp phần thu hẹp khoảng cách chất lượng giáo dục giữa hai nhà trường, giữa nội thành và ngoại thành.',
        'Vận động nhà giáo đang công tác tại hai trường phát huy tinh thần trách nhiệm, chia sẻ giúp đỡ giáo viên và học sinh có hoàn cảnh khó khăn; học sinh có kết quả học tập còn hạn chế; không để học sinh vì hoàn cảnh khó khăn bị bỏ lại phía sau.',
        'Kết nối, chia sẻ, triển khai hiệu quả phong trào "*Nhà trường cùng chung tay phát triển - Thầy cô cùng sẻ chia trách nhiệm*" giai đoạn {phase}.',
        'Tạo thành một hoạt động thường niên có sự tham gia của đông đảo cán bộ, giáo viên, nhân viên, thể hiện nét đẹp nhân ái và trách nhiệm vì học sinh thân yêu của đội ngũ nhà giáo Thủ đô, đáp ứng yêu cầu đổi mới căn bản, toàn diện giáo dục đào tạo và hội nhập Quốc tế.',
      ],
    },
    {
      number: 2,
      title: 'Nội dung và cách thức triển khai',
      clauses: [
        '{A} và {B} triển khai thực hiện tốt Kế hoạch kết nghĩa, triển khai phong trào "*Nhà trường cùng chung tay phát triển - Thầy cô cùng sẻ chia trách nhiệm*" giai đoạn {phase}.',
        'Huy động các nguồn lực của nhà trường và xã hội tham gia, hỗ trợ các trường gặp khó khăn về cơ sở vật chất, trang thiết bị dạy học; chung tay hỗ trợ, giúp đỡ học sinh có khó khăn về điều kiện vật chất, đem đến cho học sinh niềm vui được đến trường, không để học sinh vì hoàn cảnh khó khăn bị bỏ lại phía sau.',
        'Tổ chức các chuyên đề xây dựng trường học "Xanh - sạch - đẹp - văn minh - hạnh phúc", chuyên đề đổi mới hình thức tổ chức, phương pháp dạy học, kiểm tra đánh giá ... nhằm thực hiện có hiệu quả CT GDPT 2018; nâng cao chất lượng giáo dục toàn diện.',
        'Tăng cường trao đổi chuyên môn, chia sẻ, học tập kinh nghiệm giữa các thầy cô giáo của hai nhà trường nhằm phát huy tinh thần trách nhiệm, sức sáng tạo của mỗi cán bộ, giáo viên để có những giải pháp hiệu quả giúp đỡ học sinh còn gặp khó khăn trong học tập.',
        'Tổ chức tham quan học tập, trao đổi sáng kiến kinh nghiệm, mô hình sáng tạo trong quản lý giáo dục, trong dạy học.',
      ],
    },
    {
      number: 3,
      title: 'Thời gian thực hiện',
      clauses: [
        'Từ tháng 3/2023 đến hết tháng 12/2025. Sau mỗi năm học, hai bên sẽ đánh giá tổng kết kết quả đạt được và lập kế hoạch thực hiện giai đoạn tiếp theo.',
      ],
    },
    {
      number: 4,
      title: 'Cơ chế hợp tác và trao đổi thông tin',
      clauses: [
        'Lãnh đạo hai nhà trường cam kết hỗ trợ lẫn nhau hiệu quả nhất để triển khai thành công chương trình kết nghĩa, triển khai phong trào "*Nhà trường cùng chung tay phát triển - Thầy cô cùng sẻ chia trách nhiệm*"',
        'Hai bên thành lập Ban chỉ đạo triển khai thực hiện Kế hoạch thực hiện các hoạt động trong chương trình kết nghĩa, triển khai phong trào "*Nhà trường cùng chung tay phát triển - Thầy cô cùng sẻ chia trách nhiệm*" giai đoạn {phase} và định kỳ trao đổi hoặc thường xuyên trao đổi thông tin tùy theo yêu cầu công việc.',
      ],
    },
    {
      number: 5,
      title: 'Cơ chế thực hiện',
      clauses: [
        'Biên bản ghi nhớ này có giá trị kể từ ngày ký.',
        'Trong trường hợp một trong hai bên có ý định yêu cầu sửa đổi, bổ sung hoặc hủy bỏ cam kết này thì thông báo cho bên kia bằng văn bản.',
        'Hai bên cam kết thực hiện theo các nội dung, điều khoản trên và nhất trí ký Biên bản ghi nhớ này.',
        'Biên bản ghi nhớ được làm thành hai (02) bản, mỗi bên giữ một (01) bản có giá trị như nhau.',
      ],
    },
  ],
};

/**
 * Fill a template: `{A}`, `{B}`, `{C}`… with the parties in order, `{parties}` with all of
 * them ("A, B và C"), `{phase}` with the phase ("2023 - 2025").
 */
export function fillMouTemplate(template: MouContent, values: { parties: readonly string[]; phase: string }): MouContent {
  const { parties } = values;
  const joined = parties.length <= 1 ? (parties[0] ?? '') : `${parties.slice(0, -1).join(', ')} và ${parties[parties.length - 1]}`;
  const fill = (s: string) =>
    s
      .replace(/\{([A-Z])\}/gu, (m, letter: string) => parties[letter.charCodeAt(0) - 65] ?? m)
      .replaceAll('{parties}', joined)
      .replaceAll('{phase}', values.phase);
  return {
    preamble: template.preamble.map(fill),
    articles: template.articles.map((a) => ({ ...a, title: fill(a.title), clauses: a.clauses.map(fill) })),
  };
}
