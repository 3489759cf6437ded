// Start time and idle memory of the server: node bench/start.mjs tsx|dist DATA_DIR (an initialised data dir)
// → ms from spawning to the first 200 on /api/health, and the node process's RSS after 10 s idle.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
/* global performance, setTimeout, fetch */
const [mode, dataDir] = process.argv.slice(2);
const args = mode === 'tsx' ? ['bin/chungtay.js', 'serve'] : ['dist/cli/main.js', 'serve'];
const port = 3900 + Math.floor(Math.random() * 50);
const t = performance.now();
const child = spawn(process.execPath, args, { env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn' }, stdio: 'inherit' });
for (;;) {
  try {
    if ((await fetch(`http://127.0.0.1:${port}/api/health`)).ok) break;
  } catch {
    // not listening yet
  }
  await new Promise((r) => setTimeout(r, 10));
}
const ms = performance.now() - t;
await new Promise((r) => setTimeout(r, 10000));
const rss = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))[1];
console.log(`${mode}: first 200 on /api/health after ${ms.toFixed(0)} ms; idle RSS ${(rss / 1024).toFixed(0)} MB`);
child.kill('SIGTERM');
await new Promise((r) => child.once('exit', r));
