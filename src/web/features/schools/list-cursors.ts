/**
 * The registry page moves to the next and previous page by the list's cursor (`after`, the
 * `next` of the page before: docs/registry.md), so that a deep page is read from the name index
 * where the last one ended instead of walking `offset` schools again (~0.1 µs each: ~2 ms at
 * offset 20,000). A jump to a page number stays `offset`.
 *
 * What it remembers: for each list (its filters, order and page size), where the pages it has
 * seen begin — the `after` of a page opened by cursor, and the `next` of every page shown, which
 * is where the page after it begins. Kept for the tab's life (a few lists), so that "previous"
 * after a few "next" clicks, or coming back from a school, still finds its cursor.
 */
const MAX_LISTS = 20;
const starts = new Map<string, Map<number, string>>();

function startsOf(list: string): Map<number, string> {
  let m = starts.get(list);
  if (!m) {
    if (starts.size >= MAX_LISTS) starts.delete(starts.keys().next().value!);
    m = new Map();
    starts.set(list, m);
  }
  return m;
}

/** Page `page` of `list` was shown, opened after cursor `after` (if any); `next` is where the page after it begins (null: none, or not in name order). */
export function rememberPage(list: string, page: number, after: string | undefined, next: string | null | undefined): void {
  const m = startsOf(list);
  if (after && page > 1) m.set(page, after);
  if (next) m.set(page + 1, next);
}

/** The cursor that opens page `page` of `list`, when one of its neighbours told it; otherwise the page is read by `offset`. */
export function cursorOfPage(list: string, page: number): string | undefined {
  return page > 1 ? starts.get(list)?.get(page) : undefined;
}

/** Forget every list (tests). */
export function forgetPages(): void {
  starts.clear();
}

/**
 * What the page's pager and its "how many" line show. With a cursor the API counts from the
 * cursor on (decision 0029: `total` is then the schools from this page's first row, up to its
 * bound), so the pages before it are added: page `page` begins after `(page - 1) * limit` schools.
 * `pagerTotal` keeps the page after a bound reachable; `shown` is the number the line says: when
 * the count stopped at a bound, it is rounded down to whole thousands (still true: "more than").
 */
export function listTotals(page: number, limit: number, after: string | undefined, total: number, totalExact: boolean): { pagerTotal: number; shown: number } {
  const pagerTotal = (after ? (page - 1) * limit : 0) + total;
  const shown = totalExact || pagerTotal < 1000 ? pagerTotal : Math.floor(pagerTotal / 1000) * 1000;
  return { pagerTotal, shown };
}
