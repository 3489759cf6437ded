/**
 * News posts over real HTTP, on pairs of the factories: one click drafts the post of a held
 * activity from its record, the pair's schools edit it (HTML kept only through the allow-list)
 * and publish it under an address that never changes; a new title redirects the old address.
 * Each test drafts its own post from an activity of its own.
 */
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import type { NewsPostDto } from '#src/core/news/dto.ts';
import { createTestApp, type SignedIn } from '../helpers/app.ts';
import { multipartFile } from '../helpers/pairs.ts';
import { createActivity, type ActivityOverrides } from '../factories/activities.ts';
import { createCampaign } from '../factories/campaigns.ts';
import { createPair } from '../factories/pairs.ts';
import { createSchool } from '../factories/schools.ts';
import { createCoordinator, createDepartmentAdmin, createSchoolLeader, createTeacher, type FactoryUser } from '../factories/users.ts';

const NOW = new Date('2026-03-02T03:00:00Z');
const t = await createTestApp({ demo: false, now: () => NOW });

// An active pair of an inner-city and a mountainous school under plan 4340/KH-SGDĐT of 12/12/2022.
const campaign = await createCampaign(t.db, { number: '4340/KH-SGDĐT', issuedOn: '2022-12-12' });
const aimob = await createSchool(t.db, { name: 'Trường Tiểu học Ái Mộ B', shortName: 'TH Ái Mộ B', areaType: 'inner-city' });
const chuphan = await createSchool(t.db, { name: 'Trường Tiểu học Chu Phan', shortName: 'TH Chu Phan', areaType: 'mountainous' });
const leaders = [await createSchoolLeader(t.db, { school: aimob }), await createSchoolLeader(t.db, { school: chuphan })];
const pair = await createPair(t.db, { state: 'active', campaign, schools: [aimob, chuphan], leaders, now: NOW });
// Another active pair, of other schools.
const otherPair = await createPair(t.db, { state: 'active', now: NOW });
const users = {
  coord: await createCoordinator(t.db, { school: aimob }),
  teacher: await createTeacher(t.db, { school: aimob }),
  admin: await createDepartmentAdmin(t.db),
};
let coord: SignedIn, teacher: SignedIn, otherLeader: SignedIn, partnerLeader: SignedIn, admin: SignedIn;

const signIn = (u: FactoryUser) => t.signIn(u.username, u.password);
beforeAll(async () => {
  coord = await signIn(users.coord);
  teacher = await signIn(users.teacher);
  otherLeader = await signIn(otherPair.leaders[0]!);
  partnerLeader = await signIn(leaders[1]!);
  admin = await signIn(users.admin);
});

/** A held activity of the pair (reported, hosted by Ái Mộ B unless told otherwise). */
const heldActivity = (over: ActivityOverrides = {}) =>
  createActivity(t.db, { pair, status: 'reported', startsOn: '2025-11-14', kind: 'seminar', subject: null, place: null, now: NOW, ...over });

