/**
 * Unpublishing a news post (docs/decisions/0031) over real HTTP, on a pair of the factories: whoever may publish
 * a pair's post takes it off the portal with a reason (one transaction, one audit row); its
 * address then answers 410 Gone with a page saying so and nothing of the post, and it leaves the
 * news list, search, its pair's page and the RSS and Atom feeds (read by a real feed parser).
 * Publishing it again brings it back under the same address.
 */
import { parseFeed } from '@rowanmanning/feed-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import type { NewsPostDto } from '#src/core/news/dto.ts';
import { publicNewsList, publicPairPage } from '#src/core/portal/dto.ts';
import { createTestApp, type SignedIn } from '../helpers/app.ts';
import { createActivity } from '../factories/activities.ts';
import { createCoordinator, createDepartmentAdmin, createSchoolLeader, createTeacher } from '../factories/users.ts';

const NOW = new Date('2026-03-02T03:00:00Z');
const t = await createTestApp({ demo: false, now: () => NOW });
// An active pair of the factories; its host school's coordinator and teacher, a leader of another school.
const pair = (await createActivity(t.db, { status: 'reported', startsOn: '2026-02-20', now: NOW })).pair;
const hostSchool = pair.schools[0]!;
const users = {
  coord: await createCoordinator(t.db, { school: hostSchool }),
  teacher: await createTeacher(t.db, { school: hostSchool }),
  otherLeader: await createSchoolLeader(t.db),
  admin: await createDepartmentAdmin(t.db),
};
const pub = t.as(null);
let coord: SignedIn, teacher: SignedIn, otherLeader: SignedIn, admin: SignedIn;

const auditOf = async (id: string) => (await t.db.selectFrom('audit_log').select(['action']).where('entity_id', '=', id).orderBy('id').execute()).map((a) => a.action);
const feedUrls = async () => {
  const rss = parseFeed((await pub('GET', '/tin-tuc/rss.xml')).body);
  const atom = parseFeed((await pub('GET', '/tin-tuc/atom.xml')).body);
  return { rss: rss.items.map((i) => i.url), atom: atom.items.map((i) => i.url), titles: [...rss.items, ...atom.items].map((i) => i.title) };
};

beforeAll(async () => {
  coord = await t.signIn(users.coord.username, users.coord.password);
  teacher = await t.signIn(users.teacher.username, users.teacher.password);
  otherLeader = await t.signIn(users.otherLeader.username, users.otherLeader.password);
  admin = await t.signIn(users.admin.username, users.admin.password);
});

/**
 * A post of its own for each test, published by the coordinator from a reported activity of
 * the pair, its title, summary and body naming `word` (a word no other post has, to search by).
 */
async function publishedPost(word: string) {
  const activity = await createActivity(t.db, { pair, status: 'reported', startsOn: '2026-02-20', now: NOW });
  const drafted = await t.as(coord)('POST', `/api/activities/${activity.id}/news`);
  expect(drafted.statusCode, drafted.body).toBe(201);
  const id = (drafted.json() as NewsPostDto).id;
  const texts = { title: `Giao lưu Kỳ Lân ${word} giữa hai trường`, summary: `Tóm tắt ${word}`, body: `Nội dung riêng của bài ${word}` };
  expect((await t.as(coord)('PATCH', `/api/news/${id}`, { title: texts.title, summary: texts.summary, bodyHtml: `<p>${texts.body}</p>` })).statusCode).toBe(200);
  const published = await t.as(coord)('POST', `/api/news/${id}/publish`);
  expect(published.statusCode, published.body).toBe(200);
  return { post: published.json() as NewsPostDto, ...texts, q: word.toLowerCase() };
}

