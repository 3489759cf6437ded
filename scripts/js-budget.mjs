// The JavaScript a page makes the browser download before it shows anything: the scripts
// and module preloads its HTML references, measured gzip-compressed (level 9, what
// scripts/precompress.mjs serves). Fails when a page is over its budget.
//
//   node scripts/js-budget.mjs                 the built app's first page (dist/web/index.html)
//   node scripts/js-budget.mjs URL...          pages of a running server (e.g. the public portal)
//
// Budgets: a public page at most 100 KB (issue 11: a phone on a slow mobile network);
// the signed-in app's shell (what every SPA route loads first) at most APP_BUDGET_KB.
/* global fetch */
import { Buffer } from 'node:buffer';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { URL } from 'node:url';
import { gzipSync } from 'node:zlib';

export const PUBLIC_BUDGET_KB = 100;
export const APP_BUDGET_KB = Number(process.env.APP_BUDGET_KB ?? 400);

/** The JavaScript addresses an HTML page references (scripts and module preloads). */
export function scriptsOf(html) {
  const out = new Set();
  for (const m of html.matchAll(/<script\b[^>]*\bsrc\s*=\s*["']([^"']+)["']/giu)) out.add(m[1]);
  for (const m of html.matchAll(/<link\b[^>]*\brel\s*=\s*["']modulepreload["'][^>]*\bhref\s*=\s*["']([^"']+)["']/giu)) out.add(m[1]);
  for (const m of html.matchAll(/<link\b[^>]*\bhref\s*=\s*["']([^"']+\.m?js)["'][^>]*\brel\s*=\s*["'](?:modulepreload|preload)["']/giu)) out.add(m[1]);
  return [...out];
}

/** Gzip bytes of the scripts a page references, read by `load(path)` (bytes of the file). */
export async function gzipBytesOf(html, load) {
  let total = 0;
  for (const src of scriptsOf(html)) total += gzipSync(await load(src), { level: 9 }).length;
  return total;
}

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

if (import.meta.url === `file://${process.argv[1]}`) {
  const urls = process.argv.slice(2);
  let failed = false;
  if (urls.length === 0) {
    const dir = 'dist/web';
    const html = readFileSync(join(dir, 'index.html'), 'utf8');
    const bytes = await gzipBytesOf(html, (src) => readFileSync(join(dir, src.replace(/^\//u, ''))));
    console.log(`app shell (dist/web/index.html): ${kb(bytes)} gzip JavaScript in ${scriptsOf(html).length} files (budget ${APP_BUDGET_KB} KB)`);
    failed = bytes > APP_BUDGET_KB * 1024;
  } else {
    for (const url of urls) {
      const html = await (await fetch(url)).text();
      const bytes = await gzipBytesOf(html, async (src) => Buffer.from(await (await fetch(new URL(src, url))).arrayBuffer()));
      console.log(`${url}: ${kb(bytes)} gzip JavaScript (budget ${PUBLIC_BUDGET_KB} KB)`);
      if (bytes > PUBLIC_BUDGET_KB * 1024) failed = true;
    }
  }
  if (failed) {
    console.error('over the JavaScript budget');
    process.exit(1);
  }
}