/** The post drafted from a new held activity, by `who` (the coordinator of Ái Mộ B unless told otherwise). */
async function draftPost(who: () => SignedIn = () => coord, over: ActivityOverrides = {}): Promise<NewsPostDto> {
  const activity = await heldActivity(over);
  const res = await t.as(who())('POST', `/api/activities/${activity.id}/news`);
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

describe('news drafted from an activity', () => {
  it('a coordinator drafts the post of a reported activity in one click, naming both schools, the date and the place', async () => {
    const seminar = await heldActivity({ title: 'Chuyên đề “Xây dựng trường học Xanh – Sạch – Đẹp”' });
    const res = await t.as(coord)('POST', `/api/activities/${seminar.id}/news`);
    expect(res.statusCode, res.body).toBe(201);
    const post = res.json() as NewsPostDto;
    expect(post.status).toBe('draft');
    expect(post.slug).toBeNull();
    expect(post.title).toContain('Chu Phan');
    expect(post.title).toContain('Ái Mộ B');
    expect(post.bodyHtml).toContain('Thực hiện Kế hoạch số 4340/KH-SGDĐT ngày 12/12/2022');
    expect(post.bodyHtml).toContain('Ngày 14/11/2025, hai đơn vị đã tổ chức');
    // No place written: the host school is the place.
    expect(post.bodyHtml).toContain('tại Trường TH Ái Mộ B');
    expect(post.actions).toEqual(['edit', 'publish']);
    const audit = await t.db.selectFrom('audit_log').select(['action']).where('entity_id', '=', post.id).execute();
    expect(audit.map((a) => a.action)).toEqual(['news.draft']);
  });

  it('refuses a second post for the same activity, a planned activity, a teacher and another pair’s school', async () => {
    const seminar = await heldActivity();
    const post = (await t.as(coord)('POST', `/api/activities/${seminar.id}/news`)).json() as NewsPostDto;
    const again = await t.as(coord)('POST', `/api/activities/${seminar.id}/news`);
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('NEWS_EXISTS');
    const plannedActivity = await heldActivity({ status: 'planned', startsOn: '2026-04-10' });
    const planned = await t.as(coord)('POST', `/api/activities/${plannedActivity.id}/news`);
    expect(planned.statusCode).toBe(409);
    expect(planned.json().error.message).toContain('đã diễn ra');
    expect((await t.as(teacher)('POST', `/api/activities/${seminar.id}/news`)).statusCode).toBe(403);
    expect((await t.as(otherLeader)('GET', `/api/news/${post.id}`)).statusCode).toBe(404);
    expect((await t.as(otherLeader)('PATCH', `/api/news/${post.id}`, { title: 'Chiếm quyền' })).statusCode).toBe(404);
    expect((await t.as(null)('GET', `/api/news/${post.id}`)).statusCode).toBe(401);
    // The department reads it; the partner school's leader edits it too.
    expect((await t.as(admin)('GET', `/api/news/${post.id}`)).statusCode).toBe(200);
    expect((await t.as(admin)('PATCH', `/api/news/${post.id}`, { title: 'Sở sửa' })).statusCode).toBe(403);
    expect((await t.as(partnerLeader)('PATCH', `/api/news/${post.id}`, { title: 'Trường bạn sửa tiêu đề' })).statusCode).toBe(200);
  });

  it('keeps only allow-listed HTML: no scripts, handlers, styles, images or javascript: links', async () => {
    const post = await draftPost();
    const res = await t.as(partnerLeader)('PATCH', `/api/news/${post.id}`, {
      bodyHtml:
        '<p onclick="steal()">Hai trường <b>thống nhất</b> <a href="javascript:alert(1)">xem</a> <a href="https://example.vn/x">nguồn</a></p><script>alert(1)</script><img src=x onerror=alert(1)><style>p{}</style><iframe src="https://evil"></iframe><h1>Tiêu đề</h1><ul><li>Một</li></ul>',
    });
    expect(res.statusCode, res.body).toBe(200);
    const html = (res.json() as NewsPostDto).bodyHtml;
    expect(html).toBe(
      '<p>Hai trường <strong>thống nhất</strong> <a rel="nofollow noopener noreferrer">xem</a> <a href="https://example.vn/x" rel="nofollow noopener noreferrer">nguồn</a></p><h2>Tiêu đề</h2><ul><li>Một</li></ul>',
    );
  });

  it('refuses bad input naming the field, and changes nothing', async () => {
    const post = await draftPost();
    const before = (await t.as(coord)('GET', `/api/news/${post.id}`)).json() as NewsPostDto;
    for (const [body, field] of [
      [{ title: 'ab' }, 'title'],
      [{ title: 'Tin\u0000 rỗng' }, 'title'],
      [{ title: 'Hai\ndòng' }, 'title'],
      [{ photoFileIds: ['00000000-0000-4000-8000-000000000000'] }, 'photoFileIds.0'],
      [{ bodyHtml: 'x'.repeat(200_001) }, 'bodyHtml'],
      [{ slug: 'tu-dat' }, undefined],
    ] as const) {
      const res = await t.as(coord)('PATCH', `/api/news/${post.id}`, body);
      expect(res.statusCode, JSON.stringify(body).slice(0, 80)).toBe(400);
      if (field) expect(res.json().error.field).toBe(field);
    }
    const after = (await t.as(coord)('GET', `/api/news/${post.id}`)).json() as NewsPostDto;
    expect(after).toEqual(before);
  });

  it('shows photos picked from the activity’s evidence only, and only once published, without where they were taken', async () => {
    const seminar = await heldActivity();
    const post = (await t.as(coord)('POST', `/api/activities/${seminar.id}/news`)).json() as NewsPostDto;
    const jpeg = await sharp({ create: { width: 800, height: 600, channels: 3, background: { r: 200, g: 80, b: 40 } } })
      .jpeg()
      .withExif({ IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '21/1 2/1 3/1', GPSLongitudeRef: 'E', GPSLongitude: '105/1 51/1 0/1' } })
      .toBuffer();
    const m = multipartFile('anh-chuyen-de.jpg', jpeg);
    const up = await t.as(coord)('POST', `/api/activities/${seminar.id}/files`, m.payload, m.headers);
    expect(up.statusCode, up.body).toBe(201);
    const fileId = up.json().id as string;
    // A file of another activity is not among the choices.
    const other = await heldActivity();
    const elsewhere = await t.as(coord)('POST', `/api/activities/${other.id}/files`, m.payload, m.headers);
    expect(elsewhere.statusCode, elsewhere.body).toBe(201);
    const foreign = await t.as(coord)('PATCH', `/api/news/${post.id}`, { photoFileIds: [elsewhere.json().id] });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().error.field).toBe('photoFileIds.0');
    const picked = await t.as(coord)('PATCH', `/api/news/${post.id}`, { photoFileIds: [fileId] });
    expect(picked.statusCode, picked.body).toBe(200);
    expect((picked.json() as NewsPostDto).photoOptions.map((p) => p.fileId)).toContain(fileId);
    // A draft's photo is not public.
    expect((await t.as(null)('GET', `/tin-tuc/anh/${fileId}`)).statusCode).toBe(404);
    expect((await t.as(coord)('POST', `/api/news/${post.id}/publish`)).statusCode).toBe(200);
    const photo = await t.as(null)('GET', `/tin-tuc/anh/${fileId}`);
    expect(photo.statusCode).toBe(200);
    expect(photo.rawPayload.includes(Buffer.from('GPS'))).toBe(false);
    expect((await t.as(null)('GET', `/tin-tuc/anh/${fileId}/nho`)).headers['content-type']).toBe('image/webp');
  });

  it('publishes under a slug from the title without diacritics; a new title adds an address and the old one redirects', async () => {
    const post = await draftPost();
    const named = await t.as(coord)('PATCH', `/api/news/${post.id}`, { title: 'Đôi bạn cùng tiến: chuyên đề trường học hạnh phúc' });
    expect(named.statusCode).toBe(200);
    const pub = await t.as(coord)('POST', `/api/news/${post.id}/publish`);
    expect(pub.statusCode, pub.body).toBe(200);
    const published = pub.json() as NewsPostDto;
    expect(published.slug).toBe('doi-ban-cung-tien-chuyen-de-truong-hoc-hanh-phuc');
    expect(published.publicPath).toBe('/tin-tuc/doi-ban-cung-tien-chuyen-de-truong-hoc-hanh-phuc');
    expect((await t.as(coord)('POST', `/api/news/${post.id}/publish`)).statusCode).toBe(409);

    const page = await t.as(null)('GET', published.publicPath!);
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.body).toContain('<title>Đôi bạn cùng tiến: chuyên đề trường học hạnh phúc — Chung Tay</title>');
    expect(page.body).toMatch(/<meta name="description" content="[^"]*14\/11\/2025/u);
    expect(page.body).not.toContain('<script');

    const renamed = await t.as(coord)('PATCH', `/api/news/${post.id}`, { title: 'Chuyên đề trường học hạnh phúc tại Ái Mộ B' });
    const newPath = (renamed.json() as NewsPostDto).publicPath!;
    expect(newPath).toBe('/tin-tuc/chuyen-de-truong-hoc-hanh-phuc-tai-ai-mo-b');
    const old = await t.as(null)('GET', published.publicPath!);
    expect(old.statusCode).toBe(301);
    expect(old.headers.location).toBe(newPath);
    expect((await t.as(null)('GET', newPath)).statusCode).toBe(200);
    // Back to the first title: the first address is the post's own again, not a numbered copy.
    const back = await t.as(coord)('PATCH', `/api/news/${post.id}`, { title: 'Đôi bạn cùng tiến: chuyên đề trường học hạnh phúc' });
    expect((back.json() as NewsPostDto).slug).toBe('doi-ban-cung-tien-chuyen-de-truong-hoc-hanh-phuc');
    expect((await t.as(null)('GET', newPath)).headers.location).toBe(published.publicPath);
    const actions = await t.db.selectFrom('audit_log').select('action').where('entity_id', '=', post.id).orderBy('id').execute();
    expect(actions.map((a) => a.action).filter((a) => a === 'news.publish')).toEqual(['news.publish']);
  });

  it('gives another post with the same title a numbered address, never an old one', async () => {
    // A first post published as "Giao lưu mùa xuân giữa hai trường", then renamed: its first address redirects.
    const first = await draftPost();
    await t.as(coord)('PATCH', `/api/news/${first.id}`, { title: 'Giao lưu mùa xuân giữa hai trường' });
    expect((await t.as(coord)('POST', `/api/news/${first.id}/publish`)).json().slug).toBe('giao-luu-mua-xuan-giua-hai-truong');
    await t.as(coord)('PATCH', `/api/news/${first.id}`, { title: 'Giao lưu mùa xuân tại Ái Mộ B' });
    // The partner school's post of another activity, under the first post's old title.
    const draft = await draftPost(() => partnerLeader, { hostSchoolId: chuphan.id, title: 'Sinh hoạt chuyên môn tổ Tiếng Việt', status: 'done' });
    await t.as(partnerLeader)('PATCH', `/api/news/${draft.id}`, { title: 'Giao lưu mùa xuân giữa hai trường' });
    const pub = (await t.as(partnerLeader)('POST', `/api/news/${draft.id}/publish`)).json() as NewsPostDto;
    expect(pub.slug).toBe('giao-luu-mua-xuan-giua-hai-truong-2');
    expect((await t.as(null)('GET', '/tin-tuc/giao-luu-mua-xuan-giua-hai-truong')).headers.location).toBe('/tin-tuc/giao-luu-mua-xuan-tai-ai-mo-b');
  });

  it('two people publishing at once publish once', async () => {
    // Another pair's leader, on a held activity of their own pair.
    const held = await createActivity(t.db, { pair: otherPair, status: 'done', startsOn: '2026-02-20', now: NOW });
    const drafted = await t.as(otherLeader)('POST', `/api/activities/${held.id}/news`);
    expect(drafted.statusCode, drafted.body).toBe(201);
    const id = drafted.json().id as string;
    const results = await Promise.all([t.as(otherLeader)('POST', `/api/news/${id}/publish`), t.as(otherLeader)('POST', `/api/news/${id}/publish`)]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    const published = await t.db.selectFrom('audit_log').select('action').where('entity_id', '=', id).where('action', '=', 'news.publish').execute();
    expect(published).toHaveLength(1);
  });
});
