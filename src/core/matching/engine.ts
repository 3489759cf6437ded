/**
 * The pairing engine, as a department uses it: from school snapshots, wishes, weights and
 * constraints to proposed pairs with scores and reasons, in both modes, with the trade-off.
 *
 * 1. `buildProblem`: sides (e.g. inner city ↔ suburban and mountainous), capacities reduced by
 *    locked pairs and pairs the campaign already has, and one scored edge per allowed pair
 *    (same level, not forbidden, within the maximum distance).
 * 2. `solveProblem`: best overall (`solveAssignment`: most pairs, then least total cost, i.e.
 *    highest total score) and wish-stable (`solveStable` on preferences "wishes first, then
 *    the other allowed partners by score"); for each, the total score, the number of pairs,
 *    the blocking pairs and the wishes honoured.
 *
 * Steps are separate so that a caller can report progress between them. Pure, deterministic
 * (schools are taken in id order, ties broken by id). Invalid requests (a locked pair that
 * breaks a constraint, schools on both sides) throw `MatchingInputError`.
 */
import { DomainError } from '#src/core/errors.ts';
import type { AreaType } from '#src/core/registry/school.ts';
import {
  DEFAULT_DISTANCE_SCALE_KM,
  evaluatePair,
  indexSchool,
  scorePair,
  wishIndex,
  type EngineSchool,
  type ScoringContext,
  type PairEvaluation,
  type SchoolIndex,
  type Weights,
  type Wish,
} from './criteria.ts';
import type { CompiledInstance } from './instance.ts';
import { nearbyIndex } from './nearby.ts';
import { solveToEdges } from './solve.ts';
import { solveStable, type StableInstance } from './stable.ts';

export const MATCHING_MODES = ['optimal', 'stable'] as const;
export type MatchingMode = (typeof MATCHING_MODES)[number];

/** Two schools, in any order. */
export interface PairRef {
  a: string;
  b: string;
}

export interface EngineConstraints {
  /** Only schools of the same level are paired. */
  sameLevel: boolean;
  leftAreaTypes: AreaType[];
  rightAreaTypes: AreaType[];
  /** Most partners of a school on each side. */
  leftCapacity: number;
  rightCapacity: number;
  /** No pair further apart than this (schools without coordinates are not limited). */
  maxDistanceKm: number | null;
  /** No pair scoring less than this, out of 100 (locked pairs are kept whatever they score). */
  minScore?: number;
  /**
   * Best overall only: among the pairings with the most pairs, share partners out evenly —
   * every school of the side with capacity > 1 gets a first partner before any gets a second,
   * as far as the constraints allow — and only then the highest total score.
   */
  spread?: boolean;
  locked: PairRef[];
  forbidden: PairRef[];
  /** Pairs the campaign already has (live), among any schools. */
  existing: PairRef[];
  /** Schools already paired in the campaign: left out, or their capacity reduced. */
  alreadyPaired: 'exclude' | 'reduce';
}

export interface EngineInput {
  schools: EngineSchool[];
  wishes: Wish[];
  weights: Weights;
  constraints: EngineConstraints;
}

export class MatchingInputError extends DomainError {
  constructor(code: string, params: Record<string, string | number> = {}, field?: string) {
    super(code, 400, params, field);
  }
}

export type ExclusionReason = 'already-paired' | 'no-capacity' | 'not-on-a-side';

export interface Problem {
  left: SchoolIndex[];
  right: SchoolIndex[];
  /** Residual capacities (after locked and existing pairs), by position in left/right. */
  leftCap: number[];
  rightCap: number[];
  /** Allowed, scored pairs among schools with residual capacity: indices into left/right, score. */
  edgeCount: number;
  edgeLeft: Int32Array;
  edgeRight: Int32Array;
  edgeScore: Float64Array;
  ctx: ScoringContext;
  locked: { left: string; right: string; ev: PairEvaluation }[];
  excluded: { schoolId: string; reason: ExclusionReason }[];
  wishes: Wish[];
  spread: boolean;
}

