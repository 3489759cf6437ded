import { describe, expect, it } from 'vitest';
import { auditText } from './audit-values.ts';

describe('a value of the audit diff', () => {
  it('shows a timestamp as dd/mm/yyyy HH:mm in Hanoi time, a date as dd/mm/yyyy, anything else as it is', () => {
    expect(auditText('2026-03-02T03:05:00.000Z')).toBe('02/03/2026 10:05');
    expect(auditText('2025-12-31T17:30:00Z')).toBe('01/01/2026 00:30');
    expect(auditText('2026-03-02T10:05:00+07:00')).toBe('02/03/2026 10:05');
    expect(auditText('2026-03-02')).toBe('02/03/2026');
    expect(auditText('Trường Tiểu học Ái Mộ B')).toBe('Trường Tiểu học Ái Mộ B');
    expect(auditText('2026-13-45T99:00:00Z')).toBe('2026-13-45T99:00:00Z');
    expect(auditText(null)).toBe('∅');
    expect(auditText(3)).toBe('3');
    expect(auditText({ disabledAt: '2026-03-02T03:05:00.000Z' })).toBe('{"disabledAt":"02/03/2026 10:05"}');
  });
});
