/**
 * The npm packages `linear-sum-assignment` and `munkres-js` on the `match solve` JSON format
 * (benchmark only; dense, every capacity 1, complete cost matrix).
 *
 *   node bench/matching/npm_solve.mjs lsa|munkres FILE.json
 *
 * Prints {"matched": N, "totalCost": X}. Plain JavaScript, so that the packages are timed
 * without a TypeScript loader's start-up.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { linearSumAssignment } from 'linear-sum-assignment';

const [which, file] = process.argv.slice(2);
if ((which !== 'lsa' && which !== 'munkres') || !file) {
  console.error('usage: npm_solve.mjs lsa|munkres FILE.json');
  process.exit(2);
}
/** @type {{ left: { id: string }[], right: { id: string }[], edges: { left: string, right: string, cost: number }[] }} */
const inst = JSON.parse(readFileSync(file, 'utf8'));
const li = new Map(inst.left.map((n, i) => [n.id, i]));
const ri = new Map(inst.right.map((n, j) => [n.id, j]));
const nL = inst.left.length;
const nR = inst.right.length;
// Forbidden pairs get a prohibitive (finite) cost: neither package accepts Infinity.
const matrix = Array.from({ length: nL }, () => new Array(nR).fill(1e15));
for (const e of inst.edges) matrix[li.get(e.left)][ri.get(e.right)] = e.cost;

/** @type {[number, number][]} */
let pairs;
if (which === 'lsa') {
  const res = linearSumAssignment(matrix, { maximaze: false });
  pairs = [];
  res.rowAssignments.forEach((j, i) => {
    if (j >= 0) pairs.push([i, j]);
  });
} else {
  const munkres = createRequire(import.meta.url)('munkres-js');
  pairs = munkres(matrix);
}
let total = 0;
for (const [i, j] of pairs) total += matrix[i][j];
console.log(JSON.stringify({ matched: pairs.length, totalCost: total }));
