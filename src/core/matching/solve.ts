/**
 * Best-overall pairing: a maximum-cardinality, minimum-cost b-matching.
 *
 * Each school has a capacity (most partners), each allowed pair an edge with a cost, and each
 * edge is used at most once. Among all pairings with the largest possible number of pairs,
 * `solveAssignment` returns one of least total cost. Exactly optimal, not greedy.
 *
 * ## How
 * Min-cost flow by successive shortest paths with Dijkstra on reduced costs (Johnson
 * potentials), one unit of capacity of one "row" school at a time (Hungarian / Jonker–Volgenant
 * style: each search stops as soon as the nearest school with spare capacity is settled).
 *
 * - Maximum cardinality first: think of an extra "unpaired" partner that every row school may
 *   use at a huge cost. Each unit then augments along a lexicographically shortest path:
 *   to a real free partner if one is reachable (the shortest such path), otherwise the unit
 *   stays unpaired, but it may take the place of a reachable paired school k when the
 *   alternating path to k is cheaper (the cost of the "unpaired" edge is the same for
 *   everyone, so only the real part decides). A unit that cannot reach a free partner never
 *   will later (the reachable set of a stuck school is closed), so these are the only cases.
 *   Successive shortest paths from any source keep the residual graph free of negative
 *   cycles; at the end every unit is routed, so the result is optimal for the pair
 *   (number unpaired, real cost), which is what we want.
 * - Costs are shifted to be non-negative (a constant per pair: fine, every pairing of the
 *   same size shifts by the same amount), so the initial potentials 0 are feasible.
 * - Exactness: when every cost is a decimal with at most 15 fractional digits and the scaled
 *   range fits comfortably in 2^53, costs are scaled to integers and all arithmetic is exact
 *   (doubles hold integers exactly). `totalCost` is then the exact scaled sum divided by the
 *   scale, i.e. the double nearest to the true decimal sum. Otherwise (e.g. costs such as
 *   1/3 or 1e-30) the same algorithm runs in floating point with reduced costs clamped at 0.
 * - Speed: compressed sparse rows in typed arrays, an indexed binary heap, stamps instead of
 *   clearing arrays, no objects in the hot loops. Dense instances where every capacity is 1
 *   use a dense shortest-augmenting-path LAP (as in SciPy's `linear_sum_assignment`) on a
 *   Float64Array cost matrix. The side with the smaller total capacity is used as rows, so
 *   that rectangular instances seldom have stuck units (each stuck unit costs a full search).
 * - When both sides have the same total capacity, columns start reduced (potential = cheapest
 *   edge, as in Jonker–Volgenant): valid only if the result pairs every column, which is
 *   checked; otherwise the instance is solved again without it. Halves the search work on
 *   random instances. The dense engine also assigns each column to the row of its cheapest
 *   edge and, on a complete matrix, runs JV's augmenting row reduction, so that most rows are
 *   paired before any search (2000×2000: about half the time again); the sparse engine runs
 *   the same reduction over each row's edges when every capacity is 1 (20000×20000 with 20
 *   edges per row: about half the time).
 *
 * Pure: no I/O, no clock, deterministic.
 */
import { compileInstance, type CompiledInstance, type MatchingInstance } from './instance.ts';

export interface MatchPair {
  left: string;
  right: string;
  cost: number;
}

export interface MatchResult {
  /** Number of pairs: the largest that capacities and edges allow. */
  matched: number;
  /** Least total cost among pairings with `matched` pairs. */
  totalCost: number;
  /** Chosen pairs, ordered by left school then right school (input order). */
  pairs: MatchPair[];
}

export interface SolveOptions {
  /** Force an engine (tests); `auto` picks dense when it applies and pays off. */
  algorithm?: 'auto' | 'dense' | 'sparse';
}

/** Largest dense cost matrix we allocate (entries). 25M doubles = 200 MB. */
const DENSE_MAX_ENTRIES = 25_000_000;
/** Dense engine when at least this fraction of all pairs are edges. */
const DENSE_MIN_DENSITY = 0.3;
const MAX_DECIMALS = 15;
const POW10: number[] = [];
for (let i = 0, p = 1; i <= 22; i++, p *= 10) POW10.push(p);

