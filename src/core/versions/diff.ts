/**
 * What versioned documents share to show a readable difference between two versions: a
 * longest-common-subsequence alignment of two lists, word-level marks inside a changed text,
 * a paragraph-list difference that pairs deletions with insertions as changes, and the
 * field-by-field comparison of a version's details (place, date…). The MoU (`mou/diff.ts`)
 * and the yearly plan (`plans/plan.ts`) build their differences from these. Pure.
 */

export interface WordOp {
  op: 'equal' | 'insert' | 'delete';
  text: string;
}

export type AlignStep = { op: 'equal'; a: number; b: number } | { op: 'delete'; a: number } | { op: 'insert'; b: number };

/** Longest common subsequence alignment of two lists: equal, delete and insert steps. */
export function align<T>(a: readonly T[], b: readonly T[], eq: (x: T, y: T) => boolean): AlignStep[] {
  const n = a.length;
  const m = b.length;
  const L: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      L[i]![j] = eq(a[i]!, b[j]!) ? L[i + 1]![j + 1]! + 1 : Math.max(L[i + 1]![j]!, L[i]![j + 1]!);
    }
  }
  const out: AlignStep[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (eq(a[i]!, b[j]!)) {
      out.push({ op: 'equal', a: i++, b: j++ });
    } else if (L[i + 1]![j]! >= L[i]![j + 1]!) {
      out.push({ op: 'delete', a: i++ });
    } else {
      out.push({ op: 'insert', b: j++ });
    }
  }
  while (i < n) out.push({ op: 'delete', a: i++ });
  while (j < m) out.push({ op: 'insert', b: j++ });
  return out;
}

/**
 * Word-level difference of two texts (whitespace kept with the words). A run of changed words
 * separated only by spaces reads as one struck phrase followed by one new phrase ("~~Ông
 * Nguyễn Đức Thắng,~~ Bà Vũ Thị Lan,"), not word against word: the spaces the two texts share
 * inside the run go to both sides, so the equal and deleted parts still spell the old text, and
 * the equal and inserted parts the new one.
 */
export function diffWords(before: string, after: string): WordOp[] {
  const tokens = (s: string) => s.split(/(\s+)/u).filter((t) => t !== '');
  const a = tokens(before);
  const b = tokens(after);
  const ops: WordOp[] = [];
  const push = (op: WordOp['op'], text: string) => {
    if (text === '') return;
    const last = ops[ops.length - 1];
    if (last && last.op === op) last.text += text;
    else ops.push({ op, text });
  };
  let del = '';
  let ins = '';
  let space = '';
  const inRun = () => del !== '' || ins !== '';
  const flush = () => {
    push('delete', del);
    push('insert', ins);
    push('equal', space);
    del = ins = space = '';
  };
  for (const step of align(a, b, (x, y) => x === y)) {
    if (step.op === 'equal') {
      const token = a[step.a]!;
      if (inRun() && /^\s+$/u.test(token)) {
        space += token;
        continue;
      }
      flush();
      push('equal', token);
      continue;
    }
    // Spaces shared inside a run belong to both phrases.
    if (space !== '') {
      del += space;
      ins += space;
      space = '';
    }
    if (step.op === 'delete') del += a[step.a]!;
    else ins += b[step.b]!;
  }
  flush();
  return ops;
}

/** One paragraph of a list added, removed or changed; `index` is 1-based (in the new list, or the old one for a removal). */
export interface ParagraphChange {
  index: number;
  change: 'added' | 'removed' | 'changed';
  before: string | null;
  after: string | null;
  /** Word by word, for 'changed'. */
  words: WordOp[];
}

/**
 * Two lists of paragraphs (clauses, goals): aligned, then each run of deletions followed by
 * insertions paired up as changes, so inserting a paragraph shows one addition, not every
 * later paragraph as changed.
 */
export function diffParagraphs(before: readonly string[], after: readonly string[]): ParagraphChange[] {
  const steps = align(before, after, (x, y) => x === y);
  const changes: ParagraphChange[] = [];
  let dels: number[] = [];
  let ins: number[] = [];
  const flush = () => {
    const pairs = Math.min(dels.length, ins.length);
    for (let k = 0; k < pairs; k++) {
      const b = before[dels[k]!]!;
      const a = after[ins[k]!]!;
      changes.push({ index: ins[k]! + 1, change: 'changed', before: b, after: a, words: diffWords(b, a) });
    }
    for (const d of dels.slice(pairs)) changes.push({ index: d + 1, change: 'removed', before: before[d]!, after: null, words: [] });
    for (const i of ins.slice(pairs)) changes.push({ index: i + 1, change: 'added', before: null, after: after[i]!, words: [] });
    dels = [];
    ins = [];
  };
  for (const s of steps) {
    if (s.op === 'equal') flush();
    else if (s.op === 'delete') dels.push(s.a);
    else ins.push(s.b);
  }
  flush();
  return changes;
}

/** A detail of a version that changed (place, date, a party's name…), as the reader sees it. */
export interface FieldChange {
  field: string;
  before: string;
  after: string;
}

/** The details that differ between two versions, in the order given; absent counts as empty. */
export function diffFields(pairs: readonly (readonly [field: string, before: string | null | undefined, after: string | null | undefined])[]): FieldChange[] {
  const out: FieldChange[] = [];
  for (const [field, x, y] of pairs) if ((x ?? '') !== (y ?? '')) out.push({ field, before: x ?? '', after: y ?? '' });
  return out;
}