describe('unpublishing a news post', () => {
  it('is on the portal while published: the list, search, the pair page and both feeds', async () => {
    const { post, title: TITLE, q } = await publishedPost('Okapi');
    expect(post.actions).toEqual(['edit', 'unpublish']);
    expect((await pub('GET', post.publicPath!)).statusCode).toBe(200);
    expect(publicNewsList.parse((await pub('GET', `/api/public/news?q=${q}`)).json()).items.map((i) => i.path)).toEqual([post.publicPath]);
    expect((await pub('GET', '/tin-tuc')).body).toContain(TITLE);
    expect(publicPairPage.parse((await pub('GET', `/api/public/pairs/${post.pairId}`)).json()).news.map((n) => n.title)).toContain(TITLE);
    const feeds = await feedUrls();
    expect(feeds.rss).toContain(`https://chungtay.example.vn${post.publicPath}`);
    expect(feeds.atom).toContain(`https://chungtay.example.vn${post.publicPath}`);
  });

  it('needs a reason, and says which field in Vietnamese or English; nothing changes', async () => {
    const { post } = await publishedPost('Tapir');
    const before = (await t.as(coord)('GET', `/api/news/${post.id}`)).json() as NewsPostDto;
    const missing = await t.as(coord)('POST', `/api/news/${post.id}/unpublish`, {});
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.field).toBe('reason');
    expect(missing.json().error.message).toContain('Lý do');
    const blank = await t.as(coord)('POST', `/api/news/${post.id}/unpublish`, { reason: '   ' }, { cookie: `${coord.cookie}; ct_lang=en` });
    expect(blank.statusCode).toBe(400);
    expect(blank.json().error.field).toBe('reason');
    expect(blank.json().error.message).toContain('Reason');
    const short = await t.as(coord)('POST', `/api/news/${post.id}/unpublish`, { reason: 'ab' });
    expect(short.statusCode).toBe(400);
    expect(short.json().error.field).toBe('reason');
    for (const body of [{ reason: 'x'.repeat(501) }, { reason: 'Hai\ndòng' }, { reason: 'Lý do hợp lệ', extra: 1 }]) {
      const res = await t.as(coord)('POST', `/api/news/${post.id}/unpublish`, body);
      expect(res.statusCode, JSON.stringify(body).slice(0, 60)).toBe(400);
    }
    expect((await t.as(coord)('GET', `/api/news/${post.id}`)).json()).toEqual(before);
    expect(await auditOf(post.id)).toEqual(['news.draft', 'news.update', 'news.publish']);
  });

  it('refuses another school, a teacher and the department; the post stays on the portal', async () => {
    const { post } = await publishedPost('Gecko');
    const reason = { reason: 'Không được phép gỡ' };
    // Another school does not even see the post (as every news route: 404); who sees it but may not publish it gets 403.
    expect((await t.as(otherLeader)('POST', `/api/news/${post.id}/unpublish`, reason)).statusCode).toBe(404);
    expect((await t.as(teacher)('POST', `/api/news/${post.id}/unpublish`, reason)).statusCode).toBe(403);
    expect((await t.as(admin)('POST', `/api/news/${post.id}/unpublish`, reason)).statusCode).toBe(403);
    expect((await t.as(null)('POST', `/api/news/${post.id}/unpublish`, reason)).statusCode).toBe(401);
    expect((await t.as(coord)('GET', `/api/news/${post.id}`)).json().status).toBe('published');
    expect((await pub('GET', post.publicPath!)).statusCode).toBe(200);
    expect(await auditOf(post.id)).toEqual(['news.draft', 'news.update', 'news.publish']);
  });

  it('takes the post off with a reason: 410 Gone with a page saying so, gone from the list, search, the pair page and the feeds', async () => {
    const { post, title: TITLE, body: BODY_WORDS, summary: SUMMARY, q } = await publishedPost('Quokka');
    const res = await t.as(coord)('POST', `/api/news/${post.id}/unpublish`, { reason: '  Ảnh chưa được   phụ huynh đồng ý ' });
    expect(res.statusCode, res.body).toBe(200);
    const withdrawn = res.json() as NewsPostDto;
    expect(withdrawn.status).toBe('withdrawn');
    expect(withdrawn.withdrawnReason).toBe('Ảnh chưa được phụ huynh đồng ý');
    expect(withdrawn.withdrawnAt).toBe(NOW.toISOString());
    expect(withdrawn.slug).toBe(post.slug);
    expect(withdrawn.actions).toEqual(['edit', 'publish']);
    expect(await auditOf(post.id)).toEqual(['news.draft', 'news.update', 'news.publish', 'news.unpublish']);

    const page = await pub('GET', post.publicPath!);
    expect(page.statusCode).toBe(410);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.body).toContain('<h1>Bài viết đã được gỡ</h1>');
    expect(page.body).toContain('<meta name="robots" content="noindex">');
    for (const secret of [TITLE, BODY_WORDS, SUMMARY]) expect(page.body).not.toContain(secret);
    const en = await pub('GET', `${post.publicPath}?lang=en`);
    expect(en.statusCode).toBe(410);
    expect(en.body).toContain('<h1>Post withdrawn</h1>');
    const json = await pub('GET', `/api/public/news/${post.slug}`);
    expect(json.statusCode).toBe(410);
    expect(json.json().error.code).toBe('NEWS_WITHDRAWN');
    expect(json.body).not.toContain(TITLE);

    expect(publicNewsList.parse((await pub('GET', `/api/public/news?q=${q}`)).json()).total).toBe(0);
    expect((await pub('GET', `/tin-tuc?q=${q}`)).body).not.toContain(TITLE);
    expect((await pub('GET', '/tin-tuc')).body).not.toContain(TITLE);
    expect((await pub('GET', '/chuong-trinh')).body).not.toContain(TITLE);
    const pair = publicPairPage.parse((await pub('GET', `/api/public/pairs/${post.pairId}`)).json());
    expect(pair.news.map((n) => n.title)).not.toContain(TITLE);
    expect(pair.activities.map((a) => a.newsPath)).not.toContain(post.publicPath);
    expect((await pub('GET', `/ket-nghia/${post.pairId}`)).body).not.toContain(TITLE);
    const feeds = await feedUrls();
    expect(feeds.rss).not.toContain(`https://chungtay.example.vn${post.publicPath}`);
    expect(feeds.atom).not.toContain(`https://chungtay.example.vn${post.publicPath}`);
    expect(feeds.titles).not.toContain(TITLE);
    // Only a published post can be unpublished.
    const again = await t.as(coord)('POST', `/api/news/${post.id}/unpublish`, { reason: 'Gỡ lần nữa' });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('NEWS_NOT_PUBLISHED');
  });

  it('republishing brings it back at the same address, in its place, in the feeds again', async () => {
    const { post, body: BODY_WORDS, q } = await publishedPost('Lynx');
    expect((await t.as(coord)('POST', `/api/news/${post.id}/unpublish`, { reason: 'Ảnh chưa được phụ huynh đồng ý' })).statusCode).toBe(200);
    expect((await pub('GET', post.publicPath!)).statusCode).toBe(410);
    const res = await t.as(coord)('POST', `/api/news/${post.id}/publish`);
    expect(res.statusCode, res.body).toBe(200);
    const back = res.json() as NewsPostDto;
    expect(back.status).toBe('published');
    expect(back.slug).toBe(post.slug);
    expect(back.publicPath).toBe(post.publicPath);
    expect(back.publishedAt).toBe(post.publishedAt);
    expect(back.withdrawnReason).toBeNull();
    expect(await auditOf(post.id)).toEqual(['news.draft', 'news.update', 'news.publish', 'news.unpublish', 'news.republish']);
    const page = await pub('GET', post.publicPath!);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(BODY_WORDS);
    expect(publicNewsList.parse((await pub('GET', `/api/public/news?q=${q}`)).json()).items.map((i) => i.path)).toEqual([post.publicPath]);
    const feeds = await feedUrls();
    expect(feeds.rss).toContain(`https://chungtay.example.vn${post.publicPath}`);
    expect(feeds.atom).toContain(`https://chungtay.example.vn${post.publicPath}`);
  });
});