/** Solves a raw instance (validated here; throws InvalidInstanceError) or a compiled one. */
export function solveAssignment(
  instance: MatchingInstance | CompiledInstance,
  options: SolveOptions = {},
): MatchResult {
  const c = compileInstance(instance);
  const { edges, totalCost } = solveToEdges(c, options);
  const pairs: MatchPair[] = new Array<MatchPair>(edges.length);
  const order = Array.from(edges).sort(
    (a, b) => c.edgeLeft[a]! - c.edgeLeft[b]! || c.edgeRight[a]! - c.edgeRight[b]!,
  );
  for (let k = 0; k < order.length; k++) {
    const e = order[k]!;
    pairs[k] = { left: c.leftIds[c.edgeLeft[e]!]!, right: c.rightIds[c.edgeRight[e]!]!, cost: c.edgeCost[e]! };
  }
  return { matched: pairs.length, totalCost, pairs };
}

export interface EdgeSolution {
  /** Indices (into the instance's edges) of the chosen edges, in no particular order. */
  edges: Int32Array;
  totalCost: number;
  /** Whether integer (exact) arithmetic was used. */
  exact: boolean;
  engine: 'dense' | 'sparse';
}

interface ScaledCosts {
  /** Non-negative working costs (shifted; integers in exact mode). */
  work: Float64Array;
  exact: boolean;
  /** exact mode: cost[e] === scaled[e] / scale where scaled = work + offset. */
  scale: number;
  offset: number;
}

function prepareCosts(cost: Float64Array, nodes: number): ScaledCosts {
  const m = cost.length;
  let d = 0;
  let ok = true;
  for (let e = 0; e < m && ok; e++) {
    const c = cost[e]!;
    if (Number.isInteger(c)) continue;
    let p = POW10[d]!;
    if (Math.round(c * p) / p === c) continue;
    for (;;) {
      d++;
      if (d > MAX_DECIMALS) {
        ok = false;
        break;
      }
      p = POW10[d]!;
      if (Math.round(c * p) / p === c) break;
    }
  }
  const work = new Float64Array(m);
  if (ok) {
    const scale = POW10[d]!;
    let min = Infinity;
    let max = -Infinity;
    for (let e = 0; e < m; e++) {
      const c = cost[e]!;
      const s = d === 0 ? c : Math.round(c * scale);
      if (d !== 0 && s / scale !== c) {
        ok = false;
        break;
      }
      work[e] = s;
      if (s < min) min = s;
      if (s > max) max = s;
    }
    const bound = 2 ** 53;
    if (ok && (m === 0 || (Math.abs(min) <= 2 ** 52 && Math.abs(max) <= 2 ** 52 && (max - min) * (nodes + 2) * 4 < bound))) {
      const offset = m === 0 ? 0 : min;
      for (let e = 0; e < m; e++) work[e] = work[e]! - offset;
      return { work, exact: true, scale, offset };
    }
  }
  let min = Infinity;
  for (let e = 0; e < m; e++) if (cost[e]! < min) min = cost[e]!;
  for (let e = 0; e < m; e++) work[e] = cost[e]! - min;
  return { work, exact: false, scale: 1, offset: 0 };
}

