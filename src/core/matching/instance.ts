/**
 * Raw pairing instances (the `match solve` JSON format) and their validation.
 *
 *   {"left":[{"id":"L1","capacity":1}],"right":[{"id":"R1","capacity":1}],
 *    "edges":[{"left":"L1","right":"R1","cost":12.5}]}
 *
 * - `capacity` is a positive integer, default 1: the most partners that school may get.
 * - `cost` is any finite number; a left–right pair without an edge is forbidden.
 * - Ids are non-empty strings, unique on their side (left and right are separate namespaces).
 *
 * Pure: no I/O, no clock. Validation never throws; it returns a list of problems, each naming
 * the offending item by its path (e.g. `edges[3].cost`) in English and in Vietnamese.
 */

export interface RawNode {
  id: string;
  capacity?: number;
}

export interface RawEdge {
  left: string;
  right: string;
  cost: number;
}

export interface MatchingInstance {
  left: RawNode[];
  right: RawNode[];
  edges: RawEdge[];
}

/** A problem found in an instance. `path` names the item, e.g. `edges[3].cost`. */
export interface InstanceIssue {
  path: string;
  message: string;
  messageVi: string;
}

/**
 * A validated instance in array form. Edge `e` keeps the index it had in the input.
 * Capacities are clamped to 2^31 - 1 (no school can use more partners than it has edges).
 */
export interface CompiledInstance {
  readonly kind: 'compiled';
  leftIds: string[];
  rightIds: string[];
  leftCapacity: Int32Array;
  rightCapacity: Int32Array;
  edgeLeft: Int32Array;
  edgeRight: Int32Array;
  edgeCost: Float64Array;
}

export type ValidationResult =
  | { ok: true; instance: CompiledInstance }
  | { ok: false; errors: InstanceIssue[] };

/** Thrown by `solveAssignment` when given an invalid raw instance. */
export class InvalidInstanceError extends Error {
  readonly errors: InstanceIssue[];
  constructor(errors: InstanceIssue[]) {
    super(
      `invalid pairing instance: ${errors
        .slice(0, 5)
        .map((e) => (e.path ? `${e.path}: ${e.message}` : e.message))
        .join('; ')}${errors.length > 5 ? ` (and ${errors.length - 5} more)` : ''}`,
    );
    this.name = 'InvalidInstanceError';
    this.errors = errors;
  }
}

/** At most this many issues are listed; the rest are summarised in one last issue. */
export const MAX_LISTED_ISSUES = 100;

const MAX_CAP = 0x7fffffff;

