-- Activities as first-class records (issue 11): kinds as data (extendable per campaign),
-- dates as a day or a range, in person or online, participants per school (counts and named
-- people), outcome, the states planned → done → reported or cancelled with a reason,
-- evidence files (photos, minutes), and each user's secret calendar feed.

create table activity_kind (
  code text primary key check (code ~ '^[a-z0-9][a-z0-9-]{0,47}$'),
  -- null: offered in every campaign; else only in that campaign's pairs
  campaign_id uuid references campaign (id) on delete cascade,
  name_vi text not null,
  name_en text not null,
  -- the kind asks for a subject (tổ bộ môn)
  needs_subject boolean not null default false,
  position integer not null default 100
);

insert into activity_kind (code, name_vi, name_en, needs_subject, position) values
  ('signing-conference', 'Hội nghị ký kết', 'Signing conference', false, 10),
  ('seminar', 'Chuyên đề', 'Thematic seminar', false, 20),
  ('subject-group-exchange', 'Sinh hoạt tổ bộ môn', 'Subject-group exchange', true, 30),
  ('gifted-training', 'Bồi dưỡng học sinh giỏi', 'Gifted-student training', true, 40),
  ('teacher-contest', 'Thi giáo viên dạy giỏi', 'Teacher contest cooperation', false, 50),
  ('study-visit', 'Tham quan học tập', 'Study visit', false, 60),
  ('student-exchange', 'Giao lưu', 'Exchange', false, 70),
  ('innovation-report-exchange', 'Trao đổi sáng kiến kinh nghiệm', 'Innovation-report exchange', false, 80),
  ('support-handover', 'Bàn giao hỗ trợ', 'Support hand-over', false, 90),
  ('other', 'Hoạt động khác', 'Other', false, 1000)
on conflict (code) do nothing;

alter table activity
  add column ends_on date,
  -- Hours in Hanoi (optional): a timed event in calendars, else a whole-day one.
  add column start_time time,
  add column end_time time,
  add column school_year text,
  add column mode text not null default 'in-person' check (mode in ('in-person', 'online')),
  add column subject text,
  add column outcome text,
  add column cancel_reason text,
  add column created_by_user_id uuid references app_user (id) on delete set null,
  add column closed_at timestamptz,
  add column closed_by_user_id uuid references app_user (id) on delete set null,
  add column reported_at timestamptz;

-- The school year of the first day (June–December: that year's; January–May: the year before's).
update activity set school_year = case
  when extract(month from starts_on) >= 6 then extract(year from starts_on)::int || '-' || (extract(year from starts_on)::int + 1)
  else (extract(year from starts_on)::int - 1) || '-' || extract(year from starts_on)::int end
where school_year is null;
update activity set kind = 'other' where kind not in (select code from activity_kind);

alter table activity
  alter column school_year set not null,
  add constraint activity_school_year_check check (school_year ~ '^[0-9]{4}-[0-9]{4}$'),
  add constraint activity_dates_check check (ends_on is null or ends_on >= starts_on),
  add constraint activity_times_check check (end_time is null or (start_time is not null and (ends_on is not null or end_time > start_time))),
  add constraint activity_kind_fk foreign key (kind) references activity_kind (code),
  add constraint activity_cancel_reason_check check (status <> 'cancelled' or cancel_reason is not null);

create index activity_year_idx on activity (school_year, starts_on);
create index activity_host_idx on activity (host_school_id);
-- The overdue check: planned activities by their last day.
create index activity_planned_idx on activity ((coalesce(ends_on, starts_on))) where status = 'planned';

-- Who of each school took part: counts, the figures every total is summed from.
create table activity_participant (
  activity_id uuid not null references activity (id) on delete cascade,
  school_id uuid not null references school (id),
  teachers integer not null default 0 check (teachers >= 0 and teachers <= 100000),
  staff integer not null default 0 check (staff >= 0 and staff <= 100000),
  students integer not null default 0 check (students >= 0 and students <= 1000000),
  primary key (activity_id, school_id)
);
create index activity_participant_school_idx on activity_participant (school_id);

-- Named people, picked from the school's staff (accounts); the name as it was when picked.
create table activity_person (
  activity_id uuid not null references activity (id) on delete cascade,
  user_id uuid not null references app_user (id) on delete cascade,
  school_id uuid not null references school (id),
  display_name text not null,
  primary key (activity_id, user_id)
);

-- Evidence: photos and minutes, in the file store.
create table activity_file (
  id uuid primary key default gen_random_uuid(),
  activity_id uuid not null references activity (id) on delete cascade,
  kind text not null check (kind in ('photo', 'minutes')),
  file_name text not null,
  media_type text not null,
  size_bytes integer not null check (size_bytes >= 0),
  sha256 text not null,
  storage_key text not null unique,
  thumbnail_key text unique,
  width integer,
  height integer,
  uploaded_by_user_id uuid references app_user (id) on delete set null,
  uploaded_at timestamptz not null default now()
);
create index activity_file_activity_idx on activity_file (activity_id, uploaded_at);

-- Each user's secret calendar address: only the token's hash is kept; a new token revokes the old.
create table calendar_feed (
  user_id uuid primary key references app_user (id) on delete cascade,
  token_hash text not null unique,
  created_at timestamptz not null default now()
);