/** Solves and returns the chosen edge indices. */
export function solveToEdges(c: CompiledInstance, options: SolveOptions = {}): EdgeSolution {
  const nL = c.leftIds.length;
  const nR = c.rightIds.length;
  const m = c.edgeCost.length;
  const degL = new Int32Array(nL);
  const degR = new Int32Array(nR);
  for (let e = 0; e < m; e++) {
    degL[c.edgeLeft[e]!]!++;
    degR[c.edgeRight[e]!]!++;
  }
  const capL = new Int32Array(nL);
  const capR = new Int32Array(nR);
  let sumL = 0;
  let sumR = 0;
  let allOne = true;
  for (let i = 0; i < nL; i++) {
    const k = Math.min(c.leftCapacity[i]!, degL[i]!);
    capL[i] = k;
    sumL += k;
    if (k > 1) allOne = false;
  }
  for (let j = 0; j < nR; j++) {
    const k = Math.min(c.rightCapacity[j]!, degR[j]!);
    capR[j] = k;
    sumR += k;
    if (k > 1) allOne = false;
  }
  // Rows: the side with the smaller total capacity.
  const swap = sumR < sumL;
  const nRows = swap ? nR : nL;
  const nCols = swap ? nL : nR;
  const rowOf = swap ? c.edgeRight : c.edgeLeft;
  const colOf = swap ? c.edgeLeft : c.edgeRight;
  const rowCap = swap ? capR : capL;
  const colCap = swap ? capL : capR;

  const costs = prepareCosts(c.edgeCost, nL + nR);
  const algorithm = options.algorithm ?? 'auto';
  const entries = nRows * nCols;
  const denseOk = allOne && entries <= DENSE_MAX_ENTRIES;
  if (algorithm === 'dense' && !allOne) throw new Error('the dense engine needs every capacity to be 1');
  const useDense =
    algorithm === 'dense' || (algorithm === 'auto' && denseOk && m >= DENSE_MIN_DENSITY * entries && m > 0);
  // Column reduction pays off (about half the search work on random instances) but is only
  // valid when every column ends up saturated, which needs equal total capacities; checked
  // afterwards, and solved again without it when the pairing turns out not to be perfect.
  const sumRow = swap ? sumR : sumL;
  const sumCol = swap ? sumL : sumR;
  const tryReduce = sumRow === sumCol && m > 0;
  const run = (reduce: boolean) =>
    useDense
      ? solveDense(nRows, nCols, rowOf, colOf, costs.work, rowCap, reduce)
      : solveSparse(nRows, nCols, rowOf, colOf, costs.work, rowCap, colCap, reduce);
  let chosen = run(tryReduce);
  if (tryReduce && chosen.length !== sumCol) chosen = run(false);

  let totalCost: number;
  if (costs.exact) {
    let sum = 0;
    for (let k = 0; k < chosen.length; k++) sum += costs.work[chosen[k]!]!;
    sum += costs.offset * chosen.length;
    totalCost = Number.isSafeInteger(sum) ? sum / costs.scale : neumaierSum(c.edgeCost, chosen);
  } else {
    totalCost = neumaierSum(c.edgeCost, chosen);
  }
  if (Object.is(totalCost, -0)) totalCost = 0;
  return { edges: chosen, totalCost, exact: costs.exact, engine: useDense ? 'dense' : 'sparse' };
}

function neumaierSum(cost: Float64Array, chosen: Int32Array): number {
  let sum = 0;
  let comp = 0;
  for (let k = 0; k < chosen.length; k++) {
    const x = cost[chosen[k]!]!;
    const t = sum + x;
    if (Math.abs(sum) >= Math.abs(x)) comp += sum - t + x;
    else comp += x - t + sum;
    sum = t;
  }
  return sum + comp;
}

/**
 * Dense shortest augmenting path LAP (Crouse 2016, as in SciPy), all capacities 1.
 * Forbidden pairs cost +Infinity. Reduced cost of (i, j): C[i][j] - u[i] - v[j] ≥ 0.
 */