/** Short, safe rendering of an offending value for messages. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') {
    const s = value.length > 40 ? `${value.slice(0, 40)}…` : value;
    return JSON.stringify(s);
  }
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return typeof value;
}

function describeValueVi(value: unknown): string {
  if (value === undefined) return 'không có giá trị';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'một mảng';
  if (typeof value === 'object') return 'một đối tượng';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return describeValue(value);
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

class IssueList {
  readonly list: InstanceIssue[] = [];
  extra = 0;
  add(path: string, message: string, messageVi: string): void {
    if (this.list.length < MAX_LISTED_ISSUES) this.list.push({ path, message, messageVi });
    else this.extra++;
  }
  get count(): number {
    return this.list.length + this.extra;
  }
  result(): InstanceIssue[] {
    if (this.extra === 0) return this.list;
    return [
      ...this.list,
      {
        path: '',
        message: `… and ${this.extra} more problems`,
        messageVi: `… và ${this.extra} lỗi khác`,
      },
    ];
  }
}

const SIDE_VI = { left: 'bên trái', right: 'bên phải' } as const;

function readNodes(
  raw: unknown,
  side: 'left' | 'right',
  issues: IssueList,
): { ids: string[]; caps: Int32Array; index: Map<string, number> } | null {
  if (!Array.isArray(raw)) {
    issues.add(
      side,
      `"${side}" must be an array of {"id", "capacity"} objects (got ${describeValue(raw)})`,
      `"${side}" phải là một mảng các đối tượng {"id", "capacity"} (nhận được ${describeValueVi(raw)})`,
    );
    return null;
  }
  const ids: string[] = new Array<string>(raw.length);
  const caps = new Int32Array(raw.length);
  const index = new Map<string, number>();
  for (let i = 0; i < raw.length; i++) {
    const node: unknown = raw[i];
    const path = `${side}[${i}]`;
    ids[i] = '';
    if (!isPlainObject(node)) {
      issues.add(
        path,
        `each ${side} school must be an object like {"id":"S1","capacity":1} (got ${describeValue(node)})`,
        `mỗi trường ${SIDE_VI[side]} phải là một đối tượng dạng {"id":"S1","capacity":1} (nhận được ${describeValueVi(node)})`,
      );
      continue;
    }
    const id = node.id;
    if (typeof id !== 'string' || id.length === 0) {
      issues.add(
        `${path}.id`,
        `id must be a non-empty string (got ${describeValue(id)})`,
        `mã (id) phải là một chuỗi không rỗng (nhận được ${describeValueVi(id)})`,
      );
    } else {
      ids[i] = id;
      const first = index.get(id);
      if (first !== undefined) {
        issues.add(
          `${path}.id`,
          `duplicate ${side} id ${describeValue(id)} (already used by ${side}[${first}])`,
          `mã ${describeValue(id)} bị trùng ở ${SIDE_VI[side]} (đã dùng cho ${side}[${first}])`,
        );
      } else {
        index.set(id, i);
      }
    }
    const cap = node.capacity;
    if (cap === undefined) {
      caps[i] = 1;
    } else if (typeof cap !== 'number' || !Number.isInteger(cap) || cap < 1) {
      issues.add(
        `${path}.capacity`,
        `capacity of ${side} ${describeValue(id)} must be a positive integer (got ${describeValue(cap)})`,
        `sức chứa (capacity) của trường ${SIDE_VI[side]} ${describeValue(id)} phải là số nguyên dương (nhận được ${describeValueVi(cap)})`,
      );
    } else {
      caps[i] = cap > MAX_CAP ? MAX_CAP : cap;
    }
  }
  return { ids, caps, index };
}

/**
 * Finds edges that repeat an earlier (left, right) pair. Returns pairs [edge, firstEdge].
 * Linear time: counting sort by left, then a stamp per right.
 */
export function findDuplicateEdges(
  nLeft: number,
  nRight: number,
  edgeLeft: Int32Array,
  edgeRight: Int32Array,
  limit = Infinity,
): Array<[number, number]> {
  const m = edgeLeft.length;
  const start = new Int32Array(nLeft + 1);
  for (let e = 0; e < m; e++) start[edgeLeft[e]! + 1]!++;
  for (let i = 0; i < nLeft; i++) start[i + 1]! += start[i]!;
  const fill = start.slice(0, nLeft);
  const order = new Int32Array(m);
  for (let e = 0; e < m; e++) order[fill[edgeLeft[e]!]!++] = e;
  const stampRow = new Int32Array(nRight).fill(-1);
  const stampEdge = new Int32Array(nRight);
  const dups: Array<[number, number]> = [];
  for (let i = 0; i < nLeft; i++) {
    for (let p = start[i]!; p < start[i + 1]!; p++) {
      const e = order[p]!;
      const r = edgeRight[e]!;
      if (stampRow[r] === i) {
        dups.push([e, stampEdge[r]!]);
        if (dups.length >= limit) return dups;
      } else {
        stampRow[r] = i;
        stampEdge[r] = e;
      }
    }
  }
  dups.sort((a, b) => a[0] - b[0]);
  return dups;
}

