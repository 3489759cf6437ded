import { describe, expect, it } from 'vitest';
import { cleanText, compactSearchKey, compareVietnamese, foldForSearch } from './text.ts';
import { formatDate, formatDateTime, formatVnd, isoDateInHanoi } from './format.ts';

describe('Vietnamese text', () => {
  it('stores decomposed input as trimmed NFC with single spaces', () => {
    const nfd = '  Trường  TH Ái Mộ B '.normalize('NFD');
    expect(cleanText(nfd)).toBe('Trường TH Ái Mộ B'.normalize('NFC'));
    expect(cleanText(nfd)).toHaveLength('Trường TH Ái Mộ B'.length);
  });

  it('folds diacritics and case so that every spelling of a name finds it', () => {
    for (const query of ['ai mo b', 'Ái Mộ B', 'AI MO B']) {
      expect(foldForSearch('TH Ái Mộ B')).toContain(foldForSearch(query));
    }
    expect(compactSearchKey('TH Ái Mộ B')).toContain(compactSearchKey('aimob'));
    expect(foldForSearch('Đống Đa')).toBe('dong da');
  });

  it('sorts in Vietnamese order: Ái with A, Đ after D', () => {
    const names = ['Đông Anh', 'Ba Vì', 'Ái Mộ B', 'Dương Xá', 'An Khánh', 'Ễ'];
    expect([...names].sort(compareVietnamese)).toEqual([
      'Ái Mộ B',
      'An Khánh',
      'Ba Vì',
      'Dương Xá',
      'Đông Anh',
      'Ễ',
    ]);
  });
});

describe('Vietnamese formats', () => {
  it('shows dates as dd/mm/yyyy without time zone drift', () => {
    expect(formatDate('2023-03-13')).toBe('13/03/2023');
    expect(formatDate(new Date(Date.UTC(2023, 9, 25)))).toBe('25/10/2023');
  });

  it('shows times in Hanoi time', () => {
    expect(formatDateTime(new Date('2023-03-13T02:05:00Z'))).toBe('13/03/2023 09:05');
    expect(formatDateTime(new Date('2023-03-13T02:05:00Z'), 'UTC')).toBe('13/03/2023 02:05');
  });

  it("takes today's date in Hanoi, which starts at 17:00 UTC", () => {
    expect(isoDateInHanoi(new Date('2026-11-23T16:59:59Z'))).toBe('2026-11-23');
    expect(isoDateInHanoi(new Date('2026-11-23T17:00:00Z'))).toBe('2026-11-24');
  });

  it("gives the same day as the time-zone database, every six hours and around midnight, 1970–2100", () => {
    const tz = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' });
    for (let t = Date.UTC(1970, 0, 1); t < Date.UTC(2100, 0, 1); t += 6 * 3_600_000 + 1_000) {
      for (const at of [new Date(t), new Date(t - (t % 86_400_000) + 17 * 3_600_000 - 1), new Date(t - (t % 86_400_000) + 17 * 3_600_000)]) {
        expect(isoDateInHanoi(at)).toBe(tz.format(at));
      }
    }
  });

  it('shows money as 1.500.000 ₫', () => {
    expect(formatVnd(1_500_000).replace(/\u00a0/gu, ' ')).toBe('1.500.000 ₫');
  });
});
