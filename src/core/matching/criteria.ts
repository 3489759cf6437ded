/**
 * The pairing engine's criteria: how well two schools fit, from their profiles (strengths
 * meeting needs), their wishes, the distance between them and their sizes, weighted by the
 * department. Each criterion gives a part in [0, 1]; the score of a pair is the weighted mean
 * of the parts, in points out of 100 (two decimals, so that the solver's arithmetic is exact).
 *
 * Pure: no I/O, no clock.
 */
import type { AreaType } from '#src/core/registry/school.ts';

export const CRITERIA = ['complement', 'wishes', 'distance', 'size'] as const;
export type Criterion = (typeof CRITERIA)[number];

/** Importance of each criterion, 0 (ignored) to 10. */
export type Weights = Record<Criterion, number>;

export const DEFAULT_WEIGHTS: Weights = { complement: 5, wishes: 3, distance: 2, size: 1 };

/** A school ranks at most this many preferred partners; rank 1 gives a full wish part. */
export const MAX_WISHES = 5;

/** Distance at which the distance part reaches 0 (unless the run sets a maximum distance). */
export const DEFAULT_DISTANCE_SCALE_KM = 60;

export interface Capability {
  /** capability_area code, e.g. `english`. */
  area: string;
  /** 1–3. */
  level: number;
}

/** What the engine knows of a school: a snapshot taken when the run starts. */
export interface EngineSchool {
  id: string;
  name: string;
  shortName: string;
  level: string;
  areaType: AreaType;
  latitude: number | null;
  longitude: number | null;
  students: number | null;
  strengths: Capability[];
  needs: Capability[];
}

/** School `schoolId` wishes to be paired with `partnerId`, `rank` 1 being its first wish. */
export interface Wish {
  schoolId: string;
  partnerId: string;
  rank: number;
}

/** One strength of a school meeting one need of the other. */
export interface AreaMatch {
  /** The school that is strong (`left` or `right` of the pair). */
  giver: 'left' | 'right';
  area: string;
  strength: number;
  need: number;
}

/** Why a pair scored what it scored: enough to explain it later without the database. */
export interface PairEvaluation {
  /** Points out of 100, two decimals. */
  score: number;
  /** Points each criterion brought (they add up to the score, give or take rounding). */
  points: Record<Criterion, number>;
  matches: AreaMatch[];
  distanceKm: number | null;
  /** Rank of the right school in the left school's wishes, and the other way round. */
  leftWishRank: number | null;
  rightWishRank: number | null;
  students: [number | null, number | null];
}

const EARTH_RADIUS_KM = 6371.0088;
const toRad = (deg: number) => (deg * Math.PI) / 180;

