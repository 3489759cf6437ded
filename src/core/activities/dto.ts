/**
 * What the activities API takes and sends: each answer is one zod schema, used by the routes
 * (and from there the OpenAPI description), by the service that builds it and by the page.
 */
import { z } from 'zod';
import { isoDateText, multiLineText, singleLineText } from '#src/core/text-schema.ts';
import { ACTIVITY_EVENTS, ACTIVITY_MODES, ACTIVITY_STATUSES, isSchoolYear } from './activity.ts';

const timeText = z.string().refine((v) => /^([01]\d|2[0-3]):[0-5]\d$/u.test(v), { params: { key: 'time_format' } });

export const schoolYearText = () => z.string().refine(isSchoolYear, { params: { key: 'school_year_format' } });

/** What the caller may do with an activity now (the page shows these buttons, the service enforces them). */
export const ACTIVITY_ACTIONS = ['edit', 'complete', 'report', 'cancel', 'uploadEvidence', 'deleteEvidence'] as const;
export type ActivityAction = (typeof ACTIVITY_ACTIONS)[number];

export const activityKindDto = z.object({
  code: z.string(),
  nameVi: z.string(),
  nameEn: z.string(),
  needsSubject: z.boolean(),
  campaignId: z.string().nullable(),
});
export type ActivityKindDto = z.infer<typeof activityKindDto>;

const counts = {
  teachers: z.number().int().min(0).max(100_000),
  staff: z.number().int().min(0).max(100_000),
  students: z.number().int().min(0).max(1_000_000),
};

export const participantInput = z.strictObject({ schoolId: z.string().uuid(), ...counts });
export const participantDto = z.object({ schoolId: z.string(), schoolName: z.string(), ...counts });
export const personDto = z.object({ userId: z.string(), schoolId: z.string(), displayName: z.string() });

export const activityInput = z.strictObject({
  pairId: z.string().uuid(),
  kind: z.string().min(1).max(48),
  title: singleLineText().min(3).max(300),
  startsOn: isoDateText(),
  endsOn: isoDateText().nullable().optional(),
  /** Hours in Hanoi ("08:00"), optional: calendars then show a timed event. */
  startTime: timeText.nullable().optional(),
  endTime: timeText.nullable().optional(),
  hostSchoolId: z.string().uuid(),
  place: singleLineText().max(300).nullable().optional(),
  mode: z.enum(ACTIVITY_MODES).default('in-person'),
  subject: singleLineText().max(200).nullable().optional(),
  description: multiLineText().max(10_000).nullable().optional(),
  outcome: multiLineText().max(10_000).nullable().optional(),
  participants: z.array(participantInput).max(10).default([]),
  /** Accounts of the member schools' staff taking part by name. */
  people: z.array(z.string().uuid()).max(200).default([]),
  // plans: the item of the pair's yearly plan (of the activity's school year) it fulfils
  planItemKey: z.string().uuid().nullable().optional(),
});
export type ActivityInput = z.infer<typeof activityInput>;

/** A change: any field of the record but its pair. */
export const activityPatch = activityInput.omit({ pairId: true }).partial().strict();
export type ActivityPatch = z.infer<typeof activityPatch>;

export const activityTransitionInput = z.strictObject({
  event: z.enum(ACTIVITY_EVENTS),
  reason: multiLineText().max(2000).optional(),
});

export const activitySummaryDto = z.object({
  id: z.string(),
  pairId: z.string(),
  pairName: z.string(),
  kind: z.string(),
  title: z.string(),
  startsOn: z.string(),
  endsOn: z.string().nullable(),
  startTime: z.string().nullable(),
  endTime: z.string().nullable(),
  schoolYear: z.string(),
  hostSchoolId: z.string().nullable(),
  hostSchoolName: z.string().nullable(),
  place: z.string().nullable(),
  mode: z.enum(ACTIVITY_MODES),
  status: z.enum(ACTIVITY_STATUSES),
  overdue: z.boolean(),
  teachers: z.number().int(),
  staff: z.number().int(),
  students: z.number().int(),
});
export type ActivitySummaryDto = z.infer<typeof activitySummaryDto>;

export const activityListDto = z.object({ items: z.array(activitySummaryDto), total: z.number().int() });

export const activityFileDto = z.object({
  id: z.string(),
  kind: z.enum(['photo', 'minutes']),
  fileName: z.string(),
  mediaType: z.string(),
  sizeBytes: z.number().int(),
  hasThumbnail: z.boolean(),
  uploadedAt: z.string(),
});
export type ActivityFileDto = z.infer<typeof activityFileDto>;

export const activityDetailDto = activitySummaryDto.extend({
  subject: z.string().nullable(),
  description: z.string().nullable(),
  outcome: z.string().nullable(),
  cancelReason: z.string().nullable(),
  members: z.array(z.object({ schoolId: z.string(), name: z.string() })),
  participants: z.array(participantDto),
  people: z.array(personDto),
  files: z.array(activityFileDto),
  actions: z.array(z.enum(ACTIVITY_ACTIONS)),
  closedAt: z.string().nullable(),
  reportedAt: z.string().nullable(),
  createdAt: z.string(),
  // plans
  planItemKey: z.string().nullable(),
});
export type ActivityDetailDto = z.infer<typeof activityDetailDto>;

const totalsRow = { teachers: z.number().int(), staff: z.number().int(), students: z.number().int() };
export const activityTotalsDto = z.object({
  activities: z.number().int(),
  done: z.number().int(),
  planned: z.number().int(),
  overdue: z.number().int(),
  cancelled: z.number().int(),
  bySchool: z.array(z.object({ schoolId: z.string(), schoolName: z.string(), ...totalsRow })),
  byKind: z.array(z.object({ kind: z.string(), activities: z.number().int(), ...totalsRow })),
});
export type ActivityTotalsDto = z.infer<typeof activityTotalsDto>;

export const staffOptionDto = z.object({ userId: z.string(), schoolId: z.string(), displayName: z.string() });
export type StaffOptionDto = z.infer<typeof staffOptionDto>;

/** Whether the caller has a calendar address (GET /api/calendar/feed; its token is never shown again). */
export const calendarFeedStatusDto = z.object({ active: z.boolean(), createdAt: z.string().nullable() });
export type CalendarFeedStatusDto = z.infer<typeof calendarFeedStatusDto>;
/** A new secret calendar address, shown only in this answer (POST /api/calendar/feed). */
export const calendarFeedMadeDto = z.object({ url: z.string() });
export type CalendarFeedMadeDto = z.infer<typeof calendarFeedMadeDto>;
