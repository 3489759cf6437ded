import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { isoDateInHanoi } from '#src/core/vn/format.ts';
import type { CallContext } from '#src/server/context.ts';
import { listPairs, loadPairFor, transitionPair } from '#src/server/features/pairs/pairs.service.ts';
import { createSchool as createSchoolService, listSchoolsFor, setSchoolLocation } from '#src/server/features/schools/schools.service.ts';
import { createUser } from '#src/server/features/users/users.service.ts';
import { createTestApp } from '../helpers/app.ts';
import { multipartFile } from '../helpers/pairs.ts';
import { createPair } from '../factories/pairs.ts';
import { createSchool } from '../factories/schools.ts';
import { createCoordinator, FACTORY_PASSWORD } from '../factories/users.ts';

const t = await createTestApp({ demo: false });
const nobody: CallContext = { actor: null, requestId: null };
const now = new Date();

describe('what the pair page offers is what the services allow', () => {
  it('a completed pair offers uploading the scanned original, and the upload is accepted', async () => {
    const p = await createPair(t.db, { state: 'completed' });
    const leader = await t.signIn(p.leaders[0]!.username, FACTORY_PASSWORD);
    const admin = await t.signIn(p.admin.username, FACTORY_PASSWORD);
    for (const who of [leader, admin]) expect((await t.as(who)('GET', `/api/pairs/${p.id}`)).json().actions).toContain('uploadScan');
    const doc = await PDFDocument.create();
    doc.addPage();
    const up = multipartFile('Bản gốc.pdf', Buffer.from(await doc.save()), 'application/pdf');
    const res = await t.app.inject({ method: 'POST', url: `/api/pairs/${p.id}/mou/scans`, payload: up.payload, headers: { ...up.headers, cookie: leader.cookie, 'x-csrf-token': leader.csrfToken } });
    expect(res.statusCode, res.body).toBe(201);
  });

  it('a declined pair offers no upload, and refuses one', async () => {
    const p = await createPair(t.db, { state: 'declined' });
    const leader = await t.signIn(p.leaders[0]!.username, FACTORY_PASSWORD);
    expect((await t.as(leader)('GET', `/api/pairs/${p.id}`)).json().actions).toEqual([]);
    const up = multipartFile('a.pdf', Buffer.from('%PDF-1.4\n%%EOF\n'), 'application/pdf');
    const res = await t.app.inject({ method: 'POST', url: `/api/pairs/${p.id}/mou/scans`, payload: up.payload, headers: { ...up.headers, cookie: leader.cookie, 'x-csrf-token': leader.csrfToken } });
    expect(res.statusCode).toBe(409);
  });
});

describe('the steering committee the pair page offers to change is what the service allows', () => {
  it('for each caller and each member school: offered (members[].manageSteering) exactly when adding a member is accepted', async () => {
    for (const state of ['active', 'completed'] as const) {
      const p = await createPair(t.db, { state });
      const coordinator = await createCoordinator(t.db, { school: p.schools[0]! });
      const callers = [p.admin, ...p.leaders, coordinator];
      const seen: boolean[] = [];
      for (const user of callers) {
        const who = await t.signIn(user.username, FACTORY_PASSWORD);
        const page = (await t.as(who)('GET', `/api/pairs/${p.id}`)).json() as { actions: string[]; members: { schoolId: string; manageSteering: boolean }[] };
        for (const m of page.members) {
          const res = await t.as(who)('POST', `/api/pairs/${p.id}/steering`, { schoolId: m.schoolId, fullName: 'Trần Thị Hoa', committeeRole: 'member' });
          expect([user.username, m.schoolId, res.statusCode === 201], res.body).toEqual([user.username, m.schoolId, m.manageSteering]);
          seen.push(m.manageSteering);
        }
        expect(page.actions.includes('manageSteering')).toBe(page.members.some((m) => m.manageSteering));
      }
      // An active pair: the department both schools, each leader its own, the coordinator none; a completed one: nobody.
      expect(seen).toEqual(state === 'active' ? [true, true, true, false, false, true, false, false] : Array(8).fill(false));
    }
  });
});

describe('nobody (a null actor) is allowed nothing', () => {
  it('does not see a pair, nor change it', async () => {
    const p = await createPair(t.db, { state: 'accepted' });
    await expect(loadPairFor(t.db, nobody, p.id, isoDateInHanoi(now))).rejects.toMatchObject({ code: 'PAIR_NOT_FOUND' });
    await expect(t.db.transaction().execute((trx) => transitionPair(trx, nobody, p.id, { event: 'approve' }, now))).rejects.toMatchObject({ status: 404 });
    await expect(listPairs(t.db, nobody, { limit: 10, offset: 0 }, now)).rejects.toMatchObject({ status: 403 });
    expect((await t.db.selectFrom('pair').select('state').where('id', '=', p.id).executeTakeFirstOrThrow()).state).toBe('accepted');
  });

  it('does not list, create or move schools, nor create users', async () => {
    const asOf = isoDateInHanoi(now);
    await expect(listSchoolsFor(t.db, nobody, { status: 'active', sort: 'name', order: 'asc', limit: 5, offset: 0, asOf })).rejects.toMatchObject({ status: 403 });
    await expect(
      t.db.transaction().execute((trx) => createSchoolService(trx, nobody, { code: 'NOBODY-1', name: 'Trường Không Ai', level: 'primary', areaType: 'inner-city' }, asOf)),
    ).rejects.toMatchObject({ status: 403 });
    const school = await createSchool(t.db);
    const unit = (await createSchool(t.db)).unit!;
    await expect(t.db.transaction().execute((trx) => setSchoolLocation(trx, nobody, school.id, unit.id, asOf, asOf))).rejects.toMatchObject({ status: 403 });
    await expect(
      t.db.transaction().execute((trx) => createUser(trx, nobody, { username: 'nobody.made', displayName: 'X', password: 'Nobody@2025x', role: 'department-admin' })),
    ).rejects.toMatchObject({ status: 403 });
  });
});
