import { describe, expect, it } from 'vitest';
import { isOverdue, isSchoolYear, nextActivityStatus, schoolYearOf, transitionProblem } from './activity.ts';

describe('activity rules', () => {
  it('puts a day in its school year (June–December: the year starting that autumn)', () => {
    expect(schoolYearOf('2023-10-25')).toBe('2023-2024');
    expect(schoolYearOf('2023-03-13')).toBe('2022-2023');
    expect(schoolYearOf('2026-05-31')).toBe('2025-2026');
    expect(schoolYearOf('2026-06-01')).toBe('2026-2027');
    expect(isSchoolYear('2025-2026')).toBe(true);
    expect(isSchoolYear('2025-2027')).toBe(false);
  });

  it('is overdue from 00:00 Hanoi time after its last day, only while planned', () => {
    const a = { status: 'planned' as const, startsOn: '2026-03-01', endsOn: null };
    expect(isOverdue(a, new Date('2026-03-01T16:59:59.999Z'))).toBe(false);
    expect(isOverdue(a, new Date('2026-03-01T17:00:00Z'))).toBe(true);
    expect(isOverdue({ ...a, endsOn: '2026-03-03' }, new Date('2026-03-02T17:00:00Z'))).toBe(false);
    expect(isOverdue({ ...a, status: 'done' }, new Date('2026-04-01T00:00:00Z'))).toBe(false);
  });

  it('goes planned → done → reported, or planned → cancelled, and nowhere else', () => {
    expect(nextActivityStatus('planned', 'complete')).toBe('done');
    expect(nextActivityStatus('done', 'report')).toBe('reported');
    expect(nextActivityStatus('planned', 'cancel')).toBe('cancelled');
    expect(nextActivityStatus('planned', 'report')).toBeNull();
    expect(nextActivityStatus('reported', 'cancel')).toBeNull();
    expect(nextActivityStatus('cancelled', 'complete')).toBeNull();
  });

  it('is not done before its first day in Hanoi, not reported without an outcome, not cancelled without a reason', () => {
    const a = { status: 'planned' as const, startsOn: '2026-03-10', outcome: null };
    expect(transitionProblem(a, 'complete', {}, new Date('2026-03-09T16:59:00Z'))?.code).toBe('ACTIVITY_NOT_YET_HELD');
    expect(transitionProblem(a, 'complete', {}, new Date('2026-03-09T17:00:00Z'))).toBeNull();
    expect(transitionProblem({ ...a, status: 'done' }, 'report', {}, new Date())?.code).toBe('ACTIVITY_OUTCOME_REQUIRED');
    expect(transitionProblem(a, 'cancel', { reason: '  ' }, new Date())?.code).toBe('ACTIVITY_CANCEL_REASON_REQUIRED');
  });
});