function solveDense(
  nr: number,
  nc: number,
  rowOf: Int32Array,
  colOf: Int32Array,
  work: Float64Array,
  rowCap: Int32Array,
  reduceColumns: boolean,
): Int32Array {
  const m = work.length;
  const C = new Float64Array(nr * nc).fill(Infinity);
  const edgeAt = new Int32Array(nr * nc);
  for (let e = 0; e < m; e++) {
    const k = rowOf[e]! * nc + colOf[e]!;
    C[k] = work[e]!;
    edgeAt[k] = e;
  }
  const u = new Float64Array(nr);
  const v = new Float64Array(nc);
  const col4row = new Int32Array(nr).fill(-1);
  const row4col = new Int32Array(nc).fill(-1);
  const path = new Int32Array(nc).fill(-1);
  const spc = new Float64Array(nc);
  const remaining = new Int32Array(nc);
  const SR = new Int32Array(nr);
  const SC = new Int32Array(nc);
  if (reduceColumns) {
    // v = column minima (see solveSparse's reduceColumns: exact when every column ends paired)
    v.fill(Infinity);
    const argRow = new Int32Array(nc).fill(-1);
    for (let i = 0; i < nr; i++) {
      if (rowCap[i] === 0) continue;
      const base = i * nc;
      for (let j = 0; j < nc; j++) {
        if (C[base + j]! < v[j]!) {
          v[j] = C[base + j]!;
          argRow[j] = i;
        }
      }
    }
    // Jonker–Volgenant's column reduction also assigns: each column to the row where it
    // reaches its minimum, when that row is still free. Those edges are tight (reduced cost 0
    // with u = 0), so the partial pairing and the duals are a valid start for the augmenting
    // searches below, which then run only for the rows left free (about a third on random
    // instances).
    for (let j = 0; j < nc; j++) {
      if (v[j] === Infinity) {
        v[j] = 0;
        continue;
      }
      const i = argRow[j]!;
      if (col4row[i] === -1) {
        col4row[i] = j;
        row4col[j] = i;
      }
    }
    if (m === nr * nc) augmentingRowReduction(nr, nc, C, v, col4row, row4col);
    // Row duals: each row's least reduced cost. A row whose column is not (or no longer) at
    // that least cost is set free again, so every pair kept is tight and every reduced cost
    // is ≥ 0 — all the searches below need.
    for (let i = 0; i < nr; i++) {
      const base = i * nc;
      let least = Infinity;
      for (let j = 0; j < nc; j++) {
        const r = C[base + j]! - v[j]!;
        if (r < least) least = r;
      }
      if (least === Infinity) continue;
      u[i] = least;
      const j = col4row[i]!;
      if (j !== -1 && C[base + j]! - v[j]! !== least) {
        row4col[j] = -1;
        col4row[i] = -1;
      }
    }
  }

  for (let cur = 0; cur < nr; cur++) {
    if (rowCap[cur] === 0 || col4row[cur] !== -1) continue;
    let minVal = 0;
    let i = cur;
    let numRem = nc;
    for (let it = 0; it < nc; it++) remaining[it] = nc - 1 - it;
    spc.fill(Infinity);
    let nSR = 0;
    let nSC = 0;
    let sink = -1;
    while (sink === -1) {
      SR[nSR++] = i;
      let lowest = Infinity;
      let index = -1;
      const base = i * nc;
      const ui = u[i]!;
      for (let it = 0; it < numRem; it++) {
        const j = remaining[it]!;
        let r = minVal + C[base + j]! - ui - v[j]!;
        if (r < minVal) r = minVal; // float noise only; exact mode never clamps
        let s = spc[j]!;
        if (r < s) {
          path[j] = i;
          spc[j] = s = r;
        }
        if (s < lowest || (s === lowest && row4col[j] === -1)) {
          lowest = s;
          index = it;
        }
      }
      if (lowest === Infinity) break; // no free column reachable
      minVal = lowest;
      const j = remaining[index]!;
      if (row4col[j] === -1) sink = j;
      else i = row4col[j]!;
      SC[nSC++] = j;
      remaining[index] = remaining[--numRem]!;
    }
    let drop = -1; // stuck: the row that stays unpaired, if not cur
    if (sink === -1) {
      // Cheapest alternating path from cur to a settled row k (real cost spc + u[cur] - u[k]).
      let best = 0;
      for (let k = 1; k < nSR; k++) {
        const row = SR[k]!;
        const real = spc[col4row[row]!]! + u[cur]! - u[row]!;
        if (real < best) {
          best = real;
          drop = row;
        }
      }
    }
    // Dual update (minVal is the last settled distance).
    u[cur] = u[cur]! + minVal;
    for (let k = 1; k < nSR; k++) {
      const row = SR[k]!;
      u[row] = u[row]! + minVal - spc[col4row[row]!]!;
    }
    for (let k = 0; k < nSC; k++) {
      const j = SC[k]!;
      v[j] = v[j]! - (minVal - spc[j]!);
    }
    if (sink === -1) {
      if (drop === -1) continue;
      sink = col4row[drop]!;
      col4row[drop] = -1;
    }
    // Augment.
    let j = sink;
    for (;;) {
      const row = path[j]!;
      row4col[j] = row;
      const h = col4row[row]!;
      col4row[row] = j;
      j = h;
      if (row === cur) break;
    }
  }
  let count = 0;
  for (let i = 0; i < nr; i++) if (col4row[i] !== -1) count++;
  const out = new Int32Array(count);
  count = 0;
  for (let i = 0; i < nr; i++) if (col4row[i] !== -1) out[count++] = edgeAt[i * nc + col4row[i]!]!;
  return out;
}

/**
 * Jonker–Volgenant's augmenting row reduction on a complete cost matrix (no forbidden pair):
 * each free row takes the column where its reduced cost C − v is least; when the second least
 * is higher, that column's v is lowered by the gap (the row stays at its least cost) and the
 * row it displaces is handled next. Two passes, as in LAPJV: most rows end up paired before
 * any shortest-path search, with v still a feasible dual. Changes v, col4row and row4col.
 */
