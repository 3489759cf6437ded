import type { ColumnType, Generated, Selectable } from 'kysely';
import type { ActivityMode, ActivityStatus } from '#src/core/activities/activity.ts';

export interface ActivityKindTable {
  code: string;
  campaign_id: string | null;
  name_vi: string;
  name_en: string;
  needs_subject: Generated<boolean>;
  position: Generated<number>;
}

export interface ActivityTable {
  id: Generated<string>;
  pair_id: string;
  kind: string;
  title: string;
  starts_on: string;
  ends_on: string | null;
  /** 'HH:MM:SS' in Hanoi, or null for a whole day. */
  start_time: string | null;
  end_time: string | null;
  school_year: string;
  place: string | null;
  host_school_id: string | null;
  mode: Generated<ActivityMode>;
  status: Generated<ActivityStatus>;
  subject: string | null;
  description: string | null;
  outcome: string | null;
  cancel_reason: string | null;
  created_by_user_id: string | null;
  closed_at: Date | null;
  closed_by_user_id: string | null;
  reported_at: Date | null;
  // plans (0019): the plan item the activity fulfils
  plan_id: ColumnType<string | null, string | null | undefined, string | null>;
  plan_item_key: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: ColumnType<Date, never, never>;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}
export type ActivityRow = Selectable<ActivityTable>;

export interface ActivityParticipantTable {
  activity_id: string;
  school_id: string;
  teachers: number;
  staff: number;
  students: number;
}

export interface ActivityPersonTable {
  activity_id: string;
  user_id: string;
  school_id: string;
  display_name: string;
}

export interface ActivityFileTable {
  id: Generated<string>;
  activity_id: string;
  kind: 'photo' | 'minutes';
  file_name: string;
  media_type: string;
  size_bytes: number;
  sha256: string;
  storage_key: string;
  thumbnail_key: string | null;
  width: number | null;
  height: number | null;
  uploaded_by_user_id: string | null;
  uploaded_at: ColumnType<Date, Date | undefined, never>;
}
export type ActivityFileRow = Selectable<ActivityFileTable>;

export interface CalendarFeedTable {
  user_id: string;
  token_hash: string;
  created_at: ColumnType<Date, Date | undefined, Date>;
}

/**
 * How many activities a pair has and how many were held (done or reported), kept by the
 * activity table's triggers (migration 0041) in the same statement as the activities: the
 * dashboard's counts. Never written by the app.
 */
export interface PairActivityCountTable {
  pair_id: string;
  activities: ColumnType<number, never, never>;
  held: ColumnType<number, never, never>;
}
