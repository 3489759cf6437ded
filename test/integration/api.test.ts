import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createTestApp } from '../helpers/app.ts';

const t = await createTestApp({ demo: false });
t.app.get('/api/test/boom', { config: { access: 'public' } }, async () => {
  throw new Error('relation "secret_table" does not exist');
});

describe('the HTTP API', () => {
  it('answers health with the database kind and version', async () => {
    const res = await t.as(null)('GET', '/api/health');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok', database: t.kind, version: 'test' });
  });

  it('describes every route in /api/openapi.json, and the committed docs/openapi.json is current', async () => {
    const res = await t.as(null)('GET', '/api/openapi.json');
    const spec = res.json();
    for (const path of ['/api/health', '/api/auth/login', '/api/auth/me', '/api/auth/logout', '/api/dashboard', '/api/users', '/api/audit']) {
      expect(spec.paths).toHaveProperty([path]);
    }
    expect(spec.paths['/api/auth/login'].post.requestBody.content['application/json'].schema.required).toEqual(['username', 'password']);
    const committed = JSON.parse(readFileSync('docs/openapi.json', 'utf8'));
    spec.info.version = committed.info.version;
    delete spec.paths['/api/test/boom'];
    expect(committed, 'docs/openapi.json is stale: run `npm run openapi`').toEqual(spec);
  });

  it('refuses to register a route that does not say who may call it', async () => {
    const { buildApp } = await import('#src/server/app.ts');
    const app = await buildApp({ db: t.db, databaseKind: 'embedded', version: 'x', now: () => new Date(), secureCookies: false, serveWeb: false });
    expect(() => app.get('/api/unguarded', async () => 'x')).toThrow(/does not declare who may call it/u);
    await app.close();
  });

  it('names the wrong field of bad input in Vietnamese', async () => {
    const res = await t.as(null)('POST', '/api/auth/login', { username: 'a' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toEqual({ code: 'VALIDATION_FAILED', message: 'Mục “Mật khẩu”: bắt buộc nhập.', field: 'password' });
  });

  it('answers an unknown address with a JSON error', async () => {
    const res = await t.as(null)('GET', '/api/nothing-here');
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('ROUTE_NOT_FOUND');
  });

  it('hides the internals of an unexpected error behind a correlation id', async () => {
    const res = await t.as(null)('GET', '/api/test/boom', undefined, { cookie: 'ct_lang=en' });
    expect(res.statusCode).toBe(500);
    const { error } = res.json();
    expect(error.code).toBe('INTERNAL');
    expect(error.message).not.toContain('secret_table');
    expect(error.message).toMatch(/Reference: [0-9a-f-]{36}\./u);
  });

  it('sends security headers', async () => {
    const res = await t.as(null)('GET', '/api/health');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });
});

describe('bad input of the wrong type', () => {
  it('says the type is wrong rather than that the field is missing', async () => {
    const res = await t.as(null)('POST', '/api/auth/login', { username: 42, password: 'x' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toEqual({ code: 'VALIDATION_FAILED', message: 'Mục “Tên đăng nhập”: kiểu dữ liệu không hợp lệ.', field: 'username' });
  });
});

describe('bad input named for people, not programs', () => {
  it('names the field by its label in the caller’s language and keeps the code name in `field`', async () => {
    const en = await t.as(null)('POST', '/api/auth/login', { username: 'x' }, { cookie: 'ct_lang=en' });
    expect(en.json().error).toEqual({ code: 'VALIDATION_FAILED', message: '“Password”: is required.', field: 'password' });
  });
});
