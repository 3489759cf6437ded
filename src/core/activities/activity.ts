/**
 * The life of a joint activity (hoạt động), its dates and its school year, in one place.
 * Pure: the clock comes in as an argument.
 *
 *   planned ──complete──▶ done ──report──▶ reported
 *      └──────cancel (with a reason)──▶ cancelled
 *
 * `complete`: the activity took place (not before its first day, Hanoi time); `report`: its
 * outcome is written down (an outcome is required). Only the host school's staff close an
 * activity (the access policy's `hostSchool` condition). A planned activity whose last day
 * has passed in Hanoi is overdue for its pair until it is closed.
 */
import { DomainError } from '#src/core/errors.ts';
import { isoDateInHanoi } from '#src/core/vn/format.ts';

export const ACTIVITY_STATUSES = ['planned', 'done', 'reported', 'cancelled'] as const;
export type ActivityStatus = (typeof ACTIVITY_STATUSES)[number];

export const ACTIVITY_EVENTS = ['complete', 'report', 'cancel'] as const;
export type ActivityEvent = (typeof ACTIVITY_EVENTS)[number];

export const ACTIVITY_MODES = ['in-person', 'online'] as const;
export type ActivityMode = (typeof ACTIVITY_MODES)[number];

const TRANSITIONS: Readonly<Record<ActivityStatus, Partial<Record<ActivityEvent, ActivityStatus>>>> = {
  planned: { complete: 'done', cancel: 'cancelled' },
  done: { report: 'reported' },
  reported: {},
  cancelled: {},
};

/** States in which the record may still be edited (a reported or cancelled activity is closed for good). */
export const EDITABLE_STATUSES: readonly ActivityStatus[] = ['planned', 'done'];

export class ActivityTransitionError extends DomainError {
  constructor(from: ActivityStatus, event: ActivityEvent) {
    super('ACTIVITY_TRANSITION_REFUSED', 409, { from, event });
  }
}

/** The state after `event`, or null when the event is not allowed in `from`. */
export function nextActivityStatus(from: ActivityStatus, event: ActivityEvent): ActivityStatus | null {
  return TRANSITIONS[from][event] ?? null;
}

/** The last day of an activity (its only day when it lasts one). */
export const lastDayOf = (a: { startsOn: string; endsOn: string | null }): string => a.endsOn ?? a.startsOn;

/**
 * Overdue: still planned after its last day, in Hanoi. An activity of 01/03 is overdue from
 * 00:00 on 02/03 Hanoi time (17:00 UTC on 01/03), not before.
 */
export function isOverdue(a: { status: ActivityStatus; startsOn: string; endsOn: string | null }, now: Date): boolean {
  return a.status === 'planned' && lastDayOf(a) < isoDateInHanoi(now);
}

/**
 * Why a transition is refused by the record itself (not by who asks), or null: an activity
 * cannot be done before its first day (Hanoi), reported without an outcome, cancelled without a reason.
 */
export function transitionProblem(
  a: { status: ActivityStatus; startsOn: string; outcome: string | null },
  event: ActivityEvent,
  input: { reason?: string | undefined },
  now: Date,
): { code: string; field?: string } | null {
  if (!nextActivityStatus(a.status, event)) return { code: 'ACTIVITY_TRANSITION_REFUSED' };
  if (event === 'complete' && a.startsOn > isoDateInHanoi(now)) return { code: 'ACTIVITY_NOT_YET_HELD', field: 'event' };
  if (event === 'report' && !a.outcome?.trim()) return { code: 'ACTIVITY_OUTCOME_REQUIRED', field: 'outcome' };
  if (event === 'cancel' && !input.reason?.trim()) return { code: 'ACTIVITY_CANCEL_REASON_REQUIRED', field: 'reason' };
  return null;
}

/**
 * The school year (năm học, September–May) a day belongs to: June to December count to the
 * year starting that autumn (summer preparation), January to May to the year that started
 * the autumn before. `2025-10-25` → `2025-2026`, `2026-03-01` → `2025-2026`.
 */
export function schoolYearOf(isoDate: string): string {
  const year = Number(isoDate.slice(0, 4));
  const month = Number(isoDate.slice(5, 7));
  const start = month >= 6 ? year : year - 1;
  return `${start}-${start + 1}`;
}

/** `2025-2026` → the days it spans for calendars and filters: 2025-06-01 to 2026-05-31. */
export function schoolYearRange(schoolYear: string): { from: string; to: string } {
  const start = Number(schoolYear.slice(0, 4));
  return { from: `${start}-06-01`, to: `${start + 1}-05-31` };
}

export const SCHOOL_YEAR_PATTERN = /^(\d{4})-(\d{4})$/u;

/** "2025-2026" with consecutive years. */
export function isSchoolYear(value: string): boolean {
  const m = SCHOOL_YEAR_PATTERN.exec(value);
  return Boolean(m && Number(m[2]) === Number(m[1]) + 1);
}

/** Participants of one school in one activity. */
export interface ParticipantCounts {
  schoolId: string;
  teachers: number;
  staff: number;
  students: number;
}

/**
 * Totals per school and per kind, summed from the records (cancelled and planned activities
 * count nothing: no one took part yet).
 */
export function sumParticipants(
  activities: readonly { kind: string; status: ActivityStatus; participants: readonly ParticipantCounts[] }[],
): { bySchool: Map<string, Omit<ParticipantCounts, 'schoolId'>>; byKind: Map<string, Omit<ParticipantCounts, 'schoolId'> & { activities: number }> } {
  const bySchool = new Map<string, Omit<ParticipantCounts, 'schoolId'>>();
  const byKind = new Map<string, Omit<ParticipantCounts, 'schoolId'> & { activities: number }>();
  for (const a of activities) {
    if (a.status !== 'done' && a.status !== 'reported') continue;
    const k = byKind.get(a.kind) ?? { activities: 0, teachers: 0, staff: 0, students: 0 };
    k.activities++;
    for (const p of a.participants) {
      const s = bySchool.get(p.schoolId) ?? { teachers: 0, staff: 0, students: 0 };
      s.teachers += p.teachers;
      s.staff += p.staff;
      s.students += p.students;
      bySchool.set(p.schoolId, s);
      k.teachers += p.teachers;
      k.staff += p.staff;
      k.students += p.students;
    }
    byKind.set(a.kind, k);
  }
  return { bySchool, byKind };
}