const keyOf = (a: string, b: string) => (a < b ? `${a}|${b}` : `${b}|${a}`);

export function buildProblem(input: EngineInput): Problem {
  const c = input.constraints;
  const overlap = c.leftAreaTypes.filter((t) => c.rightAreaTypes.includes(t));
  if (overlap.length) throw new MatchingInputError('MATCHING_SIDES_OVERLAP', { areaType: overlap[0]! }, 'rightAreaTypes');
  if (!c.leftAreaTypes.length) throw new MatchingInputError('MATCHING_SIDE_EMPTY', {}, 'leftAreaTypes');
  if (!c.rightAreaTypes.length) throw new MatchingInputError('MATCHING_SIDE_EMPTY', {}, 'rightAreaTypes');

  const schools = [...input.schools].sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
  const byId = new Map(schools.map((s) => [s.id, s]));
  const sideOf = (s: EngineSchool): 'left' | 'right' | null =>
    c.leftAreaTypes.includes(s.areaType) ? 'left' : c.rightAreaTypes.includes(s.areaType) ? 'right' : null;

  const excluded: Problem['excluded'] = [];
  const existingPartners = new Map<string, Set<string>>();
  for (const p of c.existing) {
    for (const [x, y] of [
      [p.a, p.b],
      [p.b, p.a],
    ] as const) {
      if (!existingPartners.has(x)) existingPartners.set(x, new Set());
      existingPartners.get(x)!.add(y);
    }
  }

  const cap = new Map<string, number>();
  const left: EngineSchool[] = [];
  const right: EngineSchool[] = [];
  for (const s of schools) {
    const side = sideOf(s);
    if (!side) {
      excluded.push({ schoolId: s.id, reason: 'not-on-a-side' });
      continue;
    }
    const partners = existingPartners.get(s.id)?.size ?? 0;
    if (partners > 0 && c.alreadyPaired === 'exclude') {
      excluded.push({ schoolId: s.id, reason: 'already-paired' });
      continue;
    }
    cap.set(s.id, (side === 'left' ? c.leftCapacity : c.rightCapacity) - partners);
    (side === 'left' ? left : right).push(s);
  }

  const forbidden = new Set(c.forbidden.map((p) => keyOf(p.a, p.b)));
  const wishesOf = wishIndex(input.wishes.filter((w) => byId.has(w.schoolId) && byId.has(w.partnerId)));
  const scale = c.maxDistanceKm ?? DEFAULT_DISTANCE_SCALE_KM;
  const ctx: ScoringContext = { weights: input.weights, distanceScaleKm: scale };
  const index = new Map<string, SchoolIndex>();
  for (const s of [...left, ...right]) index.set(s.id, indexSchool(s, wishesOf.get(s.id)));

  // Locked pairs: kept as they are, each using one unit of both schools' capacity.
  const locked: Problem['locked'] = [];
  const lockedKeys = new Set<string>();
  const nameOf = (id: string) => byId.get(id)?.shortName ?? id;
  for (const p of c.locked) {
    const k = keyOf(p.a, p.b);
    if (lockedKeys.has(k)) continue;
    const a = byId.get(p.a);
    const b = byId.get(p.b);
    if (!a || !b) throw new MatchingInputError('MATCHING_LOCKED_NOT_SELECTED', { school: nameOf(!a ? p.a : p.b) }, 'locked');
    const sa = sideOf(a);
    const sb = sideOf(b);
    if (!sa || !sb || sa === sb) throw new MatchingInputError('MATCHING_LOCKED_SAME_SIDE', { left: a.shortName, right: b.shortName }, 'locked');
    if (!index.has(a.id) || !index.has(b.id)) {
      throw new MatchingInputError('MATCHING_LOCKED_ALREADY_PAIRED', { school: !index.has(a.id) ? a.shortName : b.shortName }, 'locked');
    }
    if (forbidden.has(k)) throw new MatchingInputError('MATCHING_LOCKED_FORBIDDEN', { left: a.shortName, right: b.shortName }, 'locked');
    if (existingPartners.get(a.id)?.has(b.id)) {
      throw new MatchingInputError('MATCHING_LOCKED_ALREADY_PAIRED', { school: a.shortName }, 'locked');
    }
    const [l, r] = sa === 'left' ? [a, b] : [b, a];
    for (const s of [l, r]) {
      const rest = cap.get(s.id)! - 1;
      if (rest < 0) throw new MatchingInputError('MATCHING_LOCKED_OVER_CAPACITY', { school: s.shortName }, 'locked');
      cap.set(s.id, rest);
    }
    lockedKeys.add(k);
    locked.push({ left: l.id, right: r.id, ev: evaluatePair(index.get(l.id)!, index.get(r.id)!, ctx) });
  }

  const activeLeft = left.filter((s) => cap.get(s.id)! > 0);
  const activeRight = right.filter((s) => cap.get(s.id)! > 0);
  for (const s of [...left, ...right]) {
    if (cap.get(s.id)! <= 0 && !locked.some((p) => p.left === s.id || p.right === s.id)) excluded.push({ schoolId: s.id, reason: 'no-capacity' });
  }

  const minScore = c.minScore ?? 0;
  if (c.spread && c.leftCapacity > 1 && c.rightCapacity > 1) throw new MatchingInputError('MATCHING_SPREAD_ONE_SIDE', {}, 'spread');
  const li = activeLeft.map((s) => index.get(s.id)!);
  const ri = activeRight.map((s) => index.get(s.id)!);
  // Typed arrays grown by doubling: a city level has hundreds of thousands of allowed pairs.
  let size = 1024;
  let edgeLeft = new Int32Array(size);
  let edgeRight = new Int32Array(size);
  let edgeScore = new Float64Array(size);
  let m = 0;
  // With a maximum distance, only the schools near each left school are looked at.
  const near = nearbyIndex(
    ri.map((x) => x.school),
    li.map((x) => x.school),
    c.maxDistanceKm,
  );
  const candidates: number[] = [];
  for (let l = 0; l < li.length; l++) {
    const ls = li[l]!;
    const lPartners = existingPartners.get(ls.school.id);
    near.candidates(ls.school.latitude, ls.school.longitude, candidates);
    for (let k = 0; k < candidates.length; k++) {
      const r = candidates[k]!;
      const rs = ri[r]!;
      if (c.sameLevel && ls.school.level !== rs.school.level) continue;
      if (lPartners?.has(rs.school.id)) continue;
      if (forbidden.size || lockedKeys.size) {
        const k = keyOf(ls.school.id, rs.school.id);
        if (forbidden.has(k) || lockedKeys.has(k)) continue;
      }
      const { score, km } = scorePair(ls, rs, ctx);
      if (c.maxDistanceKm !== null && km !== null && km > c.maxDistanceKm) continue;
      if (score < minScore) continue;
      if (m === size) {
        size *= 2;
        const grow = <T extends Int32Array | Float64Array>(a: T, b: T) => (b.set(a), b);
        edgeLeft = grow(edgeLeft, new Int32Array(size));
        edgeRight = grow(edgeRight, new Int32Array(size));
        edgeScore = grow(edgeScore, new Float64Array(size));
      }
      edgeLeft[m] = l;
      edgeRight[m] = r;
      edgeScore[m] = score;
      m++;
    }
  }
  return {
    left: li,
    right: ri,
    leftCap: activeLeft.map((s) => cap.get(s.id)!),
    rightCap: activeRight.map((s) => cap.get(s.id)!),
    edgeCount: m,
    edgeLeft: edgeLeft.subarray(0, m),
    edgeRight: edgeRight.subarray(0, m),
    edgeScore: edgeScore.subarray(0, m),
    ctx,
    locked,
    excluded,
    wishes: input.wishes.filter((w) => byId.has(w.schoolId) && byId.has(w.partnerId)),
    spread: Boolean(c.spread),
  };
}

