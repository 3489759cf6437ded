-- School registry: profile details, strengths and needs, contacts, name history,
-- merges, administrative-unit history helpers and import jobs.

-- A school that was merged into another stays (pairs, activities and documents keep
-- pointing at it) but is marked, with the school it now belongs to.
alter table school
  add column status text not null default 'active' check (status in ('active', 'merged', 'closed')),
  add column merged_into_id uuid references school (id),
  add column merged_on date,
  -- The folded name without "Trường" and the level ("Trường Tiểu học Ái Mộ B" → "ai mo b"):
  -- what a user types first, so a prefix match on it ranks high.
  add column name_key text not null default '',
  -- The district and commune as written in an imported file, kept when they could not be
  -- matched to an administrative unit (and shown until someone fixes the location).
  add column district_label text,
  add column commune_label text,
  add constraint school_merge_check check ((status = 'merged') = (merged_into_id is not null)),
  add constraint school_not_merged_into_itself check (merged_into_id is null or merged_into_id <> id);

-- The search matches anywhere in search_key (LIKE '%…%'), which a b-tree cannot serve;
-- the index only slowed down writes (a 45,000-school import).
drop index if exists school_search_idx;

-- Vietnamese sort order in the database (ICU: "Ái" with "A", "Đ" after "D").
create index school_name_vi_idx on school (name collate "vi-x-icu", id);
create index school_code_idx on school (code);
create index school_filter_idx on school (level, area_type);
create index school_name_key_idx on school (name_key text_pattern_ops);
create index school_merged_into_idx on school (merged_into_id) where merged_into_id is not null;

-- The names a school had before: documents of the past show the name of their date.
create table school_name_history (
  id bigserial primary key,
  school_id uuid not null references school (id) on delete cascade,
  name text not null,
  short_name text not null,
  -- The name was used until this day (exclusive).
  valid_to date not null,
  changed_at timestamptz not null default now()
);
create index school_name_history_idx on school_name_history (school_id, valid_to);

create table school_contact (
  id uuid primary key default gen_random_uuid(),
  school_id uuid not null references school (id) on delete cascade,
  position integer not null default 0,
  role text not null,
  name text not null,
  phone text,
  email text
);
create index school_contact_school_idx on school_contact (school_id, position);

-- Areas a school can be strong in or need help with. The base list is national
-- (CT GDPT 2018 subjects and the usual school-life areas); a campaign may add its own.
create table capability_area (
  code text primary key check (code ~ '^[a-z0-9-]+$'),
  name_vi text not null,
  name_en text not null,
  area_group text not null check (area_group in ('subject', 'facilities', 'management', 'digital', 'youth', 'support', 'other')),
  campaign_id uuid references campaign (id),
  position integer not null default 0
);

insert into capability_area (code, name_vi, name_en, area_group, position) values
  ('math', 'Toán', 'Mathematics', 'subject', 10),
  ('literature', 'Ngữ văn / Tiếng Việt', 'Vietnamese language and literature', 'subject', 20),
  ('english', 'Tiếng Anh (Ngoại ngữ 1)', 'English (foreign language 1)', 'subject', 30),
  ('other-languages', 'Ngoại ngữ khác', 'Other foreign languages', 'subject', 35),
  ('natural-science', 'Khoa học tự nhiên', 'Natural science', 'subject', 40),
  ('physics', 'Vật lý', 'Physics', 'subject', 41),
  ('chemistry', 'Hóa học', 'Chemistry', 'subject', 42),
  ('biology', 'Sinh học', 'Biology', 'subject', 43),
  ('history-geography', 'Lịch sử và Địa lý', 'History and geography', 'subject', 50),
  ('civics', 'Giáo dục công dân / Giáo dục kinh tế và pháp luật', 'Civics, economics and law', 'subject', 60),
  ('informatics', 'Tin học', 'Informatics', 'subject', 70),
  ('technology', 'Công nghệ', 'Technology', 'subject', 80),
  ('physical-education', 'Giáo dục thể chất', 'Physical education', 'subject', 90),
  ('arts', 'Nghệ thuật (Âm nhạc, Mỹ thuật)', 'Arts (music, fine arts)', 'subject', 100),
  ('experiential', 'Hoạt động trải nghiệm, hướng nghiệp', 'Experiential activities and career guidance', 'subject', 110),
  ('local-education', 'Nội dung giáo dục địa phương', 'Local education content', 'subject', 120),
  ('stem', 'Giáo dục STEM', 'STEM education', 'subject', 130),
  ('gifted-students', 'Bồi dưỡng học sinh giỏi', 'Training gifted students', 'subject', 140),
  ('facilities', 'Cơ sở vật chất, thiết bị dạy học', 'Facilities and teaching equipment', 'facilities', 200),
  ('library', 'Thư viện', 'Library', 'facilities', 210),
  ('boarding', 'Bán trú, nội trú', 'Boarding and day boarding', 'facilities', 220),
  ('management', 'Quản trị nhà trường', 'School management', 'management', 300),
  ('teacher-development', 'Bồi dưỡng đội ngũ giáo viên', 'Teacher development', 'management', 310),
  ('assessment', 'Đổi mới kiểm tra, đánh giá', 'Assessment reform', 'management', 320),
  ('digital-transformation', 'Chuyển đổi số', 'Digital transformation', 'digital', 400),
  ('youth-union', 'Công tác Đoàn, Đội', 'Youth union and young pioneers', 'youth', 500),
  ('life-skills', 'Giáo dục kỹ năng sống', 'Life skills', 'youth', 510),
  ('counselling', 'Tư vấn tâm lý học đường', 'School counselling', 'support', 600),
  ('inclusive-education', 'Giáo dục hòa nhập', 'Inclusive education', 'support', 610),
  ('student-support', 'Hỗ trợ học sinh có hoàn cảnh khó khăn', 'Support for students in hardship', 'support', 620);

create table school_capability (
  school_id uuid not null references school (id) on delete cascade,
  kind text not null check (kind in ('strength', 'need')),
  area_code text not null references capability_area (code),
  level smallint not null check (level between 1 and 3),
  note text,
  primary key (school_id, kind, area_code)
);
create index school_capability_area_idx on school_capability (area_code, kind);

create index admin_unit_successor_idx on admin_unit (successor_id) where successor_id is not null;
create index school_location_school_idx on school_location (school_id, valid_from);

-- An Excel import: the file, its progress and its outcome. Kept in the database so
-- any app node can report progress and serve the marked copy of the file.
create table school_import (
  id uuid primary key default gen_random_uuid(),
  created_at timestamptz not null default now(),
  finished_at timestamptz,
  created_by_user_id uuid references app_user (id),
  created_by text,
  file_name text not null,
  file bytea not null,
  dry_run boolean not null,
  as_of date not null,
  status text not null default 'queued' check (status in ('queued', 'running', 'succeeded', 'rejected', 'failed')),
  phase text not null default 'queued',
  total_rows integer not null default 0,
  processed_rows integer not null default 0,
  created integer not null default 0,
  updated integer not null default 0,
  unchanged integer not null default 0,
  error_count integer not null default 0,
  errors jsonb not null default '[]'::jsonb,
  warnings jsonb not null default '[]'::jsonb,
  -- What the import creates or updates (a dry run shows it before anything is written).
  changes jsonb not null default '[]'::jsonb,
  -- Written while the import runs: a job whose node died stops beating and is reported failed.
  heartbeat_at timestamptz not null default now()
);
create index school_import_created_idx on school_import (created_at desc);