function augmentingRowReduction(nr: number, nc: number, C: Float64Array, v: Float64Array, col4row: Int32Array, row4col: Int32Array) {
  if (nc < 2) return;
  let free = new Int32Array(nr);
  let numFree = 0;
  for (let i = 0; i < nr; i++) if (col4row[i] === -1) free[numFree++] = i;
  let next = new Int32Array(nr);
  for (let pass = 0; pass < 2 && numFree > 0; pass++) {
    let k = 0;
    const prev = numFree;
    numFree = 0;
    // Every step lowers a v or moves on; a bound keeps float corner cases from looping long.
    let budget = 50 * nr + 1000;
    while (k < prev && budget-- > 0) {
      const i = free[k++]!;
      const base = i * nc;
      let least = C[base]! - v[0]!;
      let j1 = 0;
      let second = Infinity;
      let j2 = -1;
      for (let j = 1; j < nc; j++) {
        const r = C[base + j]! - v[j]!;
        if (r < second) {
          if (r >= least) {
            second = r;
            j2 = j;
          } else {
            second = least;
            j2 = j1;
            least = r;
            j1 = j;
          }
        }
      }
      let i0 = row4col[j1]!;
      const lowered = least < second;
      if (lowered) v[j1] = v[j1]! - (second - least);
      else if (i0 !== -1 && j2 !== -1) {
        j1 = j2;
        i0 = row4col[j2]!;
      }
      if (i0 !== -1) {
        col4row[i0] = -1;
        if (lowered) free[--k] = i0;
        else next[numFree++] = i0;
      }
      col4row[i] = j1;
      row4col[j1] = i;
    }
    // Rows not reached within the budget stay free for the searches.
    while (k < prev) next[numFree++] = free[k++]!;
    [free, next] = [next, free];
  }
}

function unitCapacities(rowCap: Int32Array, colCap: Int32Array): boolean {
  for (let i = 0; i < rowCap.length; i++) if (rowCap[i]! > 1) return false;
  for (let j = 0; j < colCap.length; j++) if (colCap[j]! > 1) return false;
  return true;
}

/**
 * Augmenting row reduction on the sparse graph (every capacity 1, columns reduced): as
 * `augmentingRowReduction` for the dense engine, over each row's edges. Then every row's
 * potential is set from its least reduced cost, and a row whose edge is not at that least cost
 * is set free again, so that all residual reduced costs are ≥ 0 and every used edge is tight.
 * Changes the potentials in N, used, the column slots, spare and remaining.
 */