export interface ProposedPair {
  left: string;
  right: string;
  score: number;
  locked: boolean;
  evaluation: PairEvaluation;
}

export interface ModeOutcome {
  pairs: ProposedPair[];
  /** Pairs, locked ones included. */
  matched: number;
  /** Sum of the pairs' scores. */
  totalScore: number;
  averageScore: number;
  /** Pairs of schools that would both rather be together (preferences: wishes, then score). */
  blockingPairs: number;
  /** Wishes (school → wished partner) that the pairing fulfils, of `wishesTotal`. */
  wishesHonoured: number;
  wishesTotal: number;
  /** Pairs where both schools wished each other. */
  mutualWishes: number;
}

export interface EngineOutcome {
  optimal: ModeOutcome;
  stable: ModeOutcome;
  /** Schools with capacity left and no new partner, in the chosen mode. */
  leftCount: number;
  rightCount: number;
  edgeCount: number;
  excluded: Problem['excluded'];
}

/**
 * Preferences for the wish-stable mode: each school's allowed partners, its wishes first (in
 * its order), then the others by score, then by id. Returned as positions too, for counting
 * blocking pairs without rebuilding the lists.
 */
function preferences(p: Problem): { instance: StableInstance; leftRank: Int32Array; rightRank: Int32Array; byLeft: number[][] } {
  const m = p.edgeCount;
  const byLeft: number[][] = p.left.map(() => []);
  const byRight: number[][] = p.right.map(() => []);
  for (let e = 0; e < m; e++) {
    byLeft[p.edgeLeft[e]!]!.push(e);
    byRight[p.edgeRight[e]!]!.push(e);
  }
  const leftRank = new Int32Array(m);
  const rightRank = new Int32Array(m);
  // Wish ranks per edge, looked up once (the sort compares each edge many times).
  const leftWish = new Float64Array(m);
  const rightWish = new Float64Array(m);
  for (let e = 0; e < m; e++) {
    const l = p.left[p.edgeLeft[e]!]!;
    const r = p.right[p.edgeRight[e]!]!;
    leftWish[e] = l.wishes.size ? (l.wishes.get(r.school.id) ?? Infinity) : Infinity;
    rightWish[e] = r.wishes.size ? (r.wishes.get(l.school.id) ?? Infinity) : Infinity;
  }
  // Ties in score are broken by the partner's id: positions follow id order (schools are sorted by id).
  const order = (edges: number[], wish: Float64Array, otherPos: Int32Array, others: SchoolIndex[], rank: Int32Array): string[] => {
    edges.sort((x, y) => wish[x]! - wish[y]! || p.edgeScore[y]! - p.edgeScore[x]! || otherPos[x]! - otherPos[y]!);
    const ids = new Array<string>(edges.length);
    for (let k = 0; k < edges.length; k++) {
      rank[edges[k]!] = k;
      ids[k] = others[otherPos[edges[k]!]!]!.school.id;
    }
    return ids;
  };
  const instance: StableInstance = {
    left: p.left.map((s, i) => ({ id: s.school.id, capacity: p.leftCap[i]!, preferences: order(byLeft[i]!, leftWish, p.edgeRight, p.right, leftRank) })),
    right: p.right.map((s, i) => ({ id: s.school.id, capacity: p.rightCap[i]!, preferences: order(byRight[i]!, rightWish, p.edgeLeft, p.left, rightRank) })),
  };
  return { instance, leftRank, rightRank, byLeft };
}

