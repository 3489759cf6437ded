/**
 * Wish-stable pairing (nguyện vọng): no left school and right school would both rather be
 * paired with each other than keep what they have.
 *
 * Many-to-many deferred acceptance with capacities on both sides (hospitals/residents
 * generalised): left schools propose in their order of preference; each right school keeps
 * the best proposals up to its capacity and rejects the rest; a rejected or displaced left
 * school goes on proposing down its list. A pair is possible only when each school lists
 * the other (mutually acceptable). The result is left-optimal among stable pairings and has
 * no blocking pair (see {@link findBlockingPairs}).
 *
 * Pure: no I/O, no clock, deterministic.
 */
import { describeValue, InvalidInstanceError, MAX_LISTED_ISSUES, type InstanceIssue } from './instance.ts';

export interface StableNode {
  id: string;
  /** Most partners, positive integer, default 1. */
  capacity?: number;
  /** Ids of schools on the other side, most wished first. Unlisted schools are unacceptable. */
  preferences: string[];
}

export interface StableInstance {
  left: StableNode[];
  right: StableNode[];
}

export interface StablePair {
  left: string;
  right: string;
  /** 1-based rank of `right` in the left school's list, and of `left` in the right's. */
  leftRank: number;
  rightRank: number;
}

export interface StableResult {
  matched: number;
  /** Ordered by left school, then by the left school's preference. */
  pairs: StablePair[];
}

export interface BlockingPair {
  left: string;
  right: string;
}

interface Side {
  ids: string[];
  caps: Int32Array;
  index: Map<string, number>;
  /** prefs[i] = indices on the other side, in order. */
  prefs: Int32Array[];
  /** rank[i].get(other) = 0-based position in prefs[i]. */
  rank: Array<Map<number, number>>;
}

const SIDE_VI = { left: 'bên trái', right: 'bên phải' } as const;

/** Validates a stable-matching instance; returns problems (empty when valid). */
export function validateStableInstance(raw: unknown): InstanceIssue[] {
  const issues: InstanceIssue[] = [];
  const add = (path: string, message: string, messageVi: string) => {
    if (issues.length < MAX_LISTED_ISSUES) issues.push({ path, message, messageVi });
  };
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    add('', 'the instance must be an object {"left":[…],"right":[…]}', 'dữ liệu phải là một đối tượng {"left":[…],"right":[…]}');
    return issues;
  }
  const obj = raw as Record<string, unknown>;
  const ids: Record<'left' | 'right', Set<string>> = { left: new Set(), right: new Set() };
  for (const side of ['left', 'right'] as const) {
    const list = obj[side];
    if (!Array.isArray(list)) {
      add(side, `"${side}" must be an array`, `"${side}" phải là một mảng`);
      continue;
    }
    list.forEach((node: unknown, i) => {
      const path = `${side}[${i}]`;
      if (typeof node !== 'object' || node === null || Array.isArray(node)) {
        add(path, `each ${side} school must be an object`, `mỗi trường ${SIDE_VI[side]} phải là một đối tượng`);
        return;
      }
      const n = node as Record<string, unknown>;
      if (typeof n.id !== 'string' || n.id.length === 0) {
        add(`${path}.id`, `id must be a non-empty string (got ${describeValue(n.id)})`, `mã (id) phải là một chuỗi không rỗng`);
      } else if (ids[side].has(n.id)) {
        add(`${path}.id`, `duplicate ${side} id ${describeValue(n.id)}`, `mã ${describeValue(n.id)} bị trùng ở ${SIDE_VI[side]}`);
      } else {
        ids[side].add(n.id);
      }
      if (n.capacity !== undefined && (typeof n.capacity !== 'number' || !Number.isInteger(n.capacity) || n.capacity < 1)) {
        add(
          `${path}.capacity`,
          `capacity must be a positive integer (got ${describeValue(n.capacity)})`,
          `sức chứa (capacity) phải là số nguyên dương (nhận được ${describeValue(n.capacity)})`,
        );
      }
    });
  }
  for (const side of ['left', 'right'] as const) {
    const other = side === 'left' ? 'right' : 'left';
    const list = obj[side];
    if (!Array.isArray(list)) continue;
    list.forEach((node: unknown, i) => {
      if (typeof node !== 'object' || node === null) return;
      const prefs = (node as Record<string, unknown>).preferences;
      const path = `${side}[${i}].preferences`;
      if (!Array.isArray(prefs)) {
        add(path, `preferences must be an array of ${other} ids`, `nguyện vọng (preferences) phải là một mảng mã trường ${SIDE_VI[other]}`);
        return;
      }
      const seen = new Set<string>();
      prefs.forEach((p: unknown, k) => {
        if (typeof p !== 'string' || !ids[other].has(p)) {
          add(`${path}[${k}]`, `unknown ${other} id ${describeValue(p)}`, `mã ${describeValue(p)} không có trong danh sách ${SIDE_VI[other]}`);
        } else if (seen.has(p)) {
          add(`${path}[${k}]`, `${describeValue(p)} is listed twice`, `${describeValue(p)} được liệt kê hai lần`);
        } else {
          seen.add(p);
        }
      });
    });
  }
  return issues;
}

function buildSide(nodes: StableNode[], otherIndex: Map<string, number>): Omit<Side, 'index'> {
  return {
    ids: nodes.map((n) => n.id),
    caps: Int32Array.from(nodes, (n) => n.capacity ?? 1),
    prefs: nodes.map((n) => Int32Array.from(n.preferences, (id) => otherIndex.get(id)!)),
    rank: nodes.map((n) => new Map(n.preferences.map((id, k) => [otherIndex.get(id)!, k]))),
  };
}

