import { describe, expect, it } from 'vitest';
import { isPhoneNumber } from './phone.ts';

describe('isPhoneNumber', () => {
  it('accepts numbers as Vietnamese schools write them', () => {
    for (const v of ['024 3977 9824', '0912.345.678', '+84 912 345 678', '(024) 3826-1234', '0243977982']) {
      expect(isPhoneNumber(v), v).toBe(true);
    }
  });
  it('refuses words, too few digits and letters mixed in', () => {
    for (const v of ['xyz', '123', '0912 abc 678', '09123456781234567890123', '+', '']) {
      expect(isPhoneNumber(v), v).toBe(false);
    }
  });
});
