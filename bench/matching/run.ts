/**
 * Pairing solver benchmark: whole-process wall time and peak RSS on the same JSON files.
 *
 *   npx tsx bench/matching/run.ts [--timeout 60] [--quick]
 *
 * Cases: dense 300×300, dense 2000×2000 (4M edges), sparse 20000×20000 with 20 edges per row
 * (a perfect matching always exists). Solvers: ours (`node bin/chungtay.js match solve`, which
 * runs the cached esbuild bundle of the solver), SciPy (python3 bench/matching/scipy_solve.py),
 * and the npm packages linear-sum-assignment and munkres-js (dense only; sparse 20000² would
 * need a 400M-entry matrix). Checks that every solver that finished found the same number of
 * pairs and the same optimal total cost. Prints a markdown table.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeInstance, type GenOptions } from './gen.ts';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const args = process.argv.slice(2);
const timeoutS = Number(args[args.indexOf('--timeout') + 1] || 60) || 60;
const quick = args.includes('--quick');
const work = join(tmpdir(), 'chungtay-bench-matching');
mkdirSync(work, { recursive: true });
const hasTime = existsSync('/usr/bin/time');
const hasTimeout = spawnSync('timeout', ['--version'], { stdio: 'ignore' }).status === 0;
const hasScipy = spawnSync('python3', ['-c', 'import scipy'], { stdio: 'ignore' }).status === 0;

interface Case {
  name: string;
  gen: GenOptions;
  kind: 'dense' | 'sparse';
}
const cases: Case[] = [
  { name: 'dense 300×300', gen: { mode: 'dense', n: 300, seed: 1 }, kind: 'dense' },
  { name: 'dense 2000×2000 (4M edges)', gen: { mode: 'dense', n: 2000, seed: 2 }, kind: 'dense' },
  { name: 'sparse 20000×20000, k=20', gen: { mode: 'sparse', n: 20000, k: 20, seed: 3 }, kind: 'sparse' },
];
if (quick) cases.splice(1, 2);

interface Run {
  wallS: number | null;
  rssMB: number | null;
  matched: number | null;
  totalCost: number | null;
  note: string;
}

function measure(cmd: string, cmdArgs: string[], nodeChild: boolean): Run {
  let argv = [cmd, ...cmdArgs];
  if (hasTimeout) argv = ['timeout', '-s', 'KILL', String(timeoutS), ...argv];
  if (!hasTime && nodeChild) argv.splice(argv.indexOf(cmd) + 1, 0, '--import', join(here, 'report-rss.mjs'));
  if (hasTime) argv = ['/usr/bin/time', '-v', ...argv];
  const t0 = performance.now();
  const r = spawnSync(argv[0]!, argv.slice(1), {
    cwd: root,
    maxBuffer: 1 << 30,
    timeout: (timeoutS + 10) * 1000,
    encoding: 'utf8',
  });
  const wall = (performance.now() - t0) / 1000;
  const stderr = r.stderr ?? '';
  const rssKB = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(stderr)?.[1] ?? /__MAXRSS_KB__=(\d+)/.exec(stderr)?.[1] ?? NaN);
  const rssMB = Number.isFinite(rssKB) ? rssKB / 1024 : null;
  const timedOut = r.status === 137 || r.status === 124 || r.signal === 'SIGTERM' || r.signal === 'SIGKILL' || /Command terminated by signal 9/.test(stderr);
  if (timedOut) return { wallS: null, rssMB, matched: null, totalCost: null, note: `stopped after ${timeoutS} s` };
  if (r.status !== 0) {
    const msg = stderr.split('\n').find((l) => /error|Error|Killed/.test(l)) ?? `exit ${r.status}`;
    return { wallS: null, rssMB, matched: null, totalCost: null, note: `failed: ${msg.trim().slice(0, 80)}` };
  }
  const out = JSON.parse(r.stdout) as { matched: number; totalCost: number };
  return { wallS: wall, rssMB, matched: out.matched, totalCost: out.totalCost, note: '' };
}

interface Row {
  caseName: string;
  solver: string;
  run: Run | null;
  skip?: string;
}
const rows: Row[] = [];
const t0 = performance.now();
for (const c of cases) {
  const file = join(work, `${c.gen.mode}-${c.gen.n}-${c.gen.k ?? 0}-${c.gen.seed}.json`);
  if (!existsSync(file)) {
    process.stderr.write(`generating ${c.name} → ${file}\n`);
    await writeInstance(file, c.gen);
  }
  const sizeMB = statSync(file).size / 1e6;
  const name = `${c.name} (${sizeMB.toFixed(0)} MB JSON)`;
  const add = (solver: string, fn: () => Run, skip?: string) => {
    if (skip) {
      rows.push({ caseName: name, solver, run: null, skip });
      return;
    }
    process.stderr.write(`${c.name}: ${solver} …\n`);
    rows.push({ caseName: name, solver, run: fn() });
  };
  // Once unmeasured, so that the solver's bundle is built (a first run after a change builds it).
  if (c === cases[0]) spawnSync('node', ['bin/chungtay.js', 'match', 'solve', file], { cwd: root, stdio: 'ignore', maxBuffer: 1 << 30 });
  add('chungtay match solve', () => measure('node', ['bin/chungtay.js', 'match', 'solve', file], true));
  const scipyName = c.kind === 'dense' ? 'SciPy linear_sum_assignment' : 'SciPy min_weight_full_bipartite_matching';
  add(scipyName, () => measure('python3', [join(here, 'scipy_solve.py'), file, c.kind], false), hasScipy ? undefined : 'python3 with scipy not found');
  const npmSkip = c.kind === 'sparse' ? 'dense-matrix only: 20000² = 400M entries' : undefined;
  add('npm linear-sum-assignment', () => measure('node', [join(here, 'npm_solve.mjs'), 'lsa', file], true), npmSkip);
  add(
    'npm munkres-js',
    () => measure('node', [join(here, 'npm_solve.mjs'), 'munkres', file], true),
    npmSkip ?? (c.gen.n > 1000 ? `O(n³) Munkres: ~3 s at n=300, so ≫ ${timeoutS} s at n=${c.gen.n}` : undefined),
  );
}

// Agreement per case.
const fmt = (x: number | null, d: number) => (x === null ? '—' : x.toFixed(d));
const lines = [
  '| case | solver | wall time (s) | peak RSS (MB) | pairs | total cost | agrees |',
  '|---|---|---:|---:|---:|---:|---|',
];
let allAgree = true;
for (const c of [...new Set(rows.map((r) => r.caseName))]) {
  const group = rows.filter((r) => r.caseName === c);
  const ref = group.find((r) => r.run?.totalCost != null)?.run;
  for (const r of group) {
    let agrees = '';
    if (r.run?.totalCost != null && ref) {
      const ok = r.run.matched === ref.matched && Math.abs(r.run.totalCost - ref.totalCost!) <= 1e-9 * Math.max(1, Math.abs(ref.totalCost!));
      agrees = ok ? 'yes' : '**NO**';
      if (!ok) allAgree = false;
    }
    const note = r.skip ? `skipped: ${r.skip}` : r.run?.note ?? '';
    lines.push(
      `| ${c} | ${r.solver} | ${r.run ? fmt(r.run.wallS, 2) : '—'} | ${r.run ? fmt(r.run.rssMB, 0) : '—'} | ${r.run?.matched ?? '—'} | ${r.run?.totalCost ?? '—'} | ${agrees}${note ? ` ${note}` : ''} |`,
    );
  }
}
console.log(lines.join('\n'));

// The solvers alone, in process (no process start, no file read), on the dense cases.
const solveLines = ['| case | ours (ms) | npm linear-sum-assignment (ms) | npm munkres-js (ms) | agree |', '|---|---:|---:|---:|---|'];
for (const c of cases.filter((x) => x.kind === 'dense')) {
  const file = join(work, `${c.gen.mode}-${c.gen.n}-${c.gen.k ?? 0}-${c.gen.seed}.json`);
  const r = spawnSync('node', ['--import', 'tsx', join(here, 'in-process.ts'), file, ...(c.gen.n <= 300 ? ['--munkres'] : [])], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 1 << 26,
    timeout: timeoutS * 3000,
  });
  if (r.status !== 0) {
    solveLines.push(`| ${c.name} | — | — | — | failed: ${(r.stderr ?? '').split('\n')[0]?.slice(0, 60)} |`);
    continue;
  }
  const x = JSON.parse(r.stdout) as { ours_ms: number; lsa_ms: number; munkres_ms?: number; agree: boolean };
  solveLines.push(`| ${c.name} | ${x.ours_ms} | ${x.lsa_ms} (${(x.lsa_ms / x.ours_ms).toFixed(0)}×) | ${x.munkres_ms ?? '—'} | ${x.agree ? 'yes' : '**NO**'} |`);
  if (!x.agree) allAgree = false;
}
console.log(`\nSolve time alone (median, in process):\n${solveLines.join('\n')}`);
console.log(
  `\nmachine: ${(await import('node:os')).cpus()[0]?.model ?? '?'} ×${(await import('node:os')).cpus().length}, node ${process.version}; ` +
    `peak RSS from ${hasTime ? '/usr/bin/time -v' : 'process.resourceUsage() in the child (node only)'}; bench took ${((performance.now() - t0) / 1000).toFixed(0)} s`,
);
if (!allAgree) {
  console.error('solvers disagree on the optimum');
  process.exitCode = 1;
}
