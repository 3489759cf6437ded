/** The kinds of joint activity the seed documents name. */
export const ACTIVITY_KINDS = [
  'signing-conference',
  'seminar',
  'subject-group-exchange',
  'gifted-training',
  'teacher-contest',
  'study-visit',
  'student-exchange',
  'innovation-report-exchange',
  'support-handover',
  'other',
] as const;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];
