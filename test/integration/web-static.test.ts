/**
 * What the server serves of the built web app (a small stand-in build in a temporary folder):
 * its files and the app's pages, never the build's dot-folders — `.vite/manifest.json` maps
 * every chunk for the server (the sign-in script's address) and is nobody else's business.
 */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hasDotSegment } from '#src/server/app.ts';
import { createTestApp } from '../helpers/app.ts';

const dist = mkdtempSync(join(tmpdir(), 'chungtay-web-'));
chmodSync(dist, 0o755);
mkdirSync(join(dist, 'assets'));
mkdirSync(join(dist, '.vite'));
writeFileSync(join(dist, 'index.html'), '<!doctype html><html lang="vi"><head><script type="module" src="/assets/app-abc123.js"></script></head><body><div id="root"></div></body></html>');
writeFileSync(join(dist, 'assets', 'app-abc123.js'), 'console.log("app")');
writeFileSync(join(dist, 'assets', 'sign-in-def456.js'), 'console.log("sign-in")');
writeFileSync(join(dist, '.vite', 'manifest.json'), JSON.stringify({ 'sign-in.ts': { file: 'assets/sign-in-def456.js' }, 'index.html': { file: 'assets/app-abc123.js' } }));
writeFileSync(join(dist, '.env'), 'SECRET=1');
afterAll(() => rmSync(dist, { recursive: true, force: true }));

const t = await createTestApp({ demo: false, workers: false, build: { serveWeb: true, webDist: `${dist}/` } });
const get = (url: string) => t.as(null)('GET', url);

describe('the built web app over HTTP', () => {
  it('serves its files and its pages', async () => {
    const js = await get('/assets/app-abc123.js');
    expect(js.statusCode).toBe(200);
    expect(js.body).toContain('console.log("app")');
    const app = await get('/app/pairs');
    expect(app.statusCode).toBe(200);
    expect(app.body).toContain('<div id="root">');
    // The server reads the manifest itself: the sign-in page loads the built script.
    expect((await get('/login')).body).toContain('<script type="module" src="/assets/sign-in-def456.js"></script>');
  });

  it('never serves .vite/manifest.json or anything under a dot-folder: 404, not the file, not the app', async () => {
    for (const url of ['/.vite/manifest.json', '/.vite/', '/.vite', '/%2Evite/manifest.json', '/%2evite%2fmanifest.json', '/assets/../.vite/manifest.json', '/.env', '/.vite/manifest.json?x=1', '/app/.vite/manifest.json']) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(404);
      expect(res.body, url).not.toContain('sign-in-def456');
      expect(res.body, url).not.toContain('<div id="root">');
      expect(res.body, url).not.toContain('SECRET');
    }
    const head = await t.app.inject({ method: 'HEAD', url: '/.vite/manifest.json' });
    expect(head.statusCode).toBe(404);
  });

  it('knows a dot segment however it is written', () => {
    expect(hasDotSegment('/.vite/manifest.json')).toBe(true);
    expect(hasDotSegment('/%2Evite/x')).toBe(true);
    expect(hasDotSegment('/a/..%2F.vite')).toBe(true);
    expect(hasDotSegment('/%E0%A4%A')).toBe(true);
    expect(hasDotSegment('/app/pairs?next=/.x')).toBe(false);
    expect(hasDotSegment('/assets/app-abc123.js')).toBe(false);
  });
});
