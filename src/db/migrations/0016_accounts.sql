-- Accounts a department can run (issue 12): user administration, invitations, password reset,
-- one's own sessions, and an audit log a department and an area officer can search.

-- An invited account has no password until the person sets one from the invitation's link.
alter table app_user alter column password_hash drop not null;
alter table app_user add column updated_at timestamptz not null default now();

-- The list's search key, folded like foldForSearch() (src/core/vn/text.ts): Vietnamese letters
-- without marks, đ → d, lower case, words of letters and digits; computed by PostgreSQL on every
-- write (translate() and regexp_replace() are immutable), served by a trigram index.
alter table app_user add column search_key text generated always as (
  ' ' || trim(regexp_replace(
    lower(translate(
      display_name || ' ' || username || ' ' || coalesce(email, ''),
      'àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđÀÁẠẢÃÂẦẤẬẨẪĂẰẮẶẲẴÈÉẸẺẼÊỀẾỆỂỄÌÍỊỈĨÒÓỌỎÕÔỒỐỘỔỖƠỜỚỢỞỠÙÚỤỦŨƯỪỨỰỬỮỲÝỴỶỸĐ',
      'aaaaaaaaaaaaaaaaaeeeeeeeeeeeiiiiiooooooooooooooooouuuuuuuuuuuyyyyydaaaaaaaaaaaaaaaaaeeeeeeeeeeeiiiiiooooooooooooooooouuuuuuuuuuuyyyyyd'
    )),
    '[^a-z0-9]+', ' ', 'g'
  )) || ' '
) stored;
create extension if not exists pg_trgm;
create index app_user_search_trgm_idx on app_user using gin (search_key gin_trgm_ops);
create index app_user_school_idx on app_user (school_id);
create index app_user_lower_email_idx on app_user (lower(email));

-- Sessions: a handle the owner can name in "sign out of this device", and where it came from.
alter table session add column id uuid not null default gen_random_uuid() unique;
alter table session add column user_agent text;
alter table session add column ip text;

-- One-time links: an invitation (set a first password) or a password reset. Only the SHA-256
-- of the token is stored; a link is used once (used_at) and expires.
create table account_token (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references app_user (id) on delete cascade,
  purpose text not null check (purpose in ('invitation', 'password-reset')),
  token_hash text not null unique,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  used_at timestamptz,
  created_by_user_id uuid references app_user (id) on delete set null
);
create index account_token_user_idx on account_token (user_id, purpose);

-- The audit log names the schools (and the pair) a change concerns, so the department can
-- filter by school or pair and an area officer sees the rows of its area's schools only.
alter table audit_log add column school_ids uuid[] not null default '{}';
alter table audit_log add column pair_id uuid;
-- Bounded, newest-first pages (keyset on id) by each filter.
create index audit_log_actor_idx on audit_log (actor_user_id, id);
create index audit_log_action_idx on audit_log (action text_pattern_ops, id);
create index audit_log_pair_idx on audit_log (pair_id, id) where pair_id is not null;
create index audit_log_school_ids_idx on audit_log using gin (school_ids);

-- Rows written before this migration: the schools of a school's, a pair's and a user's rows.
update audit_log set school_ids = array[entity_id::uuid]
  where entity = 'school' and entity_id ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$';
update audit_log a set pair_id = a.entity_id::uuid,
  school_ids = coalesce((select array_agg(pm.school_id order by pm.school_id) from pair_member pm where pm.pair_id::text = a.entity_id), '{}')
  where a.entity = 'pair' and a.entity_id ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$';
update audit_log a set school_ids = array[u.school_id]
  from app_user u
  where a.entity in ('user', 'session') and u.id::text = a.entity_id and u.school_id is not null;
