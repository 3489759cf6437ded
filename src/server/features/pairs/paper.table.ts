import type { ColumnType, Generated, Selectable } from 'kysely';

/** A step a school took on paper, recorded on its behalf with the scanned letter (0013_paper_steps). */
export interface PaperRecordTable {
  id: Generated<string>;
  pair_id: string;
  school_id: string;
  kind: 'acceptance' | 'signature';
  mou_id: string | null;
  dated_on: string;
  file_name: string;
  media_type: 'application/pdf' | 'image/jpeg' | 'image/png' | 'image/webp';
  size_bytes: number;
  sha256: string;
  storage_key: string;
  recorded_by_user_id: string | null;
  recorded_at: ColumnType<Date, Date | undefined, never>;
}
export type PaperRecordRow = Selectable<PaperRecordTable>;
