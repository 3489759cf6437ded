import { describe, expect, it } from 'vitest';
import { createTestApp } from '../helpers/app.ts';
import { createSchool } from '../factories/schools.ts';
import { createDepartmentAdmin, FACTORY_PASSWORD } from '../factories/users.ts';

const t = await createTestApp({ demo: false });
const admin = await t.signIn((await createDepartmentAdmin(t.db)).username, FACTORY_PASSWORD);
const school = await createSchool(t.db, { name: 'Trường Tiểu học Ái Mộ B', shortName: 'TH Ái Mộ B' });
const other = await createSchool(t.db);

const campaign = (over: Record<string, unknown>) => ({
  number: `77/KH-${Math.random().toString(36).slice(2, 8)}`,
  issuer: 'Sở GDĐT Hà Nội',
  issuedOn: '2024-01-02',
  title: 'Phong trào thử',
  phaseStartYear: 2024,
  phaseEndYear: 2025,
  ...over,
});

function expectRefused(res: { statusCode: number; body: string; json: () => { error: { code: string; field?: string; message: string } } }, field: string) {
  expect(res.statusCode, res.body).toBe(400);
  expect(res.json().error).toMatchObject({ code: 'VALIDATION_FAILED', field });
}

describe('NUL bytes and control characters', () => {
  it('a NUL in a query is refused with the field, never 500', async () => {
    expectRefused(await t.as(admin)('GET', '/api/search?q=ai%00mo'), 'q');
    expectRefused(await t.as(admin)('GET', '/api/schools?q=%00'), 'q');
    expectRefused(await t.as(admin)('GET', '/api/pairs?q=a%00'), 'q');
  });

  it('a NUL in a list filter (a comma list such as level or kind) is refused with the field, never 500', async () => {
    expectRefused(await t.as(admin)('GET', '/api/pairs?level=%00'), 'level');
    expectRefused(await t.as(admin)('GET', '/api/pairs/export.xlsx?level=primary,%00'), 'level');
    expectRefused(await t.as(admin)('GET', '/api/activities?kind=%00'), 'kind');
    expectRefused(await t.as(admin)('GET', '/api/activities/totals?kind=a%00'), 'kind');
    expectRefused(await t.as(admin)('GET', '/api/activities/export.xlsx?kind=%00'), 'kind');
  });

  it('a body nested thousands deep is refused with 400, never 500, signed in or not', async () => {
    const deep = `{"username":${'['.repeat(200_000)}${']'.repeat(200_000)}}`;
    const res = await t.as(null)('POST', '/api/auth/login', deep, { 'content-type': 'application/json' });
    expectRefused(res, 'username');
    expectRefused(await t.as(admin)('POST', '/api/campaigns', deep, { 'content-type': 'application/json' }), 'username');
  });

  it('a NUL in a body is refused with the field, never 500', async () => {
    expectRefused(await t.as(null)('POST', '/api/auth/login', { username: 'so.admin\u0000', password: 'x-y-z-1234' }), 'username');
    expectRefused(await t.as(admin)('PATCH', `/api/schools/${school.id}`, { name: 'Trường\u0000 TH' }), 'name');
    expectRefused(await t.as(admin)('POST', '/api/campaigns', campaign({ issuer: 'Sở\u0000' })), 'issuer');
  });

  it('refuses bidirectional overrides, naming the field in the message', async () => {
    const res = await t.as(admin)('POST', '/api/campaigns', campaign({ title: 'Phong trào \u202Eoht' }));
    expectRefused(res, 'title');
    expect(res.json().error.message).toMatch(/Tiêu đề/u);
    expectRefused(await t.as(admin)('PATCH', `/api/schools/${school.id}`, { address: 'Số 1 \u2066phố\u2069' }), 'address');
  });

  it('refuses a line break or tab in a one-line field, and keeps them where a field has lines', async () => {
    expectRefused(await t.as(admin)('POST', '/api/campaigns', campaign({ number: '12\n/KH-X' })), 'number');
    expectRefused(await t.as(admin)('PATCH', `/api/schools/${school.id}`, { shortName: 'TH\tÁi Mộ B' }), 'shortName');
    const template = {
      preamble: ['Căn cứ Kế hoạch;'],
      articles: [{ number: 1, title: 'Mục đích', clauses: ['Dòng một\nDòng hai\tcó tab.'] }],
    };
    const ok = await t.as(admin)('POST', '/api/campaigns', campaign({ mouTemplate: template }));
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json().mouTemplate.articles[0].clauses[0]).toBe('Dòng một\nDòng hai\tcó tab.');
    const bell = { ...template, articles: [{ number: 1, title: 'Mục đích', clauses: ['Chuông \u0007 kêu'] }] };
    expectRefused(await t.as(admin)('POST', '/api/campaigns', campaign({ mouTemplate: bell })), 'mouTemplate.articles.0.clauses.0');
  });
});

describe('impossible dates', () => {
  it('2023-02-30 is refused in a query and in a body with the field, never 500', async () => {
    expectRefused(await t.as(admin)('GET', '/api/schools?asOf=2023-02-30'), 'asOf');
    expectRefused(await t.as(admin)('POST', '/api/campaigns', campaign({ issuedOn: '2023-02-30' })), 'issuedOn');
    expectRefused(await t.as(admin)('PUT', `/api/schools/${school.id}/location`, { adminUnitId: school.unit!.id, from: '2023-02-30' }), 'from');
    expectRefused(await t.as(admin)('POST', `/api/schools/${school.id}/merge`, { intoSchoolId: other.id, on: '2024-13-01' }), 'on');
  });

  it('29 February is a date in a leap year only', async () => {
    const leap = await t.as(admin)('GET', '/api/schools?asOf=2024-02-29');
    expect(leap.statusCode).toBe(200);
    expectRefused(await t.as(admin)('GET', '/api/schools?asOf=2023-02-29'), 'asOf');
  });
});
