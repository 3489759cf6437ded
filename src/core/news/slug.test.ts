import { describe, expect, it } from 'vitest';
import { isSlug, slugOf, uniqueSlug } from './slug.ts';

describe('news slugs', () => {
  it('drops diacritics and turns đ into d', () => {
    expect(slugOf('Hội nghị Gặp mặt và kí kết biên bản ghi nhớ')).toBe('hoi-nghi-gap-mat-va-ki-ket-bien-ban-ghi-nho');
    expect(slugOf('Đoàn trường Đông Anh – “Đôi bạn cùng tiến”')).toBe('doan-truong-dong-anh-doi-ban-cung-tien');
    expect(slugOf('Trường THPT Nhân Chính & PTDTNT Hà Nội (2023-2024)')).toBe('truong-thpt-nhan-chinh-ptdtnt-ha-noi-2023-2024');
  });

  it('is the same for composed and decomposed input (Unikey may send either)', () => {
    const nfc = 'Ái Mộ B kết nghĩa'.normalize('NFC');
    const nfd = nfc.normalize('NFD');
    expect(slugOf(nfd)).toBe(slugOf(nfc));
    expect(slugOf(nfc)).toBe('ai-mo-b-ket-nghia');
  });

  it('cuts long titles at a word and never returns an empty or invalid address', () => {
    const s = slugOf('Chuyên đề '.repeat(40));
    expect(s.length).toBeLessThanOrEqual(100);
    expect(s.endsWith('-')).toBe(false);
    expect(isSlug(s)).toBe(true);
    expect(slugOf('“—”')).toBe('bai-viet');
    expect(isSlug(slugOf('<script>alert(1)</script>'))).toBe(true);
  });

  it('numbers a taken slug', () => {
    const taken = new Set(['giao-luu', 'giao-luu-2']);
    expect(uniqueSlug('giao-luu', (s) => taken.has(s))).toBe('giao-luu-3');
    expect(uniqueSlug('moi', (s) => taken.has(s))).toBe('moi');
  });
});