/** The preferences the wish-stable mode uses (for checking its results with `findBlockingPairs`). */
export function stableInstanceOf(p: Problem): StableInstance {
  return preferences(p).instance;
}

/**
 * Number of blocking pairs of a pairing of the problem's edges (`chosen[e]` = 1): allowed pairs
 * not chosen where each school has room or prefers the other to its least-wished partner.
 * The same rule as `findBlockingPairs` (which the tests check it against), in linear time.
 */
function countBlocking(p: Problem, chosen: Uint8Array, leftRank: Int32Array, rightRank: Int32Array): number {
  const worstL = new Int32Array(p.left.length).fill(-1);
  const worstR = new Int32Array(p.right.length).fill(-1);
  const loadL = new Int32Array(p.left.length);
  const loadR = new Int32Array(p.right.length);
  for (let e = 0; e < p.edgeCount; e++) {
    if (!chosen[e]) continue;
    const l = p.edgeLeft[e]!;
    const r = p.edgeRight[e]!;
    loadL[l]!++;
    loadR[r]!++;
    if (leftRank[e]! > worstL[l]!) worstL[l] = leftRank[e]!;
    if (rightRank[e]! > worstR[r]!) worstR[r] = rightRank[e]!;
  }
  let blocking = 0;
  for (let e = 0; e < p.edgeCount; e++) {
    if (chosen[e]) continue;
    const l = p.edgeLeft[e]!;
    const r = p.edgeRight[e]!;
    const lWants = loadL[l]! < p.leftCap[l]! || leftRank[e]! < worstL[l]!;
    if (lWants && (loadR[r]! < p.rightCap[r]! || rightRank[e]! < worstR[r]!)) blocking++;
  }
  return blocking;
}