function sparseRowReduction(
  nr: number,
  nc: number,
  start: Int32Array,
  adjCol: Int32Array,
  adjW: Float64Array,
  N: Float64Array,
  used: Uint8Array,
  slotStart: Int32Array,
  slotEdge: Int32Array,
  slotPos: Int32Array,
  spare: Int32Array,
  remaining: Int32Array,
) {
  const edgeOfCol = new Int32Array(nc).fill(-1); // the used edge into each column
  const edgeOfRow = new Int32Array(nr).fill(-1);
  const rowOfEdge = new Int32Array(start[nr]!);
  for (let i = 0; i < nr; i++) for (let p = start[i]!; p < start[i + 1]!; p++) rowOfEdge[p] = i;
  const v = (j: number) => N[4 * (nr + j) + POT]!;
  let free = new Int32Array(nr);
  let numFree = 0;
  for (let i = 0; i < nr; i++) if (remaining[i]! > 0 && start[i + 1]! > start[i]!) free[numFree++] = i;
  let next = new Int32Array(nr);
  for (let pass = 0; pass < 2 && numFree > 0; pass++) {
    let k = 0;
    const prev = numFree;
    numFree = 0;
    let budget = 50 * nr + 1000;
    while (k < prev && budget-- > 0) {
      const i = free[k++]!;
      let least = Infinity;
      let p1 = -1;
      let second = Infinity;
      let p2 = -1;
      for (let p = start[i]!, end = start[i + 1]!; p < end; p++) {
        const r = adjW[p]! - v(adjCol[p]! - nr);
        if (r < second) {
          if (r >= least) {
            second = r;
            p2 = p;
          } else {
            second = least;
            p2 = p1;
            least = r;
            p1 = p;
          }
        }
      }
      if (p1 === -1) continue;
      let j1 = adjCol[p1]! - nr;
      let chosen = p1;
      const lowered = second !== Infinity && least < second;
      if (lowered) N[4 * (nr + j1) + POT] = v(j1) - (second - least);
      else if (edgeOfCol[j1] !== -1 && p2 !== -1) {
        chosen = p2;
        j1 = adjCol[p2]! - nr;
      }
      const q = edgeOfCol[j1]!;
      if (q !== -1) {
        const i0 = rowOfEdge[q]!;
        used[q] = 0;
        edgeOfRow[i0] = -1;
        remaining[i0] = 1;
        if (lowered) free[--k] = i0;
        else next[numFree++] = i0;
      } else {
        spare[nr + j1]!--;
      }
      used[chosen] = 1;
      edgeOfCol[j1] = chosen;
      edgeOfRow[i] = chosen;
      remaining[i] = 0;
      slotEdge[slotStart[j1]!] = chosen;
      slotPos[chosen] = slotStart[j1]!;
    }
    while (k < prev) next[numFree++] = free[k++]!;
    [free, next] = [next, free];
  }
  // Row potentials: π(row) = −(least reduced cost); an edge no longer at it is given up.
  for (let i = 0; i < nr; i++) {
    let least = Infinity;
    for (let p = start[i]!, end = start[i + 1]!; p < end; p++) {
      const r = adjW[p]! - v(adjCol[p]! - nr);
      if (r < least) least = r;
    }
    if (least === Infinity) continue;
    N[4 * i + POT] = -least;
    const p = edgeOfRow[i]!;
    if (p !== -1 && adjW[p]! - v(adjCol[p]! - nr) !== least) {
      const j = adjCol[p]! - nr;
      used[p] = 0;
      edgeOfCol[j] = -1;
      edgeOfRow[i] = -1;
      remaining[i] = 1;
      spare[nr + j]!++;
    }
  }
}

/**
 * Sparse successive shortest paths for b-matching. Nodes: rows 0..nr-1, columns nr..nr+nc-1.
 * Residual arcs: row → column over unused edges (reduced cost w + π(row) - π(col));
 * column → row over used edges (reduced cost -w + π(col) - π(row)); a column with spare
 * capacity reaches the sink at reduced cost 0 (its potential never moves: only settled nodes
 * move, and a free column is settled only as the target, at distance dt).
 *
 * Each unit of each row in turn: Dijkstra until the nearest column with spare capacity is
 * settled, then augment. Units that reach no free column are stuck for good and are handled
 * last with the swap rule (see the file comment).
 *
 * With `reduceColumns`, columns start with potential = their cheapest edge (JV column
 * reduction). Free columns then have unequal potentials, i.e. each column's sink arc gets its
 * own constant cost; that is exact only when every column ends saturated (every solution then
 * shifts by the same amount), which the caller checks.
 *
 * Memory layout for speed (the search is bound by cache misses): per node one 32-byte
 * record [potential, distance, mark, pred] so that relaxing an arc touches one cache line;
 * the heap keeps its keys next to its entries.
 */
const POT = 0;
const DIST = 1;
const MARK = 2;
const PRED = 3;

