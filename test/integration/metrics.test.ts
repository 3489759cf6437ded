import { describe, expect, it } from 'vitest';
import { createTestApp } from '../helpers/app.ts';
import { createDepartmentAdmin, createTeacher } from '../factories/users.ts';

const TOKEN = 'metrics-token-of-the-test-0123456789';
const t = await createTestApp({ demo: false, build: { metricsToken: TOKEN } });

describe('/metrics', () => {
  it('refuses a visitor (401), a wrong token (401) and a signed-in teacher (403)', async () => {
    expect((await t.app.inject({ url: '/metrics' })).statusCode).toBe(401);
    expect((await t.app.inject({ url: '/metrics', headers: { authorization: 'Bearer not-the-token-at-all-000000' } })).statusCode).toBe(401);
    const teacher = await createTeacher(t.db);
    const res = await t.as(await t.signIn(teacher.username, teacher.password))('GET', '/metrics');
    expect(res.statusCode).toBe(403);
    expect(res.body).not.toContain('http_request_duration_seconds');
  });

  it("gives the department admin request durations by route pattern, the pool's connections and the jobs", async () => {
    const admin = await createDepartmentAdmin(t.db);
    const as = t.as(await t.signIn(admin.username, admin.password));
    expect((await as('GET', '/api/schools/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
    const res = await as('GET', '/metrics');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/plain');
    expect(res.body).toContain('# TYPE http_request_duration_seconds histogram');
    // The route's pattern, never the id asked for.
    expect(res.body).toMatch(/http_request_duration_seconds_count\{method="GET",route="\/api\/schools\/:id",status_code="404"\} 1/u);
    expect(res.body).not.toContain('00000000-0000-4000-8000-000000000000');
    expect(res.body).toMatch(/chungtay_db_pool_connections\{state="total"\} \d+/u);
    expect(res.body).toMatch(/chungtay_db_pool_connections\{state="waiting"\} \d+/u);
    // The second pool (prepared statements with generic plans: every signed-in request's session, decision 0040).
    expect(res.body).toMatch(/chungtay_db_prepared_pool_connections\{state="total"\} \d+/u);
    expect(res.body).toMatch(/chungtay_db_prepared_pool_connections\{state="waiting"\} \d+/u);
    expect(res.body).toContain('# TYPE chungtay_jobs gauge');
    expect(res.body).toContain('process_resident_memory_bytes');
  });

  it('answers the configured bearer token without a session', async () => {
    const res = await t.app.inject({ url: '/metrics', headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('http_request_duration_seconds');
  });
});
