/**
 * In-app notifications and their mail: what people are told along the pair's workflow, each
 * person's choice per kind (off: nothing; digest: one mail a day), one's own notifications
 * only, and the unread count reaching an open event stream served by another app node.
 */
import { describe, expect, it } from 'vitest';
import { buildApp } from '#src/server/app.ts';
import { sendDigests } from '#src/server/features/notifications/digest.ts';
import { createTestApp } from '../helpers/app.ts';
import { createPair } from '../factories/pairs.ts';
import { createSchool } from '../factories/schools.ts';
import { FACTORY_PASSWORD, createDepartmentAdmin, createSchoolLeader } from '../factories/users.ts';

const t = await createTestApp({ demo: false });
const admin = await createDepartmentAdmin(t.db, { email: 'so@hanoi.edu.vn' });

async function leader(email: string) {
  return createSchoolLeader(t.db, { email, school: await createSchool(t.db) });
}

const mailsTo = (to: string) => t.db.selectFrom('mail_message').select(['kind', 'subject']).where('to_address', '=', to).orderBy('created_at').execute();

describe('notifications', () => {
  it('tells each person along the workflow: proposed, waiting for approval, approved, signed by the other side, signed', async () => {
    const a = await leader('ht.a@truong.edu.vn');
    const b = await leader('ht.b@truong.edu.vn');
    const pair = await createPair(t.db, { state: 'active', admin, leaders: [a, b], schools: [a.school!, b.school!] });
    const kinds = async (userId: string) => (await t.db.selectFrom('notification').select('kind').where('user_id', '=', userId).orderBy('created_at').execute()).map((r) => r.kind);
    expect(await kinds(a.id)).toEqual(['pair.proposed', 'pair.approved', 'mou.signed']);
    expect(await kinds(b.id)).toEqual(['pair.proposed', 'pair.approved', 'mou.signedByPartner', 'mou.signed']);
    expect(await kinds(admin.id)).toContain('pair.awaitingApproval');
    // Mail at once by default, in the reader's language, subject with the schools' names.
    const mails = await mailsTo('ht.b@truong.edu.vn');
    expect(mails.map((m) => m.kind)).toEqual(['pair.proposed', 'pair.approved', 'mou.signedByPartner', 'mou.signed']);
    expect(mails[2]!.subject).toBe(`${a.school!.name} đã ký biên bản ghi nhớ ${a.school!.name} – ${b.school!.name}`);

    const session = await t.signIn(b.username, FACTORY_PASSWORD);
    const list = (await t.as(session)('GET', '/api/notifications')).json();
    expect(list.unread).toBe(4);
    expect(list.items[0]).toMatchObject({ kind: 'mou.signed', link: `/app/pairs/${pair.id}`, read: false });
    expect(list.items[0].title).toContain('đã được ký đủ');
  });

  it('honours each person’s choice: off sends nothing, digest sends one mail a day, the default mails at once', async () => {
    const off = await leader('off@truong.edu.vn');
    const digest = await leader('digest@truong.edu.vn');
    const byDefault = await leader('default@truong.edu.vn');
    for (const [user, channel] of [
      [off, 'off'],
      [digest, 'digest'],
    ] as const) {
      const s = await t.signIn(user.username, FACTORY_PASSWORD);
      const res = await t.as(s)('PUT', '/api/notifications/preferences', { items: [{ kind: 'pair.proposed', channel }, { kind: 'pair.approved', channel }] });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().items.find((i: { kind: string }) => i.kind === 'pair.proposed')).toMatchObject({ channel, isDefault: false });
    }
    await createPair(t.db, { state: 'approved', admin, leaders: [off, digest], schools: [off.school!, digest.school!] });
    const other = await leader('x@truong.edu.vn');
    await createPair(t.db, { admin, leaders: [byDefault, other], schools: [byDefault.school!, other.school!] });

    expect(await t.db.selectFrom('notification').select('kind').where('user_id', '=', off.id).execute()).toEqual([]);
    expect(await mailsTo('off@truong.edu.vn')).toEqual([]);
    expect((await t.db.selectFrom('notification').select('kind').where('user_id', '=', digest.id).execute()).map((r) => r.kind).sort()).toEqual(['pair.approved', 'pair.proposed']);
    expect(await mailsTo('digest@truong.edu.vn')).toEqual([]);
    expect((await mailsTo('default@truong.edu.vn')).map((m) => m.kind)).toEqual(['pair.proposed']);

    await sendDigests(t.db, new Date());
    await sendDigests(t.db, new Date());
    const digests = await mailsTo('digest@truong.edu.vn');
    expect(digests).toEqual([{ kind: 'digest', subject: 'Chung Tay: 2 thông báo trong ngày' }]);
    expect(await mailsTo('off@truong.edu.vn')).toEqual([]);
  });

  it('lets a person read and mark only their own notifications', async () => {
    const a = await leader('own.a@truong.edu.vn');
    const b = await leader('own.b@truong.edu.vn');
    await createPair(t.db, { admin, leaders: [a, b], schools: [a.school!, b.school!] });
    const sa = await t.signIn(a.username, FACTORY_PASSWORD);
    const sb = await t.signIn(b.username, FACTORY_PASSWORD);
    const mine = (await t.as(sa)('GET', '/api/notifications')).json();
    expect(mine.items).toHaveLength(1);
    const id: string = mine.items[0].id;
    expect((await t.as(sb)('POST', `/api/notifications/${id}/read`)).statusCode).toBe(404);
    expect((await t.as(sb)('GET', '/api/notifications')).json().items.map((i: { id: string }) => i.id)).not.toContain(id);
    expect((await t.as(sa)('GET', '/api/notifications/unread-count')).json()).toEqual({ unread: 1 });
    expect((await t.as(sa)('POST', `/api/notifications/${id}/read`)).json()).toEqual({ unread: 0 });
    expect((await t.as(sb)('POST', '/api/notifications/read-all')).json()).toEqual({ unread: 0, marked: 1 });
    expect((await t.as(null)('GET', '/api/notifications')).statusCode).toBe(401);
    const bad = await t.as(sa)('PUT', '/api/notifications/preferences', { items: [{ kind: 'pair.proposed', channel: 'pigeon' }] });
    expect(bad.statusCode).toBe(400);
  });

  it('pushes the unread count to an event stream open on another app node (LISTEN/NOTIFY)', async () => {
    const a = await leader('live.a@truong.edu.vn');
    const b = await leader('live.b@truong.edu.vn');
    // A second node over the same database, listening on loopback.
    const node2 = await buildApp({ db: t.db, databaseKind: t.kind, version: 'test', now: () => new Date(), secureCookies: false, serveWeb: false, dataDir: t.dataDir, publicUrl: 'https://chungtay.example.vn' });
    await node2.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(node2.server.address() as { port: number }).port}`;
    try {
      const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: b.username, password: FACTORY_PASSWORD }) });
      const cookie = login.headers.getSetCookie().find((c) => c.startsWith('ct_session='))!.split(';')[0]!;
      const controller = new AbortController();
      const res = await fetch(`${base}/api/notifications/stream`, { headers: { cookie }, signal: controller.signal });
      expect(res.headers.get('content-type')).toContain('text/event-stream');
      const reader = res.body!.getReader();
      const decoder = new TextDecoder();
      let buffer = '';
      const nextCount = async (): Promise<number> => {
        for (;;) {
          const match = /event: unread\ndata: (\{[^\n]*\})\n\n/u.exec(buffer);
          if (match) {
            buffer = buffer.slice(match.index + match[0].length);
            return JSON.parse(match[1]!).unread as number;
          }
          const { value, done } = await reader.read();
          if (done) throw new Error('stream ended');
          buffer += decoder.decode(value, { stream: true });
        }
      };
      expect(await nextCount()).toBe(0);
      // The proposal is made on the first node; the stream on the second hears it.
      await createPair(t.db, { admin, leaders: [a, b], schools: [a.school!, b.school!] });
      expect(await nextCount()).toBe(1);
      const sb = await t.signIn(b.username, FACTORY_PASSWORD);
      await t.as(sb)('POST', '/api/notifications/read-all');
      expect(await nextCount()).toBe(0);
      controller.abort();
      expect((await fetch(`${base}/api/notifications/stream`)).status).toBe(401);
    } finally {
      await node2.close();
    }
  });
});