function solveSparse(
  nr: number,
  nc: number,
  rowOf: Int32Array,
  colOf: Int32Array,
  work: Float64Array,
  rowCap: Int32Array,
  colCap: Int32Array,
  reduceColumns: boolean,
): Int32Array {
  const m = work.length;
  const V = nr + nc;
  // CSR by row.
  const start = new Int32Array(nr + 1);
  for (let e = 0; e < m; e++) start[rowOf[e]! + 1]!++;
  for (let i = 0; i < nr; i++) start[i + 1] = start[i + 1]! + start[i]!;
  const fill = start.slice(0, nr);
  const adjCol = new Int32Array(m); // target node id (nr + column)
  const adjRow = new Int32Array(m);
  const adjW = new Float64Array(m);
  const adjEdge = new Int32Array(m);
  for (let e = 0; e < m; e++) {
    const r = rowOf[e]!;
    const p = fill[r]!++;
    adjCol[p] = nr + colOf[e]!;
    adjRow[p] = r;
    adjW[p] = work[e]!;
    adjEdge[p] = e;
  }
  const used = new Uint8Array(m);
  // Per column, the used edges (slots), packed at the start of its range.
  const slotStart = new Int32Array(nc + 1);
  for (let j = 0; j < nc; j++) slotStart[j + 1] = slotStart[j]! + colCap[j]!;
  const slotEdge = new Int32Array(slotStart[nc]!);
  const slotPos = new Int32Array(m);
  // Spare capacity per node id (rows unused here).
  const spare = new Int32Array(V);
  for (let j = 0; j < nc; j++) spare[nr + j] = colCap[j]!;

  const N = new Float64Array(4 * V);
  const heapNode = new Int32Array(V);
  const heapKey = new Float64Array(V);
  const hpos = new Int32Array(V);
  const settled = new Int32Array(V);
  const zstack = new Int32Array(V);
  let nSettled = 0;
  let hsize = 0;
  let phase = 0;
  let dt = 0;

  const siftUp = (x: number, k: number, d: number): void => {
    while (k > 0) {
      const parent = (k - 1) >> 1;
      if (heapKey[parent]! <= d) break;
      const y = heapNode[parent]!;
      heapNode[k] = y;
      heapKey[k] = heapKey[parent]!;
      hpos[y] = k;
      k = parent;
    }
    heapNode[k] = x;
    heapKey[k] = d;
    hpos[x] = k;
  };
  const popMin = (): number => {
    const top = heapNode[0]!;
    const n = --hsize;
    if (n > 0) {
      const last = heapNode[n]!;
      const d = heapKey[n]!;
      let k = 0;
      for (;;) {
        let child = 2 * k + 1;
        if (child >= n) break;
        let ck = heapKey[child]!;
        if (child + 1 < n) {
          const rk = heapKey[child + 1]!;
          if (rk < ck) {
            child++;
            ck = rk;
          }
        }
        if (ck >= d) break;
        const y = heapNode[child]!;
        heapNode[k] = y;
        heapKey[k] = ck;
        hpos[y] = k;
        k = child;
      }
      heapNode[k] = last;
      heapKey[k] = d;
      hpos[last] = k;
    }
    return top;
  };

  /**
   * Dijkstra from row s until a column with spare capacity is settled. Returns that column's
   * node id, or -1 when none is reachable. Leaves settled[0..nSettled) and sets dt.
   */
  const search = (s: number): number => {
    phase++;
    const seenMark = 2 * phase;
    const doneMark = seenMark + 1;
    nSettled = 0;
    hsize = 0;
    let zsize = 0;
    N[4 * s + MARK] = seenMark;
    N[4 * s + DIST] = 0;
    N[4 * s + PRED] = -1;
    zstack[zsize++] = s;
    for (;;) {
      let x: number;
      if (zsize > 0) x = zstack[--zsize]!;
      else if (hsize > 0) x = popMin();
      else return -1;
      const bx = 4 * x;
      const d = N[bx + DIST]!;
      N[bx + MARK] = doneMark;
      settled[nSettled++] = x;
      if (x < nr) {
        const px = N[bx + POT]!;
        for (let p = start[x]!, end = start[x + 1]!; p < end; p++) {
          if (used[p] === 1) continue;
          const y = adjCol[p]!;
          const by = 4 * y;
          const my = N[by + MARK]!;
          if (my === doneMark) continue;
          let rc = adjW[p]! + px - N[by + POT]!;
          if (rc < 0) rc = 0; // float noise only
          const nd = d + rc;
          if (my !== seenMark) {
            N[by + MARK] = seenMark;
            N[by + DIST] = nd;
            N[by + PRED] = p;
            if (rc === 0) {
              if (spare[y]! > 0) {
                // A free column at the current minimum distance: nothing can beat it.
                N[by + MARK] = doneMark;
                settled[nSettled++] = y;
                dt = d;
                return y;
              }
              zstack[zsize++] = y;
            } else {
              siftUp(y, hsize++, nd);
            }
          } else if (nd < N[by + DIST]!) {
            N[by + DIST] = nd;
            N[by + PRED] = p;
            siftUp(y, hpos[y]!, nd);
          }
        }
      } else {
        if (spare[x]! > 0) {
          dt = d;
          return x;
        }
        const px = N[bx + POT]!;
        const j = x - nr;
        for (let k = slotStart[j]!, end = slotStart[j + 1]! - spare[x]!; k < end; k++) {
          const p = slotEdge[k]!;
          const r = adjRow[p]!;
          const br = 4 * r;
          const mr = N[br + MARK]!;
          if (mr === doneMark) continue;
          let rc = px - N[br + POT]! - adjW[p]!;
          if (rc < 0) rc = 0;
          const nd = d + rc;
          if (mr !== seenMark) {
            N[br + MARK] = seenMark;
            N[br + DIST] = nd;
            N[br + PRED] = p;
            if (rc === 0) zstack[zsize++] = r;
            else siftUp(r, hsize++, nd);
          } else if (nd < N[br + DIST]!) {
            N[br + DIST] = nd;
            N[br + PRED] = p;
            siftUp(r, hpos[r]!, nd);
          }
        }
      }
    }
  };

  /** π(x) += dist(x) - dt for settled nodes (others keep theirs). */
  const updatePotentials = (): void => {
    for (let k = 0; k < nSettled; k++) {
      const bx = 4 * settled[k]!;
      N[bx + POT] = N[bx + POT]! + N[bx + DIST]! - dt;
    }
  };

  /** Flips the alternating path ending with edge p (p becomes used) back to its source. */
  const flipPath = (p: number): void => {
    for (;;) {
      used[p] = 1;
      const q = N[4 * adjRow[p]! + PRED]!;
      if (q < 0) return;
      used[q] = 0;
      const np = N[4 * adjCol[q]! + PRED]!;
      const pos = slotPos[q]!;
      slotEdge[pos] = np;
      slotPos[np] = pos;
      p = np;
    }
  };

  if (reduceColumns) {
    // π(col) = cheapest edge into it: every edge gets reduced cost ≥ 0 and each column one 0.
    for (let j = 0; j < nc; j++) N[4 * (nr + j) + POT] = Infinity;
    for (let p = 0; p < m; p++) {
      const b = 4 * adjCol[p]! + POT;
      if (adjW[p]! < N[b]!) N[b] = adjW[p]!;
    }
    for (let j = 0; j < nc; j++) if (N[4 * (nr + j) + POT] === Infinity) N[4 * (nr + j) + POT] = 0;
  }
  const remaining = Int32Array.from(rowCap);
  if (reduceColumns && unitCapacities(rowCap, colCap)) {
    sparseRowReduction(nr, nc, start, adjCol, adjW, N, used, slotStart, slotEdge, slotPos, spare, remaining);
  }
  const stuck: number[] = [];
  for (let s = 0; s < nr; s++) {
    while (remaining[s]! > 0) {
      const target = search(s);
      if (target < 0) {
        stuck.push(s);
        break;
      }
      updatePotentials();
      const p = N[4 * target + PRED]!;
      const pos = slotStart[target - nr]! + colCap[target - nr]! - spare[target]!--;
      slotEdge[pos] = p;
      slotPos[p] = pos;
      flipPath(p);
      remaining[s]!--;
    }
  }
  // Stuck units, one at a time: no free column is reachable from them, now or later. The unit
  // stays unpaired, or takes the place of a reachable paired row k when the alternating path
  // s → k has negative real cost (the cheapest such k).
  for (const s of stuck) {
    while (remaining[s]! > 0) {
      search(s);
      let drop = -1;
      let best = 0;
      const base = N[4 * s + POT]!;
      dt = 0;
      for (let k = 0; k < nSettled; k++) {
        const x = settled[k]!;
        const dx = N[4 * x + DIST]!;
        if (x < nr) {
          const real = dx - base + N[4 * x + POT]!; // real cost of the path s → x
          if (real < best) {
            best = real;
            drop = x;
          }
        }
        if (dx > dt) dt = dx;
      }
      updatePotentials();
      if (drop === -1) break; // nothing to gain: this row's further units are stuck too
      const q = N[4 * drop + PRED]!; // used edge (col → drop) that drop gives up
      used[q] = 0;
      const p = N[4 * adjCol[q]! + PRED]!;
      const pos = slotPos[q]!;
      slotEdge[pos] = p;
      slotPos[p] = pos;
      flipPath(p);
      remaining[s]!--;
    }
  }
  let count = 0;
  for (let p = 0; p < m; p++) count += used[p]!;
  const out = new Int32Array(count);
  count = 0;
  for (let p = 0; p < m; p++) if (used[p] === 1) out[count++] = adjEdge[p]!;
  return out;
}
