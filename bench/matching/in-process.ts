/**
 * Solve time alone, in one process, on the same instance: our solver (from the parsed
 * instance) against the npm packages (from the cost matrix they need), the file read and the
 * matrix build left out. Median of `--runs` (default 5; 1 for the slow ones).
 *
 *   npx tsx bench/matching/in-process.ts FILE.json [--runs 5] [--munkres]
 *
 * Prints one JSON line: {"ours_ms","lsa_ms","munkres_ms"?,"agree"}.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { linearSumAssignment } from 'linear-sum-assignment';
import { parseInstanceText } from '#src/core/matching/parse.ts';
import { solveAssignment } from '#src/core/matching/solve.ts';

const args = process.argv.slice(2);
const file = args[0]!;
const runs = Number(args[args.indexOf('--runs') + 1] || 5) || 5;
const parsed = parseInstanceText(readFileSync(file));
if (!parsed.ok) throw new Error('invalid instance');
const inst = parsed.instance;
const raw = JSON.parse(readFileSync(file, 'utf8')) as { left: { id: string }[]; right: { id: string }[]; edges: { left: string; right: string; cost: number }[] };
const li = new Map(raw.left.map((n, i) => [n.id, i]));
const ri = new Map(raw.right.map((n, j) => [n.id, j]));
const matrix: number[][] = Array.from({ length: raw.left.length }, () => new Array<number>(raw.right.length).fill(1e15));
for (const e of raw.edges) matrix[li.get(e.left)!]![ri.get(e.right)!] = e.cost;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
function time<T>(n: number, fn: () => T): { ms: number; value: T } {
  const ms: number[] = [];
  let value!: T;
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    value = fn();
    ms.push(performance.now() - t);
  }
  return { ms: Math.round(median(ms) * 10) / 10, value };
}

const ours = time(runs, () => solveAssignment(inst));
const lsa = time(Math.min(runs, 3), () => linearSumAssignment(matrix, { maximaze: false }));
let lsaTotal = 0;
lsa.value.rowAssignments.forEach((j: number, i: number) => {
  if (j >= 0) lsaTotal += matrix[i]![j]!;
});
const out: Record<string, unknown> = { ours_ms: ours.ms, lsa_ms: lsa.ms, agree: Math.abs(lsaTotal - ours.value.totalCost) < 1e-6 * Math.max(1, Math.abs(lsaTotal)) };
if (args.includes('--munkres')) {
  const munkres = createRequire(import.meta.url)('munkres-js') as (m: number[][]) => [number, number][];
  out.munkres_ms = time(1, () => munkres(matrix.map((r) => [...r]))).ms;
}
console.log(JSON.stringify(out));
