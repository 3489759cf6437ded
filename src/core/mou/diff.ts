/**
 * A readable difference between two versions of an MoU's text: which article, which
 * clause, added, removed or changed, with the changed words marked. Articles are matched
 * by number; clauses (and the preamble's paragraphs) by a longest common subsequence, so
 * inserting a clause shows one addition, not every later clause as changed.
 *
 * `describeChanges` turns a difference into the sentences of a written notice
 * ("Bổ sung khoản 6 Điều 2 như sau: …").
 */
import { diffParagraphs as diffList, diffWords, type WordOp } from '#src/core/versions/diff.ts';
import type { MouArticle, MouContent } from './types.ts';

export { diffWords, type WordOp };

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

/** Paragraph lists (clauses, preamble), by the shared list difference (`versions/diff.ts`). */
function diffParagraphs(before: readonly string[], after: readonly string[], article: number | null, articleTitle?: string): MouChange[] {
  return diffList(before, after).map((c) => ({ article, clause: c.index, change: c.change, before: c.before, after: c.after, words: c.words, ...(articleTitle ? { articleTitle } : {}) }));
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

/**
 * The kind of notice a change of the text is: a supplement (bổ sung) only adds — bases,
 * articles or clauses — anything that changes or removes existing text is an amendment
 * (sửa đổi), whatever the sender picked, so the notice's title says what it proposes.
 */
export function noticeKindOf(before: MouContent, after: MouContent): 'amend' | 'supplement' {
  const changes = diffMou(before, after);
  return changes.length > 0 && changes.every((c) => c.change === 'added') ? 'supplement' : 'amend';
}
