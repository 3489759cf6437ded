import type { ColumnType, Generated, Selectable } from 'kysely';
import type { NewsStatus } from '#src/core/news/dto.ts';

export interface NewsPostTable {
  id: Generated<string>;
  activity_id: string;
  pair_id: string;
  title: string;
  summary: Generated<string>;
  body_html: Generated<string>;
  photo_file_ids: ColumnType<string[], string[] | undefined, string[]>;
  status: Generated<NewsStatus>;
  slug: string | null;
  search_key: Generated<string>;
  created_by_user_id: string | null;
  created_at: ColumnType<Date, Date | undefined, never>;
  updated_at: ColumnType<Date, Date | undefined, Date>;
  published_at: Date | null;
  published_by_user_id: string | null;
  /** A withdrawn post's when, who and why (cleared when it is published again). */
  withdrawn_at: Date | null;
  withdrawn_by_user_id: string | null;
  withdrawn_reason: string | null;
}
export type NewsPostRow = Selectable<NewsPostTable>;

export interface NewsSlugTable {
  slug: string;
  post_id: string;
  created_at: ColumnType<Date, Date | undefined, never>;
}
