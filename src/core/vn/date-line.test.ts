import { describe, expect, it } from 'vitest';
import {
  formatDateDmy,
  formatDocumentNumber,
  formatPlaceDateLine,
  formatVietnamDateTime,
  formatVietnameseDate,
} from './date-line.ts';

describe('formatPlaceDateLine (Decree 30 place-and-date line)', () => {
  it('writes the seed MoU date without leading zeros (day ≥ 10, month 3)', () => {
    expect(formatPlaceDateLine('Mê Linh', { year: 2023, month: 3, day: 13 })).toBe(
      'Mê Linh, ngày 13 tháng 3 năm 2023',
    );
  });

  it('pads days below 10 and months 1 and 2', () => {
    expect(formatVietnameseDate({ year: 2024, month: 2, day: 5 })).toBe('ngày 05 tháng 02 năm 2024');
    expect(formatVietnameseDate({ year: 2024, month: 1, day: 31 })).toBe('ngày 31 tháng 01 năm 2024');
    expect(formatVietnameseDate({ year: 2023, month: 3, day: 5 })).toBe('ngày 05 tháng 3 năm 2023');
    expect(formatVietnameseDate({ year: 2023, month: 2, day: 13 })).toBe('ngày 13 tháng 02 năm 2023');
  });

  it('never pads months 3 to 12 nor days 10 to 31', () => {
    for (let month = 3; month <= 12; month++) {
      expect(formatVietnameseDate({ year: 2023, month, day: 10 })).toBe(`ngày 10 tháng ${month} năm 2023`);
    }
    expect(formatVietnameseDate({ year: 2023, month: 12, day: 31 })).toBe('ngày 31 tháng 12 năm 2023');
    expect(formatVietnameseDate({ year: 2023, month: 10, day: 9 })).toBe('ngày 09 tháng 10 năm 2023');
  });

  it('normalises the place (NFC, spaces) and refuses an empty one', () => {
    const decomposed = 'Ha\u0300 Nô\u0323i'; // "Hà Nội" in NFD
    expect(formatPlaceDateLine(`  ${decomposed}  `, { year: 2024, month: 2, day: 29 })).toBe(
      'Hà Nội, ngày 29 tháng 02 năm 2024',
    );
    expect(() => formatPlaceDateLine('  ', { year: 2024, month: 1, day: 1 })).toThrow(RangeError);
  });

  it('refuses dates that do not exist', () => {
    expect(() => formatVietnameseDate({ year: 2023, month: 2, day: 29 })).toThrow(RangeError);
    expect(() => formatVietnameseDate({ year: 2023, month: 13, day: 1 })).toThrow(RangeError);
    expect(() => formatVietnameseDate({ year: 2023, month: 4, day: 31 })).toThrow(RangeError);
    expect(() => formatVietnameseDate({ year: 2023, month: 1, day: 0 })).toThrow(RangeError);
    expect(() => formatVietnameseDate({ year: 2023.5, month: 1, day: 1 })).toThrow(RangeError);
  });
});

describe('formatDocumentNumber', () => {
  it('pads to two digits', () => {
    expect(formatDocumentNumber(1, 'GN-THCP')).toBe('Số: 01/GN-THCP');
    expect(formatDocumentNumber(9, 'TB-THCP')).toBe('Số: 09/TB-THCP');
    expect(formatDocumentNumber(12, 'GN-THCP')).toBe('Số: 12/GN-THCP');
    expect(formatDocumentNumber(123, 'GN-THCP')).toBe('Số: 123/GN-THCP');
  });

  it('leaves a blank for a draft without a number', () => {
    expect(formatDocumentNumber(null, 'GN-THCP')).toMatch(/^Số:\s+\/GN-THCP$/u);
  });

  it('refuses bad numbers and symbols', () => {
    expect(() => formatDocumentNumber(0, 'GN')).toThrow(RangeError);
    expect(() => formatDocumentNumber(1.5, 'GN')).toThrow(RangeError);
    expect(() => formatDocumentNumber(1, ' ')).toThrow(RangeError);
  });
});

describe('other date formats', () => {
  it('dd/mm/yyyy', () => {
    expect(formatDateDmy({ year: 2023, month: 3, day: 13 })).toBe('13/03/2023');
  });

  it("shows instants in Vietnam's time (UTC+7)", () => {
    expect(formatVietnamDateTime('2023-03-13T02:30:00Z')).toBe('13/03/2023 09:30');
    expect(formatVietnamDateTime('2023-12-31T20:05:00Z')).toBe('01/01/2024 03:05');
    expect(formatVietnamDateTime(new Date('2023-03-13T09:30:00+07:00'))).toBe('13/03/2023 09:30');
    expect(() => formatVietnamDateTime('not a date')).toThrow(RangeError);
  });
});
