// The JavaScript a page makes the browser download before it shows anything: the scripts and
// module preloads its HTML references, and the modules those import statically (followed
// through the built files), measured gzip-compressed (level 9, what scripts/precompress.mjs
// serves). Fails when a page is over its budget.
//
//   node scripts/js-budget.mjs          starts the built server (`npm run build`'s last step: an empty
//                                       embedded database in a temporary folder, no demo) and measures
//                                       what each public address and the app's shell actually load
//   node scripts/js-budget.mjs URL...   pages of a running server (e.g. the demo's portal and pair pages)
//
// Budgets: a public page at most 100 KB (issue 11: a phone on a slow mobile network;
// docs/decisions/0027); the signed-in app's shell (what every /app route loads first) at most
// APP_BUDGET_KB.
/* global fetch, setTimeout */
import { spawn } from 'node:child_process';
import { Buffer } from 'node:buffer';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import process from 'node:process';
import { URL } from 'node:url';
import { gzipSync } from 'node:zlib';

export const PUBLIC_BUDGET_KB = 100;
export const APP_BUDGET_KB = Number(process.env.APP_BUDGET_KB ?? 400);

/**
 * Every public address (no sign-in), by kind. A pair page, a news post and a document's
 * verification render in the same layout as their lists and the verification form: an
 * unknown id/code answers with that layout too.
 */
export const PUBLIC_PATHS = [
  '/',
  '/?lang=en',
  '/login',
  '/login?lang=en',
  '/verify',
  '/verify/ABCD-EF23',
  '/cong-khai',
  '/chuong-trinh',
  '/ket-nghia',
  '/ket-nghia/00000000-0000-0000-0000-000000000000',
  '/tin-tuc',
  '/tin-tuc/khong-co-bai-nay',
  // accounts: "forgot password" and the links of e-mails (an unknown link renders the same layout
  // without the form; the form's script is measured through /forgot-password, the same entry)
  '/forgot-password',
  '/forgot-password?lang=en',
  '/invite/x',
  '/reset/x',
  '/unsubscribe/x',
];

/** The JavaScript addresses an HTML page references (scripts and module preloads). */
export function scriptsOf(html) {
  const out = new Set();
  for (const m of html.matchAll(/<script\b[^>]*\bsrc\s*=\s*["']([^"']+)["']/giu)) out.add(m[1]);
  for (const m of html.matchAll(/<link\b[^>]*\brel\s*=\s*["']modulepreload["'][^>]*\bhref\s*=\s*["']([^"']+)["']/giu)) out.add(m[1]);
  for (const m of html.matchAll(/<link\b[^>]*\bhref\s*=\s*["']([^"']+\.m?js)["'][^>]*\brel\s*=\s*["'](?:modulepreload|preload)["']/giu)) out.add(m[1]);
  return [...out];
}

/** The modules a built script imports statically (`import … from "./x.js"`, `import "./x.js"`), not `import()`. */
export function staticImportsOf(code) {
  const out = new Set();
  for (const m of code.matchAll(/(?:^|[;\n}])\s*(?:import|export)\s*(?:[\w*{}\s,$]+from\s*)?["']([^"']+\.m?js)["']/gu)) out.add(m[1]);
  return [...out];
}

/**
 * Gzip bytes of the scripts a page references and of everything they import statically, each
 * once, read by `load(address)` (bytes of the file); `base` resolves relative addresses.
 */
export async function gzipBytesOf(html, load, base = 'http://page.invalid/') {
  let total = 0;
  const seen = new Set();
  const queue = scriptsOf(html).map((src) => new URL(src, base).href);
  while (queue.length) {
    const href = queue.shift();
    if (seen.has(href)) continue;
    seen.add(href);
    const url = new URL(href);
    const bytes = await load(url.origin === 'http://page.invalid' ? url.pathname : href);
    total += gzipSync(bytes, { level: 9 }).length;
    for (const dep of staticImportsOf(bytes.toString('utf8'))) queue.push(new URL(dep, href).href);
  }
  return total;
}

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

/** What `url` loads: gzip bytes of its JavaScript (followed through its static imports). */
export async function measure(url) {
  const html = await (await fetch(url)).text();
  const load = async (src) => {
    const res = await fetch(new URL(src, url));
    if (!res.ok) throw new Error(`${url} references ${src}, which answers ${res.status}`);
    return Buffer.from(await res.arrayBuffer());
  };
  return { bytes: await gzipBytesOf(html, load, url), files: scriptsOf(html).length };
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** The built server on an empty embedded database in a temporary folder; `stop()` ends it. */
async function startBuiltServer() {
  const dataDir = await mkdtemp(join(tmpdir(), 'chungtay-js-budget-'));
  // Embedded PostgreSQL runs as `postgres` when we are root: it must traverse the folder.
  await chmod(dataDir, 0o755);
  const port = await freePort();
  const env = { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, DEMO_DATA: 'off', LOG_LEVEL: 'warn' };
  delete env.DATABASE_URL;
  const child = spawn(process.execPath, ['dist/cli/main.js', 'serve'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const base = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    await rm(dataDir, { recursive: true, force: true });
  };
  const until = Date.now() + 180_000;
  while (Date.now() < until) {
    if (child.exitCode !== null) break;
    try {
      if ((await fetch(`${base}/api/health`)).ok) return { base, stop };
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  await stop();
  throw new Error(`the built server did not start:\n${output}`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const urls = process.argv.slice(2);
  let failed = false;
  const check = async (url, budgetKb) => {
    const { bytes, files } = await measure(url);
    const over = bytes > budgetKb * 1024;
    console.log(`${over ? '✗' : '✓'} ${url}: ${kb(bytes)} gzip JavaScript in ${files} file(s) (budget ${budgetKb} KB)`);
    if (over) failed = true;
  };
  if (urls.length) {
    for (const url of urls) await check(url, PUBLIC_BUDGET_KB);
  } else {
    const server = await startBuiltServer();
    try {
      for (const path of PUBLIC_PATHS) await check(`${server.base}${path}`, PUBLIC_BUDGET_KB);
      await check(`${server.base}/app`, APP_BUDGET_KB);
    } finally {
      await server.stop();
    }
  }
  if (failed) {
    console.error(`over the JavaScript budget (public pages ${PUBLIC_BUDGET_KB} KB, the app's shell ${APP_BUDGET_KB} KB)`);
    process.exit(1);
  }
}
