/**
 * News posts over real HTTP on the demo: one click drafts the post of a held activity from
 * its record, the pair's schools edit it (HTML kept only through the allow-list) and publish
 * it under an address that never changes; a new title redirects the old address.
 */
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import type { NewsPostDto } from '#src/core/news/dto.ts';
import { createTestApp, type SignedIn } from '../helpers/app.ts';
import { multipartFile } from '../helpers/pairs.ts';

const NOW = new Date('2026-03-02T03:00:00Z');
const t = await createTestApp({ now: () => NOW });
let coord: SignedIn, teacher: SignedIn, otherLeader: SignedIn, partnerLeader: SignedIn, admin: SignedIn;
let seminarId: string, plannedId: string;

beforeAll(async () => {
  coord = await t.signIn('aimob.pt');
  teacher = await t.signIn('aimob.gv');
  otherLeader = await t.signIn('nhanchinh.ht');
  partnerLeader = await t.signIn('chuphan.ht');
  admin = await t.signIn('so.admin');
  const list = (await t.as(coord)('GET', '/api/activities?limit=500')).json() as { items: { id: string; title: string; status: string }[] };
  seminarId = list.items.find((a) => a.title.startsWith('Chuyên đề “Xây dựng trường học Xanh'))!.id;
  plannedId = list.items.find((a) => a.status === 'planned')!.id;
});

describe('news drafted from an activity', () => {
  let post: NewsPostDto;

  it('a coordinator drafts the post of a reported activity in one click, naming both schools, the date and the place', async () => {
    const res = await t.as(coord)('POST', `/api/activities/${seminarId}/news`);
    expect(res.statusCode, res.body).toBe(201);
    post = res.json();
    expect(post.status).toBe('draft');
    expect(post.slug).toBeNull();
    expect(post.title).toContain('Chu Phan');
    expect(post.title).toContain('Ái Mộ B');
    expect(post.bodyHtml).toContain('Thực hiện Kế hoạch số 4340/KH-SGDĐT ngày 12/12/2022');
    expect(post.bodyHtml).toContain('Ngày 14/11/2025, hai đơn vị đã tổ chức');
    expect(post.bodyHtml).toContain('tại Trường Tiểu học Ái Mộ B');
    expect(post.actions).toEqual(['edit', 'publish']);
    const audit = await t.db.selectFrom('audit_log').select(['action']).where('entity_id', '=', post.id).execute();
    expect(audit.map((a) => a.action)).toEqual(['news.draft']);
  });

  it('refuses a second post for the same activity, a planned activity, a teacher and another pair’s school', async () => {
    const again = await t.as(coord)('POST', `/api/activities/${seminarId}/news`);
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('NEWS_EXISTS');
    const planned = await t.as(coord)('POST', `/api/activities/${plannedId}/news`);
    expect(planned.statusCode).toBe(409);
    expect(planned.json().error.message).toContain('đã diễn ra');
    expect((await t.as(teacher)('POST', `/api/activities/${seminarId}/news`)).statusCode).toBe(403);
    expect((await t.as(otherLeader)('GET', `/api/news/${post.id}`)).statusCode).toBe(404);
    expect((await t.as(otherLeader)('PATCH', `/api/news/${post.id}`, { title: 'Chiếm quyền' })).statusCode).toBe(404);
    expect((await t.as(null)('GET', `/api/news/${post.id}`)).statusCode).toBe(401);
    // The department reads it; the partner school's leader edits it too.
    expect((await t.as(admin)('GET', `/api/news/${post.id}`)).statusCode).toBe(200);
    expect((await t.as(admin)('PATCH', `/api/news/${post.id}`, { title: 'Sở sửa' })).statusCode).toBe(403);
  });

  it('keeps only allow-listed HTML: no scripts, handlers, styles, images or javascript: links', async () => {
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

  it('shows photos picked from the activity’s evidence only, and only once published', async () => {
    const jpeg = await sharp({ create: { width: 800, height: 600, channels: 3, background: { r: 200, g: 80, b: 40 } } })
      .jpeg()
      .withExif({ IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '21/1 2/1 3/1', GPSLongitudeRef: 'E', GPSLongitude: '105/1 51/1 0/1' } })
      .toBuffer();
    const m = multipartFile('anh-chuyen-de.jpg', jpeg);
    const up = await t.as(coord)('POST', `/api/activities/${seminarId}/files`, m.payload, m.headers);
    expect(up.statusCode, up.body).toBe(201);
    const fileId = up.json().id as string;
    const picked = await t.as(coord)('PATCH', `/api/news/${post.id}`, { photoFileIds: [fileId] });
    expect(picked.statusCode, picked.body).toBe(200);
    expect((picked.json() as NewsPostDto).photoOptions.map((p) => p.fileId)).toContain(fileId);
    // A draft's photo is not public.
    expect((await t.as(null)('GET', `/tin-tuc/anh/${fileId}`)).statusCode).toBe(404);
    post = picked.json();
  });

  it('publishes under a slug from the title without diacritics; a new title adds an address and the old one redirects', async () => {
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
    const photo = await t.as(null)('GET', `/tin-tuc/anh/${post.photoFileIds[0]}`);
    expect(photo.statusCode).toBe(200);
    expect(photo.rawPayload.includes(Buffer.from('GPS'))).toBe(false);
    expect((await t.as(null)('GET', `/tin-tuc/anh/${post.photoFileIds[0]}/nho`)).headers['content-type']).toBe('image/webp');

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
    const list = (await t.as(partnerLeader)('GET', '/api/activities?limit=500')).json() as { items: { id: string; title: string; status: string; hostSchoolName: string }[] };
    const other = list.items.find((a) => a.status === 'done' && a.title.startsWith('Sinh hoạt chuyên môn'))!;
    const draft = (await t.as(partnerLeader)('POST', `/api/activities/${other.id}/news`)).json() as NewsPostDto;
    await t.as(partnerLeader)('PATCH', `/api/news/${draft.id}`, { title: 'Chuyên đề trường học hạnh phúc tại Ái Mộ B' });
    const pub = (await t.as(partnerLeader)('POST', `/api/news/${draft.id}/publish`)).json() as NewsPostDto;
    expect(pub.slug).toBe('chuyen-de-truong-hoc-hanh-phuc-tai-ai-mo-b-2');
  });

  it('two people publishing at once publish once', async () => {
    const list = (await t.as(admin)('GET', '/api/activities?limit=500&status=done,reported')).json() as { items: { id: string; pairName: string }[] };
    const one = list.items.find((a) => a.pairName.includes('Nhân Chính') && !a.pairName.includes('Chu Phan'));
    const nc = await t.signIn('nhanchinh.ht');
    const candidates = list.items.filter((a) => a.pairName === one?.pairName);
    let id: string | null = null;
    for (const c of candidates) {
      const r = await t.as(nc)('POST', `/api/activities/${c.id}/news`);
      if (r.statusCode === 201) {
        id = r.json().id;
        break;
      }
    }
    expect(id).not.toBeNull();
    const results = await Promise.all([t.as(nc)('POST', `/api/news/${id}/publish`), t.as(nc)('POST', `/api/news/${id}/publish`)]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409]);
  });
});