function outcomeOf(p: Problem, chosen: Uint8Array, ranks: { leftRank: Int32Array; rightRank: Int32Array }): ModeOutcome {
  const free: ProposedPair[] = [];
  for (let e = 0; e < p.edgeCount; e++) {
    if (!chosen[e]) continue;
    const l = p.left[p.edgeLeft[e]!]!;
    const r = p.right[p.edgeRight[e]!]!;
    const ev = evaluatePair(l, r, p.ctx);
    free.push({ left: l.school.id, right: r.school.id, score: ev.score, locked: false, evaluation: ev });
  }
  const pairs: ProposedPair[] = [
    ...p.locked.map((x) => ({ left: x.left, right: x.right, score: x.ev.score, locked: true, evaluation: x.ev })),
    ...free,
  ];
  const paired = new Set(pairs.map((x) => `${x.left}|${x.right}`));
  let wishesHonoured = 0;
  for (const w of p.wishes) if (paired.has(`${w.schoolId}|${w.partnerId}`) || paired.has(`${w.partnerId}|${w.schoolId}`)) wishesHonoured++;
  const totalScore = Math.round(pairs.reduce((s, x) => s + x.score, 0) * 100) / 100;
  return {
    pairs,
    matched: pairs.length,
    totalScore,
    averageScore: pairs.length ? Math.round((totalScore / pairs.length) * 100) / 100 : 0,
    blockingPairs: countBlocking(p, chosen, ranks.leftRank, ranks.rightRank),
    wishesHonoured,
    wishesTotal: p.wishes.length,
    mutualWishes: pairs.filter((x) => x.evaluation.leftWishRank !== null && x.evaluation.rightWishRank !== null).length,
  };
}

function compiledOf(p: Problem, edgeCost: Float64Array): CompiledInstance {
  return {
    kind: 'compiled',
    leftIds: p.left.map((s) => s.school.id),
    rightIds: p.right.map((s) => s.school.id),
    leftCapacity: Int32Array.from(p.leftCap),
    rightCapacity: Int32Array.from(p.rightCap),
    edgeLeft: p.edgeLeft,
    edgeRight: p.edgeRight,
    edgeCost,
  };
}

/**
 * Best overall with partners shared out evenly. The side whose schools may take several
 * partners is split into one node per unit of capacity, the k-th unit's edges costing
 * (k − 1) × P more, P being more than any pairing's whole cost: the solver still makes the most
 * pairs first, then uses as few second, third… units as it can (convex, so loads are as even
 * as the constraints allow), then the least cost. The other side has capacity 1, so no pair
 * can be chosen twice through two units. Returns the chosen edges of the problem.
 */
