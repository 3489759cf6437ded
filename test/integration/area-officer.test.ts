import { describe, expect, it } from 'vitest';
import { systemContext } from '#src/server/context.ts';
import { setSchoolLocation } from '#src/server/features/schools/schools.service.ts';
import { createTestApp } from '../helpers/app.ts';
import { createAdminUnit } from '../factories/admin-units.ts';
import { createSchool } from '../factories/schools.ts';
import { createAreaOfficer, FACTORY_PASSWORD } from '../factories/users.ts';

const t = await createTestApp({ demo: false, now: () => new Date('2026-03-02T03:00:00Z') });

/**
 * An area (a district that lasts) with two communes; another area; and an old commune,
 * abolished on 1 July 2025, from which the school came into the area that day.
 */
async function world() {
  const area = await createAdminUnit(t.db, { kind: 'district' });
  const [a1, a2] = [await createAdminUnit(t.db, { kind: 'commune', parentId: area.id }), await createAdminUnit(t.db, { kind: 'commune', parentId: area.id })];
  const other = await createAdminUnit(t.db, { kind: 'district' });
  const b1 = await createAdminUnit(t.db, { kind: 'commune', parentId: other.id });
  const old = await createAdminUnit(t.db, { kind: 'commune', parentId: other.id, validTo: '2025-07-01' });
  const school = await createSchool(t.db, { unit: old });
  await t.db.transaction().execute((trx) => setSchoolLocation(trx, systemContext('test'), school.id, a1.id, '2025-07-01', '2025-07-01'));
  const officer = await createAreaOfficer(t.db, { unit: area });
  const session = await t.signIn(officer.username, FACTORY_PASSWORD);
  const history = async () =>
    (await t.db.selectFrom('school_location').select(['admin_unit_id', 'valid_from', 'valid_to']).where('school_id', '=', school.id).orderBy('valid_from').execute()).map((l) => [
      l.admin_unit_id,
      l.valid_from,
      l.valid_to,
    ]);
  return { a1, a2, b1, old, school, session, history };
}

describe("an area officer changing a school's location (PUT /api/schools/{id}/location)", () => {
  it('may not move a school of the area into another area: refused naming adminUnitId, nothing changed', async () => {
    const w = await world();
    const before = await w.history();
    const res = await t.as(w.session)('PUT', `/api/schools/${w.school.id}/location`, { adminUnitId: w.b1.id, from: '2026-03-01' });
    expect(res.statusCode, res.body).toBe(403);
    expect(res.json().error).toMatchObject({ code: 'LOCATION_UNIT_OUTSIDE_AREA', field: 'adminUnitId' });
    expect(res.json().error.message).toContain('ngoài địa bàn');
    expect(await w.history()).toEqual(before);
  });

  it('may not rewrite the days the school stood in another area: refused naming from, nothing changed', async () => {
    const w = await world();
    const before = await w.history();
    const res = await t.as(w.session)('PUT', `/api/schools/${w.school.id}/location`, { adminUnitId: w.a2.id, from: '2024-09-01' });
    expect(res.statusCode, res.body).toBe(403);
    expect(res.json().error).toMatchObject({ code: 'LOCATION_DATE_OUTSIDE_AREA', field: 'from' });
    expect(res.json().error.message).toContain('“from”');
    expect(await w.history()).toEqual(before);
  });

  it('moves a school of the area within the area from a day it stood there, keeping the history before', async () => {
    const w = await world();
    const res = await t.as(w.session)('PUT', `/api/schools/${w.school.id}/location`, { adminUnitId: w.a2.id, from: '2026-03-01' });
    expect(res.statusCode, res.body).toBe(204);
    expect(await w.history()).toEqual([
      [w.old.id, '2000-01-01', '2025-07-01'],
      [w.a1.id, '2025-07-01', '2026-03-01'],
      [w.a2.id, '2026-03-01', null],
    ]);
  });

  it('the school profile offers official edits exactly when the policy allows them', async () => {
    const w = await world();
    const own = await t.as(w.session)('GET', `/api/schools/${w.school.id}`);
    expect(own.json().canEdit).toBe('all');
    const elsewhere = await createSchool(t.db, { unit: w.b1 });
    expect((await t.as(w.session)('GET', `/api/schools/${elsewhere.id}`)).statusCode).toBe(403);
    expect((await t.as(w.session)('PATCH', `/api/schools/${elsewhere.id}`, { students: 10 })).statusCode).toBe(403);
  });
});
