import { beforeEach, describe, expect, it } from 'vitest';
import { cursorOfPage, forgetPages, listTotals, rememberPage } from './list-cursors.ts';

describe('the registry page’s cursors', () => {
  beforeEach(() => forgetPages());

  it('opens the next page by the cursor the page gave, and the previous one by the cursor it was opened with', () => {
    const list = 'limit=20';
    // Page 1 (no cursor needed) says where page 2 begins.
    rememberPage(list, 1, undefined, 'c1');
    expect(cursorOfPage(list, 2)).toBe('c1');
    // Page 2, opened by it, says where page 3 begins.
    rememberPage(list, 2, 'c1', 'c2');
    rememberPage(list, 3, 'c2', 'c3');
    expect(cursorOfPage(list, 4)).toBe('c3');
    // Back from page 3: page 2 by the cursor it was opened with; page 1 never needs one.
    expect(cursorOfPage(list, 2)).toBe('c1');
    expect(cursorOfPage(list, 1)).toBeUndefined();
  });

  it('opens by offset a page no neighbour told of (a jump), the last page, or another list’s page', () => {
    rememberPage('limit=20', 1, undefined, 'c1');
    expect(cursorOfPage('limit=20', 7)).toBeUndefined();
    expect(cursorOfPage('limit=50', 2)).toBeUndefined();
    expect(cursorOfPage('limit=20&sort=code', 2)).toBeUndefined();
    // The last page gives no `next`: nothing is remembered past it.
    rememberPage('limit=20&level=th', 1, undefined, null);
    expect(cursorOfPage('limit=20&level=th', 2)).toBeUndefined();
    // A page opened from a shared address (page 40 after a cursor) tells where page 41 begins.
    rememberPage('limit=20', 40, 'c39', 'c40');
    expect(cursorOfPage('limit=20', 40)).toBe('c39');
    expect(cursorOfPage('limit=20', 41)).toBe('c40');
    expect(cursorOfPage('limit=20', 39)).toBeUndefined();
  });

  it('counts the pages before a cursor into the total, and says "more than" in whole thousands while the next page stays reachable', () => {
    // By offset, the API's total is the list's.
    expect(listTotals(3, 20, undefined, 57, true)).toEqual({ pagerTotal: 57, shown: 57 });
    expect(listTotals(50, 20, undefined, 2000, false)).toEqual({ pagerTotal: 2000, shown: 2000 });
    // By cursor, the API counts from the page's first row: 980 schools come before page 50.
    expect(listTotals(50, 20, 'c49', 37, true)).toEqual({ pagerTotal: 1017, shown: 1017 });
    const deep = listTotals(50, 20, 'c49', 1000, false);
    expect(deep.shown).toBe(1000);
    // The pager still offers page 51 (its total passes the 1,000 rows of pages 1–50).
    expect(deep.pagerTotal).toBeGreaterThan(50 * 20);
    expect(listTotals(52, 20, 'c51', 1000, false)).toEqual({ pagerTotal: 2020, shown: 2000 });
  });
});
