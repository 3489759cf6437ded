// Compile the server's sources to JavaScript for `npm start`: every non-test file of src/ except
// the web app (built by vite into dist/web) is transpiled by esbuild, file by file, into dist/
// with the same layout (src/server/app.ts → dist/server/app.js), so that paths relative to a
// file (`../../package.json`, `./migrations/`, a worker's entry file) stay true. Imports of
// `#src/…ts` and of relative `….ts` files become relative `….js` ones; every other file (SQL
// migrations, JSON catalogs, `.mjs` entry files, fonts) is copied, with the same rewriting in
// scripts. `npm start` runs it with --if-stale (only when dist/ is missing or older than src/).
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath, URL } from 'node:url';
import { transform } from 'esbuild';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SRC = join(ROOT, 'src');
export const OUT = join(ROOT, 'dist');
/** Folders of dist/ that belong to the compiled server (dist/web is the web app's). */
export const STAMP = join(OUT, '.server-build');
const SKIP_DIRS = new Set([join(SRC, 'web')]);
const isTest = (name) => /\.test\.(ts|mts|js|mjs)$/u.test(name) || name.endsWith('.d.ts');

export function* sourceFiles(dir = SRC) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIP_DIRS.has(path)) yield* sourceFiles(path);
    } else if (!isTest(entry.name)) {
      yield path;
    }
  }
}

/** `#src/a/b.ts` and `./c.ts` in string literals → relative `.js` specifiers. */
function rewriteSpecifiers(code, fileOut) {
  const fromDir = dirname(fileOut);
  return code.replace(/(['"])((?:#src\/|\.\.?\/)[^'"\n]*?)\.(ts|mts)\1/gu, (_m, quote, stem, ext) => {
    let spec = stem;
    if (spec.startsWith('#src/')) {
      spec = relative(fromDir, join(OUT, spec.slice('#src/'.length))).split(sep).join('/');
      if (!spec.startsWith('.')) spec = `./${spec}`;
    }
    return `${quote}${spec}.${ext === 'mts' ? 'mjs' : 'js'}${quote}`;
  });
}

export async function buildServer() {
  const started = Date.now();
  for (const name of readdirSync(OUT, { withFileTypes: true }).filter((e) => e.isDirectory() && e.name !== 'web')) {
    rmSync(join(OUT, name.name), { recursive: true, force: true });
  }
  let count = 0;
  for (const file of sourceFiles()) {
    const rel = relative(SRC, file);
    const isTs = /\.(ts|mts)$/u.test(file);
    const out = join(OUT, isTs ? rel.replace(/\.ts$/u, '.js').replace(/\.mts$/u, '.mjs') : rel);
    mkdirSync(dirname(out), { recursive: true });
    if (isTs) {
      const source = readFileSync(file, 'utf8');
      const result = await transform(source, {
        loader: 'ts',
        format: 'esm',
        target: 'node20.19',
        sourcefile: file,
        sourcemap: 'inline',
        sourcesContent: false,
      });
      writeFileSync(out, rewriteSpecifiers(result.code, out));
    } else if (/\.(mjs|js|cjs)$/u.test(file)) {
      writeFileSync(out, rewriteSpecifiers(readFileSync(file, 'utf8'), out));
    } else {
      writeFileSync(out, readFileSync(file));
    }
    count++;
  }
  writeFileSync(STAMP, `${new Date().toISOString()}\n`);
  return { count, ms: Date.now() - started };
}

/** Newest modification time under src/ (without the web app), package.json and the lockfile. */
export function newestSource() {
  let newest = Math.max(statSync(join(ROOT, 'package.json')).mtimeMs, statSync(join(ROOT, 'package-lock.json')).mtimeMs, statSync(fileURLToPath(import.meta.url)).mtimeMs);
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIP_DIRS.has(path)) walk(path);
      }
      newest = Math.max(newest, statSync(path).mtimeMs);
    }
  };
  walk(SRC);
  return newest;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  // --if-stale: only when dist/ is missing or older than the sources (as `npm start` does).
  const stale = () => {
    try {
      return statSync(STAMP).mtimeMs < newestSource();
    } catch {
      return true;
    }
  };
  if (!process.argv.includes('--if-stale') || stale()) {
    mkdirSync(OUT, { recursive: true });
    const { count, ms } = await buildServer();
    console.log(`Compiled the server: ${count} files into dist/ in ${ms} ms`);
  }
}
