/**
 * A readable difference between two versions of an MoU's text: which article, which
 * clause, added, removed or changed, with the changed words marked. Articles are matched
 * by number; clauses (and the preamble's paragraphs) by a longest common subsequence, so
 * inserting a clause shows one addition, not every later clause as changed.
 *
 * `describeChanges` turns a difference into the sentences of a written notice
 * ("Bổ sung khoản 6 Điều 2 như sau: …").
 */
import type { MouArticle, MouContent } from './types.ts';

export interface WordOp {
  op: 'equal' | 'insert' | 'delete';
  text: string;
}

export interface MouChange {
  /** null for the preamble ("Căn cứ…"). */
  article: number | null;
  /** The article's title when `clause` is null and `article` is set; 1-based otherwise. */
  clause: number | null;
  change: 'added' | 'removed' | 'changed';
  before: string | null;
  after: string | null;
  /** Word by word, for 'changed'. */
  words: WordOp[];
  /** The article's title (after the change, or before for a removal), for display. */
  articleTitle?: string;
}

/** Longest common subsequence alignment of two lists: equal, delete and insert steps. */
function align<T>(a: readonly T[], b: readonly T[], eq: (x: T, y: T) => boolean): ({ op: 'equal'; a: number; b: number } | { op: 'delete'; a: number } | { op: 'insert'; b: number })[] {
  const n = a.length;
  const m = b.length;
  const L: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      L[i]![j] = eq(a[i]!, b[j]!) ? L[i + 1]![j + 1]! + 1 : Math.max(L[i + 1]![j]!, L[i]![j + 1]!);
    }
  }
  const out: ({ op: 'equal'; a: number; b: number } | { op: 'delete'; a: number } | { op: 'insert'; b: number })[] = [];
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

/** Word-level difference of two texts (whitespace kept with the words). */
export function diffWords(before: string, after: string): WordOp[] {
  const tokens = (s: string) => s.split(/(\s+)/u).filter((t) => t !== '');
  const a = tokens(before);
  const b = tokens(after);
  const ops: WordOp[] = [];
  const push = (op: WordOp['op'], text: string) => {
    const last = ops[ops.length - 1];
    if (last && last.op === op) last.text += text;
    else ops.push({ op, text });
  };
  for (const step of align(a, b, (x, y) => x === y)) {
    if (step.op === 'equal') push('equal', a[step.a]!);
    else if (step.op === 'delete') push('delete', a[step.a]!);
    else push('insert', b[step.b]!);
  }
  return ops;
}

/** Paragraph lists (clauses, preamble): deletions followed by insertions pair up as changes. */
function diffParagraphs(before: readonly string[], after: readonly string[], article: number | null, articleTitle?: string): MouChange[] {
  const steps = align(before, after, (x, y) => x === y);
  const changes: MouChange[] = [];
  let dels: number[] = [];
  let ins: number[] = [];
  const flush = () => {
    const pairs = Math.min(dels.length, ins.length);
    for (let k = 0; k < pairs; k++) {
      const b = before[dels[k]!]!;
      const a = after[ins[k]!]!;
      changes.push({ article, clause: ins[k]! + 1, change: 'changed', before: b, after: a, words: diffWords(b, a), ...(articleTitle ? { articleTitle } : {}) });
    }
    for (const d of dels.slice(pairs)) {
      changes.push({ article, clause: d + 1, change: 'removed', before: before[d]!, after: null, words: [], ...(articleTitle ? { articleTitle } : {}) });
    }
    for (const i of ins.slice(pairs)) {
      changes.push({ article, clause: i + 1, change: 'added', before: null, after: after[i]!, words: [], ...(articleTitle ? { articleTitle } : {}) });
    }
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

/** Every difference between two versions, preamble first, then articles by number. */
export function diffMou(before: MouContent, after: MouContent): MouChange[] {
  const changes = diffParagraphs(before.preamble, after.preamble, null);
  const numbers = [...new Set([...before.articles, ...after.articles].map((a) => a.number))].sort((x, y) => x - y);
  for (const n of numbers) {
    const a = before.articles.find((x) => x.number === n);
    const b = after.articles.find((x) => x.number === n);
    if (a && b) {
      if (a.title !== b.title) {
        changes.push({ article: n, clause: null, change: 'changed', before: a.title, after: b.title, words: diffWords(a.title, b.title), articleTitle: b.title });
      }
      changes.push(...diffParagraphs(a.clauses, b.clauses, n, b.title));
    } else if (b) {
      changes.push({ article: n, clause: null, change: 'added', before: null, after: b.title, words: [], articleTitle: b.title });
      b.clauses.forEach((c, i) => changes.push({ article: n, clause: i + 1, change: 'added', before: null, after: c, words: [], articleTitle: b.title }));
    } else if (a) {
      changes.push({ article: n, clause: null, change: 'removed', before: a.title, after: null, words: [], articleTitle: a.title });
    }
  }
  return changes;
}

const clauseRef = (article: MouArticle | undefined, clause: number, n: number): string =>
  article && article.clauses.length <= 1 ? `Điều ${n}` : `khoản ${clause} Điều ${n}`;

const quoted = (article: MouArticle | undefined, clause: number, text: string): string =>
  article && article.clauses.length > 1 ? `"${clause}. ${text}"` : `"${text}"`;

/**
 * The proposed text of a written notice, one sentence per change, in the usual
 * wording of amendments: "Sửa đổi khoản 3 Điều 2 như sau: "3. …"", "Bổ sung khoản 6
 * Điều 2 như sau: …", "Bãi bỏ khoản 4 Điều 1.", "Bổ sung Điều 6. … như sau:".
 */
export function describeChanges(before: MouContent, after: MouContent): string[] {
  const lines: string[] = [];
  const changes = diffMou(before, after);
  const addedArticles = new Set(changes.filter((c) => c.clause === null && c.change === 'added').map((c) => c.article));
  const removedArticles = new Set(changes.filter((c) => c.clause === null && c.change === 'removed').map((c) => c.article));
  for (const c of changes) {
    if (c.article === null) {
      if (c.change === 'removed') lines.push(`Bãi bỏ căn cứ: "${c.before}"`);
      else lines.push(`${c.change === 'added' ? 'Bổ sung' : 'Sửa đổi'} căn cứ như sau: "${c.after}"`);
      continue;
    }
    const n = c.article;
    const b = before.articles.find((x) => x.number === n);
    const a = after.articles.find((x) => x.number === n);
    if (c.clause === null) {
      if (c.change === 'added') lines.push(`Bổ sung Điều ${n}. ${c.after} như sau:`);
      else if (c.change === 'removed') lines.push(`Bãi bỏ Điều ${n}. ${c.before}.`);
      else lines.push(`Sửa đổi tên Điều ${n} thành: "${c.after}".`);
      continue;
    }
    if (addedArticles.has(n)) {
      lines.push(quoted(a, c.clause, c.after ?? ''));
      continue;
    }
    if (removedArticles.has(n)) continue;
    if (c.change === 'added') lines.push(`Bổ sung ${clauseRef(a, c.clause, n)} như sau: ${quoted(a, c.clause, c.after ?? '')}`);
    else if (c.change === 'removed') lines.push(`Bãi bỏ ${clauseRef(b, c.clause, n)}.`);
    else lines.push(`Sửa đổi ${clauseRef(a, c.clause, n)} như sau: ${quoted(a, c.clause, c.after ?? '')}`);
  }
  return lines;
}
