// Build the web app when dist/web is missing or older than its sources, so that
// `npm start` serves the current page without rebuilding on every start.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const newest = (dir) =>
  readdirSync(dir, { withFileTypes: true }).reduce((max, entry) => {
    const path = join(dir, entry.name);
    return Math.max(max, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }, 0);

const built = 'dist/web/index.html';
const sources = Math.max(newest('src/web'), newest('src/core'), statSync('vite.config.ts').mtimeMs, statSync('package-lock.json').mtimeMs);
if (!existsSync(built) || statSync(built).mtimeMs < sources) {
  console.log('Building the web app (vite build)…');
  execFileSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
  execFileSync(process.execPath, ['scripts/precompress.mjs'], { stdio: 'inherit' });
}
