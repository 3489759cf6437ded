-- Imports and matching runs are jobs of the job queue (pg-boss, schema pgboss, created by the
-- app on start). An import that fails (an unreadable or oversized file, a time limit) keeps
-- its reason here, as a matching run does in matching_run.error.
alter table school_import add column error jsonb;
comment on column school_import.heartbeat_at is 'last progress reported by the job (its worker thread while parsing)';
