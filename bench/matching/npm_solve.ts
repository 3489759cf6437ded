/**
 * The npm packages `linear-sum-assignment` and `munkres-js` on the `match solve` JSON format
 * (benchmark only; dense, every capacity 1, complete cost matrix).
 *
 *   node --import tsx bench/matching/npm_solve.ts lsa|munkres FILE.json
 *
 * Prints {"matched": N, "totalCost": X}.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { linearSumAssignment } from 'linear-sum-assignment';
import type { MatchingInstance } from '#src/core/matching/instance.ts';

const [which, file] = process.argv.slice(2);
if ((which !== 'lsa' && which !== 'munkres') || !file) {
  console.error('usage: npm_solve.ts lsa|munkres FILE.json');
  process.exit(2);
}
const inst = JSON.parse(readFileSync(file, 'utf8')) as MatchingInstance;
const li = new Map(inst.left.map((n, i) => [n.id, i]));
const ri = new Map(inst.right.map((n, j) => [n.id, j]));
const nL = inst.left.length;
const nR = inst.right.length;
// Forbidden pairs get a prohibitive (finite) cost: neither package accepts Infinity.
const matrix: number[][] = Array.from({ length: nL }, () => new Array<number>(nR).fill(1e15));
for (const e of inst.edges) matrix[li.get(e.left)!]![ri.get(e.right)!] = e.cost;

let pairs: Array<[number, number]>;
if (which === 'lsa') {
  const res = linearSumAssignment(matrix, { maximaze: false });
  pairs = [];
  res.rowAssignments.forEach((j, i) => {
    if (j >= 0) pairs.push([i, j]);
  });
} else {
  const munkres = createRequire(import.meta.url)('munkres-js') as (m: number[][]) => Array<[number, number]>;
  pairs = munkres(matrix);
}
let total = 0;
for (const [i, j] of pairs) total += matrix[i]![j]!;
console.log(JSON.stringify({ matched: pairs.length, totalCost: total }));