function compile(instance: StableInstance): { L: Side; R: Side } {
  const issues = validateStableInstance(instance);
  if (issues.length > 0) throw new InvalidInstanceError(issues);
  const li = new Map(instance.left.map((n, i) => [n.id, i]));
  const ri = new Map(instance.right.map((n, i) => [n.id, i]));
  return {
    L: { ...buildSide(instance.left, ri), index: li },
    R: { ...buildSide(instance.right, li), index: ri },
  };
}

/** Left-proposing deferred acceptance with capacities on both sides. */
export function solveStable(instance: StableInstance): StableResult {
  const { L, R } = compile(instance);
  const nL = L.ids.length;
  const nR = R.ids.length;
  const next = new Int32Array(nL); // next position in the left's list to propose to
  const load = new Int32Array(nL); // partners currently held
  const held: number[][] = Array.from({ length: nR }, () => []); // lefts held by each right
  const queue: number[] = [];
  const queued = new Uint8Array(nL);
  for (let l = 0; l < nL; l++) {
    queue.push(l);
    queued[l] = 1;
  }
  while (queue.length > 0) {
    const l = queue.pop()!;
    queued[l] = 0;
    const prefs = L.prefs[l]!;
    while (load[l]! < L.caps[l]! && next[l]! < prefs.length) {
      const r = prefs[next[l]!]!;
      next[l] = next[l]! + 1;
      const rankL = R.rank[r]!.get(l);
      if (rankL === undefined) continue; // r does not accept l
      const h = held[r]!;
      if (h.length < R.caps[r]!) {
        h.push(l);
        load[l]!++;
        continue;
      }
      let worstPos = 0;
      let worstRank = -1;
      for (let k = 0; k < h.length; k++) {
        const rk = R.rank[r]!.get(h[k]!)!;
        if (rk > worstRank) {
          worstRank = rk;
          worstPos = k;
        }
      }
      if (rankL < worstRank) {
        const worst = h[worstPos]!;
        h[worstPos] = l;
        load[l]!++;
        load[worst]!--;
        if (!queued[worst]) {
          queued[worst] = 1;
          queue.push(worst);
        }
      }
    }
  }
  const byLeft: number[][] = Array.from({ length: nL }, () => []);
  for (let r = 0; r < nR; r++) for (const l of held[r]!) byLeft[l]!.push(r);
  const pairs: StablePair[] = [];
  for (let l = 0; l < nL; l++) {
    const rs = byLeft[l]!.sort((a, b) => L.rank[l]!.get(a)! - L.rank[l]!.get(b)!);
    for (const r of rs) {
      pairs.push({
        left: L.ids[l]!,
        right: R.ids[r]!,
        leftRank: L.rank[l]!.get(r)! + 1,
        rightRank: R.rank[r]!.get(l)! + 1,
      });
    }
  }
  return { matched: pairs.length, pairs };
}

/**
 * Pairs (l, r) not paired together, acceptable to both, where each either has spare
 * capacity or prefers the other to its least-wished current partner. Also throws when the
 * pairing itself is not feasible (unknown ids, repeated or unacceptable pairs, capacity
 * exceeded), so that a test cannot pass on a broken pairing.
 */
export function findBlockingPairs(
  instance: StableInstance,
  pairs: ReadonlyArray<{ left: string; right: string }>,
): BlockingPair[] {
  const { L, R } = compile(instance);
  const partnersL: Array<Set<number>> = L.ids.map(() => new Set());
  const partnersR: Array<Set<number>> = R.ids.map(() => new Set());
  for (const p of pairs) {
    const l = L.index.get(p.left);
    const r = R.index.get(p.right);
    if (l === undefined || r === undefined) throw new Error(`unknown pair ${p.left}–${p.right}`);
    if (partnersL[l]!.has(r)) throw new Error(`pair ${p.left}–${p.right} repeated`);
    if (!L.rank[l]!.has(r) || !R.rank[r]!.has(l)) throw new Error(`pair ${p.left}–${p.right} is not acceptable to both`);
    partnersL[l]!.add(r);
    partnersR[r]!.add(l);
  }
  const worstRank = (rank: Map<number, number>, partners: Set<number>): number => {
    let w = -1;
    for (const x of partners) w = Math.max(w, rank.get(x)!);
    return w;
  };
  L.ids.forEach((id, l) => {
    if (partnersL[l]!.size > L.caps[l]!) throw new Error(`left ${id} exceeds its capacity`);
  });
  R.ids.forEach((id, r) => {
    if (partnersR[r]!.size > R.caps[r]!) throw new Error(`right ${id} exceeds its capacity`);
  });
  const blocking: BlockingPair[] = [];
  for (let l = 0; l < L.ids.length; l++) {
    const lFree = partnersL[l]!.size < L.caps[l]!;
    const lWorst = worstRank(L.rank[l]!, partnersL[l]!);
    for (const r of L.prefs[l]!) {
      if (partnersL[l]!.has(r)) continue;
      const rankOfL = R.rank[r]!.get(l);
      if (rankOfL === undefined) continue;
      const lWants = lFree || L.rank[l]!.get(r)! < lWorst;
      if (!lWants) continue;
      const rFree = partnersR[r]!.size < R.caps[r]!;
      const rWants = rFree || rankOfL < worstRank(R.rank[r]!, partnersR[r]!);
      if (rWants) blocking.push({ left: L.ids[l]!, right: R.ids[r]! });
    }
  }
  return blocking;
}