/** Great-circle distance in kilometres (haversine). */
export function haversineKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const dLat = toRad(lat2 - lat1);
  const dLon = toRad(lon2 - lon1);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(toRad(lat1)) * Math.cos(toRad(lat2)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

export function distanceBetween(a: EngineSchool, b: EngineSchool): number | null {
  if (a.latitude === null || a.longitude === null || b.latitude === null || b.longitude === null) return null;
  return haversineKm(a.latitude, a.longitude, b.latitude, b.longitude);
}

const round2 = (x: number) => Math.round(x * 100) / 100;

/** Per-school lookups built once per run (a city has hundreds of thousands of candidate pairs). */
export interface SchoolIndex {
  school: EngineSchool;
  strength: Map<string, number>;
  needTotal: number;
  /** partner id → rank of this school's wish for it. */
  wishes: Map<string, number>;
}

export function indexSchool(school: EngineSchool, wishes: ReadonlyMap<string, number> = new Map()): SchoolIndex {
  return {
    school,
    strength: new Map(school.strengths.map((c) => [c.area, c.level])),
    needTotal: school.needs.reduce((s, c) => s + c.level, 0),
    wishes: new Map(wishes),
  };
}

/** school id → (partner id → rank). */
export function wishIndex(wishes: readonly Wish[]): Map<string, Map<string, number>> {
  const m = new Map<string, Map<string, number>>();
  for (const w of wishes) {
    let own = m.get(w.schoolId);
    if (!own) m.set(w.schoolId, (own = new Map()));
    own.set(w.partnerId, w.rank);
  }
  return m;
}

export interface ScoringContext {
  weights: Weights;
  distanceScaleKm: number;
}

const wishPart = (rank: number | null) => (rank === null || rank > MAX_WISHES ? 0 : (MAX_WISHES + 1 - rank) / MAX_WISHES);

function coveredOf(giver: SchoolIndex, taker: SchoolIndex): number {
  let covered = 0;
  for (const need of taker.school.needs) {
    const s = giver.strength.get(need.area);
    if (s !== undefined) covered += Math.min(s, need.level);
  }
  return covered;
}

/**
 * The parts of each criterion, in [0, 1]:
 *
 * - complement: the share of both schools' needs (weighted by need level) that the other's
 *   strengths cover, a strength of level s covering at most s of a need's level;
 * - wishes: the mean of both schools' wish parts (first wish 1, fifth 0.2, none 0);
 * - distance: 1 − km / scale, at least 0 (0 when a school has no coordinates);
 * - size: smaller / larger number of students (0 when unknown).
 */
function partsOf(left: SchoolIndex, right: SchoolIndex, ctx: ScoringContext) {
  const needTotal = left.needTotal + right.needTotal;
  const complement = needTotal > 0 ? (coveredOf(left, right) + coveredOf(right, left)) / needTotal : 0;
  const leftWishRank = left.wishes.get(right.school.id) ?? null;
  const rightWishRank = right.wishes.get(left.school.id) ?? null;
  const wishes = (wishPart(leftWishRank) + wishPart(rightWishRank)) / 2;
  const km = distanceBetween(left.school, right.school);
  const distance = km === null ? 0 : Math.max(0, 1 - km / ctx.distanceScaleKm);
  const a = left.school.students;
  const b = right.school.students;
  const size = a && b ? Math.min(a, b) / Math.max(a, b) : 0;
  return { complement, wishes, distance, size, km, leftWishRank, rightWishRank };
}

function scoreOfParts(p: { complement: number; wishes: number; distance: number; size: number }, w: Weights): number {
  const total = w.complement + w.wishes + w.distance + w.size;
  return total > 0 ? round2((100 * (w.complement * p.complement + w.wishes * p.wishes + w.distance * p.distance + w.size * p.size)) / total) : 0;
}

/** The score alone (the hot loop over every allowed pair); equal to `evaluatePair(…).score`. */
export function scorePair(left: SchoolIndex, right: SchoolIndex, ctx: ScoringContext): { score: number; km: number | null } {
  const p = partsOf(left, right, ctx);
  return { score: scoreOfParts(p, ctx.weights), km: p.km };
}

/** The score of the pair (left, right) and its reasons. */
export function evaluatePair(left: SchoolIndex, right: SchoolIndex, ctx: ScoringContext): PairEvaluation {
  const p = partsOf(left, right, ctx);
  const matches: AreaMatch[] = [];
  for (const [giver, from, to] of [
    ['left', left, right],
    ['right', right, left],
  ] as const) {
    for (const need of to.school.needs) {
      const s = from.strength.get(need.area);
      if (s !== undefined) matches.push({ giver, area: need.area, strength: s, need: need.level });
    }
  }
  const w = ctx.weights;
  const total = w.complement + w.wishes + w.distance + w.size;
  const pts = (weight: number, part: number) => (total > 0 ? round2((100 * weight * part) / total) : 0);
  return {
    score: scoreOfParts(p, w),
    points: {
      complement: pts(w.complement, p.complement),
      wishes: pts(w.wishes, p.wishes),
      distance: pts(w.distance, p.distance),
      size: pts(w.size, p.size),
    },
    matches,
    distanceKm: p.km === null ? null : Math.round(p.km * 10) / 10,
    leftWishRank: p.leftWishRank,
    rightWishRank: p.rightWishRank,
    students: [left.school.students, right.school.students],
  };
}
