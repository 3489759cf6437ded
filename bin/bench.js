#!/usr/bin/env node
// `npm run bench`: runs each benchmark below in its own Node process (TypeScript through tsx).
// Add an entry point to the list to include it; pass names to run only some: npm run bench -- registry
import { spawnSync } from 'node:child_process';

const BENCHES = ['bench/http.ts', 'bench/requests.ts', 'bench/admin-units.ts', 'bench/registry-import.ts', 'bench/mou-render.ts', 'bench/matching/run.ts', 'bench/matching-city.ts', 'bench/ledger-verify.ts', 'bench/reminder-sweep.ts', 'bench/portal.ts', 'bench/plans.ts', 'bench/audit-log.ts', 'bench/scale.ts'];

const only = process.argv.slice(2);
let failed = 0;
for (const file of BENCHES) {
  if (only.length && !only.some((o) => file.includes(o))) continue;
  console.log(`\n▶ ${file}`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', file], { stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
