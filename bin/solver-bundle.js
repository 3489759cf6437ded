// `chungtay match solve` without the TypeScript loader: the solver's sources bundled once with
// esbuild into node_modules/.cache/chungtay (rebuilt when a source is newer), then imported as
// plain JavaScript. Saves the ~0.3 s tsx takes to start on every run. Returns false when the
// bundle cannot be made (no esbuild, read-only tree), and the caller falls back to tsx.
import { mkdirSync, readdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const entry = join(root, 'src/cli/match-solve-main.ts');
const bundle = join(root, 'node_modules/.cache/chungtay/match-solve.mjs');

/** Newest modification time of the sources the bundle is made of. */
function sourcesTime() {
  let newest = 0;
  for (const dir of ['src/core/matching', 'src/cli']) {
    for (const name of readdirSync(join(root, dir))) {
      if (name.endsWith('.ts')) newest = Math.max(newest, statSync(join(root, dir, name)).mtimeMs);
    }
  }
  return newest;
}

export async function runBundledSolve(file) {
  try {
    let fresh = false;
    try {
      fresh = statSync(bundle).mtimeMs >= sourcesTime();
    } catch {
      fresh = false;
    }
    if (!fresh) {
      const { build } = await import('esbuild');
      mkdirSync(dirname(bundle), { recursive: true });
      const out = await build({ entryPoints: [entry], bundle: true, platform: 'node', format: 'esm', write: false, logLevel: 'silent', absWorkingDir: root });
      // Written aside, then renamed: a run started meanwhile never reads half a file.
      const tmp = `${bundle}.${process.pid}.tmp`;
      writeFileSync(tmp, out.outputFiles[0].contents);
      renameSync(tmp, bundle);
    }
  } catch {
    return false;
  }
  const { solveFile } = await import(pathToFileURL(bundle).href);
  solveFile(file);
  return true;
}
