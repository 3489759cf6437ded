import { describe, expect, it } from 'vitest';
import { fillMouTemplate, SEED_MOU_TEMPLATE } from './seed-template.ts';
import {
  abbreviateUnit,
  documentNumberText,
  documentSymbol,
  hashMouVersion,
  mouPhaseFor,
  phaseInText,
  normaliseVerificationCode,
  partyNameOf,
  schoolSymbol,
  verificationCodeFrom,
  type MouVersionText,
} from './version.ts';

const version: MouVersionText = {
  place: 'Mê Linh',
  venue: 'huyện Mê Linh, TP. Hà Nội',
  datedOn: '2023-03-13',
  phase: '2023-2025',
  parties: [
    { schoolId: '00000000-0000-4000-8000-000000000001', name: 'Trường TH Chu Phan', unitLine: 'huyện Mê Linh', shortName: 'TH Chu Phan', signatoryName: 'Nguyễn Văn Tuấn', signatoryTitle: 'HIỆU TRƯỞNG', representatives: [] },
  ],
  content: fillMouTemplate(SEED_MOU_TEMPLATE, { parties: ['A', 'B'], phase: '2023 - 2025' }),
};

describe('the MoU version hash', () => {
  it('is stable, and changes with any word of the text', () => {
    expect(hashMouVersion(version)).toMatch(/^[0-9a-f]{64}$/u);
    expect(hashMouVersion(structuredClone(version))).toBe(hashMouVersion(version));
    const edited = structuredClone(version);
    edited.content.articles[0]!.clauses[0] += ' ';
    expect(hashMouVersion(edited)).not.toBe(hashMouVersion(version));
    expect(hashMouVersion({ ...version, datedOn: '2023-03-14' })).not.toBe(hashMouVersion(version));
  });
});

describe('the phase of an MoU', () => {
  it('runs from the year of drafting to the end of the campaign, written with spaced dashes in the articles', () => {
    expect(mouPhaseFor(2022, 2025, 2023)).toBe('2023-2025');
    expect(mouPhaseFor(2022, 2025, 2021)).toBe('2022-2025');
    // A draft made after the campaign ended (its end confirmed) covers the campaign, never "2025-2025".
    expect(mouPhaseFor(2022, 2025, 2027)).toBe('2022-2025');
    expect(mouPhaseFor(2022, 2025, 2026)).toBe('2022-2025');
    // Nor one drafted in the campaign's last year.
    expect(mouPhaseFor(2022, 2025, 2025)).toBe('2022-2025');
    expect(mouPhaseFor(2022, 2025, 2024)).toBe('2024-2025');
    expect(phaseInText('2023-2025')).toBe('2023 - 2025');
  });
});

describe('names and numbers in documents', () => {
  it('abbreviates units for the signature blocks', () => {
    expect(abbreviateUnit('quận Long Biên')).toBe('Q. Long Biên');
    expect(abbreviateUnit('huyện Mê Linh')).toBe('H. Mê Linh');
    expect(abbreviateUnit('xã Chu Phan')).toBe('X. Chu Phan');
    expect(abbreviateUnit('')).toBe('');
  });

  it('names a party "Trường …" once', () => {
    expect(partyNameOf('TH Chu Phan')).toBe('Trường TH Chu Phan');
    expect(partyNameOf('Trường THPT Nhân Chính')).toBe('Trường THPT Nhân Chính');
  });

  it('builds the symbol of a school and of its documents', () => {
    expect(schoolSymbol('TH Chu Phan')).toBe('THCP');
    expect(schoolSymbol('TH Ái Mộ B')).toBe('THAMB');
    expect(schoolSymbol('THPT Nhân Chính')).toBe('THPTNC');
    expect(schoolSymbol('PTDTNT Hà Nội')).toBe('PTDTNTHN');
    expect(schoolSymbol('Trường Tiểu học Đông Anh')).toBe('THĐA');
    expect(documentSymbol('mou', 'TH Chu Phan')).toBe('GN-THCP');
    expect(documentSymbol('notice', 'TH Chu Phan')).toBe('TB-THCP');
    expect(documentNumberText(1, 'GN-THCP')).toBe('01/GN-THCP');
    expect(documentNumberText(123, 'GN-THCP')).toBe('123/GN-THCP');
  });

  it('makes verification codes without look-alike characters and reads them back as typed', () => {
    const code = verificationCodeFrom(new Uint8Array([0, 1, 2, 3, 4, 5, 6, 255]));
    expect(code).toMatch(/^[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$/u);
    expect(normaliseVerificationCode(code.toLowerCase().replace('-', ' '))).toBe(code);
    expect(normaliseVerificationCode('OOOO-1111')).toBeNull();
    expect(normaliseVerificationCode('abc')).toBeNull();
  });
});