function solveSpread(p: Problem, edgeCost: Float64Array): Int32Array {
  const splitLeft = p.leftCap.some((c) => c > 1);
  const cap = splitLeft ? p.leftCap : p.rightCap;
  const ends = splitLeft ? p.edgeLeft : p.edgeRight;
  const firstUnit = new Int32Array(cap.length + 1);
  for (let i = 0; i < cap.length; i++) firstUnit[i + 1] = firstUnit[i]! + cap[i]!;
  const units = firstUnit[cap.length]!;
  const pairsAtMost = Math.min(
    p.leftCap.reduce((a, b) => a + b, 0),
    p.rightCap.reduce((a, b) => a + b, 0),
  );
  const penalty = 100 * (pairsAtMost + 1);
  let m = 0;
  for (let e = 0; e < p.edgeCount; e++) m += cap[ends[e]!]!;
  const uL = new Int32Array(m);
  const uR = new Int32Array(m);
  const uCost = new Float64Array(m);
  const origin = new Int32Array(m);
  let k = 0;
  for (let e = 0; e < p.edgeCount; e++) {
    const node = ends[e]!;
    for (let u = 0; u < cap[node]!; u++, k++) {
      const unit = firstUnit[node]! + u;
      uL[k] = splitLeft ? unit : p.edgeLeft[e]!;
      uR[k] = splitLeft ? p.edgeRight[e]! : unit;
      uCost[k] = edgeCost[e]! + u * penalty;
      origin[k] = e;
    }
  }
  const unitIds = Array.from({ length: units }, (_, i) => `u${i}`);
  const ones = new Int32Array(units).fill(1);
  const compiled: CompiledInstance = {
    kind: 'compiled',
    leftIds: splitLeft ? unitIds : p.left.map((s) => s.school.id),
    rightIds: splitLeft ? p.right.map((s) => s.school.id) : unitIds,
    leftCapacity: splitLeft ? ones : Int32Array.from(p.leftCap),
    rightCapacity: splitLeft ? Int32Array.from(p.rightCap) : ones,
    edgeLeft: uL,
    edgeRight: uR,
    edgeCost: uCost,
  };
  return solveToEdges(compiled).edges.map((x) => origin[x]!);
}

/** Both modes on one problem, with their trade-off. */
export function solveProblem(p: Problem): EngineOutcome {
  const m = p.edgeCount;
  // Least total cost = highest total score (the number of pairs is maximised first).
  const edgeCost = new Float64Array(m);
  for (let e = 0; e < m; e++) edgeCost[e] = Math.round((100 - p.edgeScore[e]!) * 100) / 100;
  const optimalChosen = new Uint8Array(m);
  for (const e of (p.spread ? solveSpread(p, edgeCost) : solveToEdges(compiledOf(p, edgeCost)).edges)) optimalChosen[e] = 1;

  const prefs = preferences(p);
  const stable = solveStable(prefs.instance);
  const leftPos = new Map(p.left.map((s, i) => [s.school.id, i]));
  const stableChosen = new Uint8Array(m);
  // The left school's list is byLeft in preference order: its rank-th entry is the edge.
  for (const x of stable.pairs) stableChosen[prefs.byLeft[leftPos.get(x.left)!]![x.leftRank - 1]!] = 1;

  return {
    optimal: outcomeOf(p, optimalChosen, prefs),
    stable: outcomeOf(p, stableChosen, prefs),
    leftCount: p.left.length,
    rightCount: p.right.length,
    edgeCount: m,
    excluded: p.excluded,
  };
}

/** The whole engine in one call (tests, the benchmark). */
export function runEngine(input: EngineInput): EngineOutcome {
  return solveProblem(buildProblem(input));
}