/** Validates a raw instance (e.g. straight from `JSON.parse`) and compiles it to arrays. */
export function validateInstance(raw: unknown): ValidationResult {
  const issues = new IssueList();
  if (!isPlainObject(raw)) {
    issues.add(
      '',
      `the instance must be a JSON object {"left":[…],"right":[…],"edges":[…]} (got ${describeValue(raw)})`,
      `dữ liệu phải là một đối tượng JSON {"left":[…],"right":[…],"edges":[…]} (nhận được ${describeValueVi(raw)})`,
    );
    return { ok: false, errors: issues.result() };
  }
  const left = readNodes(raw.left, 'left', issues);
  const right = readNodes(raw.right, 'right', issues);
  const rawEdges = raw.edges;
  if (!Array.isArray(rawEdges)) {
    issues.add(
      'edges',
      `"edges" must be an array of {"left","right","cost"} objects (got ${describeValue(rawEdges)})`,
      `"edges" phải là một mảng các đối tượng {"left","right","cost"} (nhận được ${describeValueVi(rawEdges)})`,
    );
    return { ok: false, errors: issues.result() };
  }
  const m = rawEdges.length;
  const edgeLeft = new Int32Array(m);
  const edgeRight = new Int32Array(m);
  const edgeCost = new Float64Array(m);
  let edgesOk = true;
  for (let e = 0; e < m; e++) {
    const edge: unknown = rawEdges[e];
    const path = `edges[${e}]`;
    if (!isPlainObject(edge)) {
      issues.add(
        path,
        `each edge must be an object like {"left":"L1","right":"R1","cost":12.5} (got ${describeValue(edge)})`,
        `mỗi cạnh phải là một đối tượng dạng {"left":"L1","right":"R1","cost":12.5} (nhận được ${describeValueVi(edge)})`,
      );
      edgesOk = false;
      continue;
    }
    for (const side of ['left', 'right'] as const) {
      const id = edge[side];
      const nodes = side === 'left' ? left : right;
      if (typeof id !== 'string') {
        issues.add(
          `${path}.${side}`,
          `edge ${side} must be the id of a ${side} school (got ${describeValue(id)})`,
          `đầu ${SIDE_VI[side]} của cạnh phải là mã của một trường ${SIDE_VI[side]} (nhận được ${describeValueVi(id)})`,
        );
        edgesOk = false;
        continue;
      }
      if (!nodes) {
        edgesOk = false;
        continue;
      }
      const idx = nodes.index.get(id);
      if (idx === undefined) {
        issues.add(
          `${path}.${side}`,
          `unknown ${side} id ${describeValue(id)}`,
          `mã ${describeValue(id)} không có trong danh sách ${SIDE_VI[side]} ("${side}")`,
        );
        edgesOk = false;
      } else if (side === 'left') {
        edgeLeft[e] = idx;
      } else {
        edgeRight[e] = idx;
      }
    }
    const cost = edge.cost;
    if (typeof cost !== 'number' || !Number.isFinite(cost)) {
      issues.add(
        `${path}.cost`,
        `cost of edge ${describeValue(edge.left)} – ${describeValue(edge.right)} must be a finite number (got ${describeValue(cost)})`,
        `chi phí (cost) của cạnh ${describeValue(edge.left)} – ${describeValue(edge.right)} phải là một số hữu hạn (nhận được ${describeValueVi(cost)})`,
      );
      edgesOk = false;
    } else {
      edgeCost[e] = cost;
    }
  }
  if (!left || !right) return { ok: false, errors: issues.result() };
  if (edgesOk) {
    for (const [e, first] of findDuplicateEdges(left.ids.length, right.ids.length, edgeLeft, edgeRight, MAX_LISTED_ISSUES + 1)) {
      const l = left.ids[edgeLeft[e]!]!;
      const r = right.ids[edgeRight[e]!]!;
      issues.add(
        `edges[${e}]`,
        `duplicate edge ${describeValue(l)} – ${describeValue(r)} (already given at edges[${first}])`,
        `cạnh ${describeValue(l)} – ${describeValue(r)} bị trùng (đã có tại edges[${first}])`,
      );
    }
  }
  if (issues.count > 0) return { ok: false, errors: issues.result() };
  return {
    ok: true,
    instance: {
      kind: 'compiled',
      leftIds: left.ids,
      rightIds: right.ids,
      leftCapacity: left.caps,
      rightCapacity: right.caps,
      edgeLeft,
      edgeRight,
      edgeCost,
    },
  };
}

/** Validates and compiles, throwing {@link InvalidInstanceError} when invalid. */
export function compileInstance(raw: MatchingInstance | CompiledInstance): CompiledInstance {
  if (isCompiled(raw)) return raw;
  const v = validateInstance(raw);
  if (!v.ok) throw new InvalidInstanceError(v.errors);
  return v.instance;
}

export function isCompiled(x: unknown): x is CompiledInstance {
  return isPlainObject(x) && x.kind === 'compiled' && x.edgeCost instanceof Float64Array;
}

/** Back from arrays to the raw format (useful for tests and for saving runs). */
export function toRawInstance(c: CompiledInstance): MatchingInstance {
  return {
    left: c.leftIds.map((id, i) => ({ id, capacity: c.leftCapacity[i]! })),
    right: c.rightIds.map((id, i) => ({ id, capacity: c.rightCapacity[i]! })),
    edges: Array.from(c.edgeCost, (cost, e) => ({
      left: c.leftIds[c.edgeLeft[e]!]!,
      right: c.rightIds[c.edgeRight[e]!]!,
      cost,
    })),
  };
}
