import { describe, expect, it } from 'vitest';
import { createTestApp } from '../helpers/app.ts';
import { createSchool } from '../factories/schools.ts';
import { createAreaOfficer, createDepartmentAdmin, FACTORY_PASSWORD } from '../factories/users.ts';

/**
 * Districts were abolished on 01/07/2025 (docs/decisions/0030-area-after-reform.md): an area
 * officer still attached to an old district covers the communes that succeeded its old
 * communes, on any date asked about. Four Ba Vì schools stand in communes of huyện Ba Vì
 * until 30/06/2025 and in xã Suối Hai / xã Ba Vì since (as the demo's do); two schools of
 * other districts (Thanh Xuân, Mê Linh) likewise in theirs.
 */
const t = await createTestApp({ demo: false, now: () => new Date('2026-03-02T03:00:00Z') });

const unitByCode = (code: string, validFrom: string) =>
  t.db.selectFrom('admin_unit').selectAll().where('code', '=', code).where('valid_from', '=', validFrom).executeTakeFirstOrThrow();
const unitByName = (name: string, validFrom: string) =>
  t.db.selectFrom('admin_unit').selectAll().where('name', '=', name).where('valid_from', '=', validFrom).executeTakeFirstOrThrow();
const REFORM = '2025-07-01';
const suoiHaiUnit = await unitByCode('09694', REFORM);
const xaBaViUnit = await unitByCode('09700', REFORM);
const placed = (code: string, oldCode: string, now: Awaited<ReturnType<typeof unitByCode>>) =>
  unitByCode(oldCode, '1900-01-01').then((old) => createSchool(t.db, { code, unit: old, movedTo: [{ unit: now, from: REFORM }] }));

const schools = {
  ptdtnt: await placed('BAVI-PTDTNT', '09697', suoiHaiUnit), // xã Ba Trại → xã Suối Hai
  batrai: await placed('BAVI-BATRAI', '09697', suoiHaiUnit),
  tanlinh: await placed('BAVI-TANLINH', '09694', suoiHaiUnit), // xã Tản Lĩnh → xã Suối Hai
  minhquang: await placed('BAVI-MINHQUANG', '09700', xaBaViUnit), // xã Minh Quang → xã Ba Vì
  nhanchinh: await placed('TX-NHANCHINH', '00343', await unitByName('Phường Thanh Xuân', REFORM)), // phường Nhân Chính, quận Thanh Xuân
  chuphan: await placed('ML-CHUPHAN', '09004', await unitByCode('08980', REFORM)), // xã Chu Phan, huyện Mê Linh
};
const BA_VI = ['BAVI-PTDTNT', 'BAVI-BATRAI', 'BAVI-MINHQUANG', 'BAVI-TANLINH'];
const ELSEWHERE = ['TX-NHANCHINH', 'ML-CHUPHAN'];
const schoolId = async (code: string) => Object.values(schools).find((s) => s.code === code)!.id;

const baVi = await unitByCode('271', '1900-01-01');
const officer = await createAreaOfficer(t.db, { unit: baVi });
const session = await t.signIn(officer.username, FACTORY_PASSWORD);
const as = t.as(session);

async function listedCodes(asOf?: string): Promise<string[]> {
  const res = await as('GET', `/api/schools?limit=200${asOf ? `&asOf=${asOf}` : ''}`);
  expect(res.statusCode, res.body).toBe(200);
  return (res.json().items as { code: string }[]).map((s) => s.code);
}

describe('the officer of a district abolished on 01/07/2025 (huyện Ba Vì)', () => {
  it("lists the Ba Vì schools today, standing in the communes that succeeded Ba Vì's, and none of other districts", async () => {
    const codes = await listedCodes();
    expect(codes).toEqual(expect.arrayContaining(BA_VI));
    for (const code of ELSEWHERE) expect(codes).not.toContain(code);
  });

  it('lists the same schools as of 2024, when they stood in the old communes of the district', async () => {
    const codes = await listedCodes('2024-06-01');
    expect(codes).toEqual(expect.arrayContaining(BA_VI));
    for (const code of ELSEWHERE) expect(codes).not.toContain(code);
  });

  it("opens and edits a Ba Vì school's profile, and not a school of another district", async () => {
    const tanLinh = await schoolId('BAVI-TANLINH');
    const nhanChinh = await schoolId('TX-NHANCHINH');
    expect((await as('GET', `/api/schools/${tanLinh}`)).json().canEdit).toBe('all');
    const edited = await as('PATCH', `/api/schools/${tanLinh}`, { students: 321 });
    expect(edited.statusCode, edited.body).toBe(200);
    expect((await as('GET', `/api/schools/${nhanChinh}`)).statusCode).toBe(403);
    expect((await as('PATCH', `/api/schools/${nhanChinh}`, { students: 1 })).statusCode).toBe(403);
  });

  it("moves a Ba Vì school between the district's successor communes, and never outside them", async () => {
    const tanLinh = await schoolId('BAVI-TANLINH');
    const history = () => t.db.selectFrom('school_location').select(['admin_unit_id', 'valid_from', 'valid_to']).where('school_id', '=', tanLinh).orderBy('valid_from').execute();
    const thanhXuan = await t.db.selectFrom('admin_unit').select('id').where('name', '=', 'Phường Thanh Xuân').where('valid_from', '=', '2025-07-01').executeTakeFirstOrThrow();
    const before = await history();
    const out = await as('PUT', `/api/schools/${tanLinh}/location`, { adminUnitId: thanhXuan.id, from: '2026-03-01' });
    expect(out.statusCode, out.body).toBe(403);
    expect(out.json().error).toMatchObject({ code: 'LOCATION_UNIT_OUTSIDE_AREA', field: 'adminUnitId' });
    expect(await history()).toEqual(before);

    const xaBaVi = await unitByCode('09700', '2025-07-01');
    const moved = await as('PUT', `/api/schools/${tanLinh}/location`, { adminUnitId: xaBaVi.id, from: '2026-03-01' });
    expect(moved.statusCode, moved.body).toBe(204);
    expect((await history()).at(-1)).toMatchObject({ admin_unit_id: xaBaVi.id, valid_from: '2026-03-01', valid_to: null });
  });

  it('the department re-attaches the officer to a post-reform commune; the area is then that commune', async () => {
    const other = await createAreaOfficer(t.db, { unit: baVi });
    const admin = t.as(await t.signIn((await createDepartmentAdmin(t.db)).username, FACTORY_PASSWORD));
    const suoiHai = await unitByCode('09694', '2025-07-01');
    // The users page's unit picker offers today's units: xã Suối Hai is among them.
    const offered = await admin('GET', '/api/admin-units?q=suoi%20hai');
    expect((offered.json().items as { id: string }[]).map((u) => u.id)).toContain(suoiHai.id);
    const res = await admin('PATCH', `/api/users/${other.id}`, { adminUnitId: suoiHai.id });
    expect(res.statusCode, res.body).toBe(200);
    const mine = t.as(await t.signIn(other.username, FACTORY_PASSWORD));
    const codes = ((await mine('GET', '/api/schools?limit=200')).json().items as { code: string }[]).map((s) => s.code);
    // (PTDTNT Hà Nội and TH Ba Trại stand in xã Suối Hai since 01/07/2025.)
    expect(codes).toEqual(expect.arrayContaining(['BAVI-PTDTNT', 'BAVI-BATRAI']));
    for (const code of ELSEWHERE) expect(codes).not.toContain(code);
  });
});
