/**
 * The demo's published news post: the seed article about the 25/10/2023 conference of
 * THPT Nhân Chính and PTDTNT Hà Nội (../shared/seeds/news-article-nhan-chinh-ptdtnt.txt,
 * copied here word for word but for the stray spaces and a Word bookmark of the original),
 * attached to that reported activity and published the next day.
 */
import { slugOf } from '#src/core/news/slug.ts';
import { foldForSearch } from '#src/core/vn/text.ts';
import type { Db } from '#src/server/context.ts';
import { findActivityOfSchoolOn } from '#src/server/features/activities/activities.repository.ts';
import { insertPost, insertSlug } from '#src/server/features/news/news.repository.ts';
import { sanitizeNewsHtml } from '#src/server/features/news/news.sanitize.ts';
import { escapeHtml } from '#src/core/news/draft.ts';

const MOVEMENT = '“Nhà trường cùng chung tay phát triển - Thầy cô cùng sẻ chia trách nhiệm”';

export const SEED_NEWS_TITLE = 'Trường THPT Nhân Chính và Trường PTDTNT Hà Nội ký kết biên bản ghi nhớ về chương trình kết nghĩa';
const SUMMARY = 'Ngày 25/10/2023, Trường THPT Nhân Chính và Trường Phổ thông dân tộc nội trú Hà Nội tổ chức Hội nghị Gặp mặt và kí kết biên bản ghi nhớ về chương trình kết nghĩa tại Trường THPT Nhân Chính.';

const P = [
  `Thực hiện Kế hoạch số 4340/KH-SGDĐT ngày 12/12/2022 của Sở Giáo dục và Đào tạo Hà Nội, Trường THPT Nhân Chính (quận Thanh Xuân) và Trường Phổ thông dân tộc nội trú Hà Nội (huyện Ba Vì) đã xây dựng và triển khai thực hiện kế hoạch tổ chức phong trào ${MOVEMENT} giai đoạn 2022-2025.`,
  `Ngày 25/10/2023, hai đơn vị đã tổ chức Hội nghị Gặp mặt và kí kết biên bản ghi nhớ về chương trình kết nghĩa, thống nhất kế hoạch triển khai phong trào ${MOVEMENT} giai đoạn 2023-2025 tại Trường THPT Nhân Chính. Dự hội nghị có đại diện Ban giám hiệu, Chủ tịch Công đoàn, trưởng các đoàn thể và cán bộ chủ chốt của hai nhà trường.`,
  'Tại Hội nghị, hai trường đã giới thiệu và báo cáo tóm tắt đặc điểm tình hình của mỗi trường để cùng nhau chia sẻ những kinh nghiệm sáng tạo trong công tác quản lý, giáo dục, đào tạo, bồi dưỡng, những thành quả nổi bật đã đạt được trong công tác triển thực hiện nhiệm vụ giáo dục hàng năm.',
  `Sau khi thảo luận, hai đơn vị đã kí kết biên bản ghi nhớ về Chương trình kết nghĩa, triển khai phong trào ${MOVEMENT} giai đoạn 2023-2025, trong đó tập trung thực hiện các nội dung:`,
];
const LIST = [
  'Huy động các nguồn lực của nhà trường và xã hội tham gia, hỗ trợ các trường hợp giáo viên, thực hiện phong trào “Nhà giáo Hà Nội giúp đỡ học sinh có hoàn cảnh khó khăn đặc biệt”.',
  'Kết nối các tổ chức, cá nhân hỗ trợ trường PTDTNT Hà Nội về trang thiết bị dạy học;',
  'Tổ chức các chuyên đề xây dựng trường học “Xanh- sạch- đẹp- văn minh- Hạnh phúc”; chia sẻ các giải pháp nâng cao chất lượng dạy và học chương trình GDPT 2018 của các tổ bộ môn; kết nối hợp tác giữa các tổ bộ môn chia sẻ kinh nghiệm bồi dưỡng học sinh giỏi, thi GVG các môn năm học 2023-2024.',
  'Hàng năm, tổ chức giao lưu học tập, trao đổi công tác chuyên môn, quản trị trường học, giao lưu hoạt động tập thể của Đoàn thanh niên và học sinh giữa hai trường, góp phần phát triển giáo dục Thủ đô nói chung.',
];
const CLOSING = `Đại diện Lãnh đạo 2 trường đã phát biểu, chia sẻ và cùng ký cam kết thực hiện kế hoạch ${MOVEMENT} giai đoạn 2023-2025 và trao cho nhau những món quà lưu niệm đầy ý nghĩa của hai đơn vị. Hi vọng trong năm học 2023-2024, hai nhà trường sẽ cùng nhau chia sẻ, hợp tác và giúp đỡ nhau thực hiện thắng lợi nhiệm vụ năm học, đồng thời rút ngắn khoảng cách giữa các trường ở các khu vực khác nhau trên địa bàn Thủ đô.`;

export const SEED_NEWS_HTML = [...P.map((p) => `<p>${escapeHtml(p)}</p>`), `<ul>${LIST.map((i) => `<li>${escapeHtml(i)}</li>`).join('')}</ul>`, `<p>${escapeHtml(CLOSING)}</p>`].join('\n');

/** Publish the seed article on the 25/10/2023 conference (in the demo loader's transaction). */
export async function insertNewsDemo(trx: Db): Promise<void> {
  const activity = await findActivityOfSchoolOn(trx, 'DEMO-THPT-NHANCHINH', '2023-10-25', 'signing-conference');
  // A demo without the conference (changed by another feature) simply has no post.
  if (!activity) return;
  const at = new Date('2023-10-26T02:00:00Z');
  const slug = slugOf(SEED_NEWS_TITLE);
  const post = await insertPost(trx, {
    activity_id: activity.id,
    pair_id: activity.pair_id,
    title: SEED_NEWS_TITLE,
    summary: SUMMARY,
    body_html: sanitizeNewsHtml(SEED_NEWS_HTML),
    photo_file_ids: [],
    status: 'published',
    slug,
    search_key: foldForSearch(`${SEED_NEWS_TITLE} ${SUMMARY}`),
    created_by_user_id: null,
    created_at: at,
    updated_at: at,
    published_at: at,
    published_by_user_id: null,
  });
  await insertSlug(trx, slug, post.id, at);
}
