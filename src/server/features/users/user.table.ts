import type { ColumnType, Generated, Selectable } from 'kysely';
import type { Role } from '#src/core/roles.ts';

export interface AppUserTable {
  id: Generated<string>;
  username: string;
  display_name: string;
  email: string | null;
  password_hash: string;
  role: Role;
  school_id: string | null;
  admin_unit_id: string | null;
  locale: Generated<'vi' | 'en'>;
  disabled_at: Date | null;
  created_at: ColumnType<Date, never, never>;
}
export type AppUserRow = Selectable<AppUserTable>;
