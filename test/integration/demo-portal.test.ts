/**
 * The public portal on the demo data (`chungtay demo`): what a visitor sees after `npm start` —
 * the seed article of 25/10/2023 word for word, and the pair pages of the demo's story.
 * Tests of the portal's behaviour build their own rows (portal.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { publicNewsList, publicNewsPost, publicPairList, publicPairPage } from '#src/core/portal/dto.ts';
import { SEED_NEWS_TITLE } from '#src/server/features/demo/news-demo.ts';
import { createTestApp } from '../helpers/app.ts';

const t = await createTestApp({ now: () => new Date('2026-03-02T03:00:00Z'), workers: false });
const pub = t.as(null);

describe('the demo on the public portal', () => {
  it('serves the seed article word for word under its address, dated 26/10/2023', async () => {
    const list = publicNewsList.parse((await pub('GET', '/api/public/news')).json());
    const seed = list.items.find((i) => i.title === SEED_NEWS_TITLE)!;
    const post = publicNewsPost.parse((await pub('GET', `/api/public/news/${seed.slug}`)).json());
    expect(post.bodyHtml).toContain('Ngày 25/10/2023, hai đơn vị đã tổ chức Hội nghị Gặp mặt và kí kết biên bản ghi nhớ');
    expect(post.publishedAt.slice(0, 10)).toBe('2023-10-26');
    const html = (await pub('GET', seed.path)).body;
    expect(html).toContain('<meta property="og:type" content="article">');
    expect(html).toContain('Trường THPT Nhân Chính (quận Thanh Xuân) và Trường Phổ thông dân tộc nội trú Hà Nội (huyện Ba Vì)');
    expect((await pub('GET', `${seed.path}?lang=en`)).body).toContain('Posted on 26/10/2023');
    expect((await pub('GET', '/chuong-trinh')).body).toContain(SEED_NEWS_TITLE);
  });

  it('shows the demo pairs: Nhân Chính – PTDTNT Hà Nội with its conference of 25/10/2023 and the article, Chu Phan – Ái Mộ B with its MoU of 13/03/2023', async () => {
    const nc = publicPairList.parse((await pub('GET', '/api/public/pairs?q=nhan%20chinh')).json()).items.find((p) => p.name.includes('Nhân Chính'))!;
    const d = publicPairPage.parse((await pub('GET', `/api/public/pairs/${nc.id}`)).json());
    expect(d.activities.some((a) => a.startsOn === '2023-10-25')).toBe(true);
    expect(d.news.map((n) => n.title)).toContain(SEED_NEWS_TITLE);
    expect((await pub('GET', nc.path)).body).toContain('25/10/2023');
    // The demo's pair of 2022–2025; it continued in 2026–2028 under a new MoU.
    const cp = publicPairList.parse((await pub('GET', '/api/public/pairs?q=ai%20mo%20b')).json()).items.find((p) => p.signedOn === '2023-03-13')!;
    const c = publicPairPage.parse((await pub('GET', `/api/public/pairs/${cp.id}`)).json());
    expect(c.objectives.length).toBe(4);
    expect(c.objectives[2]).toContain('giai đoạn 2023 - 2025');
    expect((await pub('GET', cp.path)).body).toContain('Ký biên bản ghi nhớ ngày 13/03/2023');
  });
});
