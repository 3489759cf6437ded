/**
 * The onboarding runs' SQL (issue 12): the schools a run would invite, and the run rows.
 * The rules (who may, what blocks a school, the run itself) are in `onboarding.service.ts`.
 */
import { sql } from 'kysely';
import type { Scope } from '#src/core/access/policy.ts';
import type { OnboardingFilter } from '#src/core/onboarding.ts';
import type { Db } from '#src/server/context.ts';
import { schoolIdsInScope } from '#src/server/features/schools/schools.repository.ts';

export interface OnboardingCandidate {
  id: string;
  code: string;
  name: string;
  email: string | null;
  principal_name: string | null;
}

/** Active schools in scope (and filter) without a leader account that is not disabled, by code. */
export async function listSchoolsWithoutLeader(db: Db, scope: Scope, filter: OnboardingFilter, onDate: string): Promise<OnboardingCandidate[]> {
  let q = db
    .selectFrom('school')
    .select(['school.id', 'school.code', 'school.name', 'school.email', 'school.principal_name'])
    .where('school.status', '=', 'active')
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('app_user')
            .select(sql`1`.as('one'))
            .whereRef('app_user.school_id', '=', 'school.id')
            .where('app_user.role', '=', 'school-leader')
            .where('app_user.disabled_at', 'is', null),
        ),
      ),
    );
  if (scope.kind !== 'all') q = q.where(sql<boolean>`school.id in ${schoolIdsInScope(scope, onDate)}`);
  if (filter.adminUnitId) q = q.where(sql<boolean>`school.id in ${schoolIdsInScope({ kind: 'area', adminUnitId: filter.adminUnitId }, onDate)}`);
  if (filter.level) q = q.where('school.level', '=', filter.level);
  return q.orderBy('school.code').execute();
}

export async function insertOnboardingRun(db: Db, values: { createdByUserId: string | null; createdBy: string | null; filter: OnboardingFilter }): Promise<string> {
  const row = await db
    .insertInto('onboarding_run')
    .values({ created_by_user_id: values.createdByUserId, created_by: values.createdBy, filter: JSON.stringify(values.filter) })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export function findOnboardingRun(db: Db, id: string) {
  return db.selectFrom('onboarding_run').selectAll().where('id', '=', id).executeTakeFirst();
}
export type OnboardingRunRow = NonNullable<Awaited<ReturnType<typeof findOnboardingRun>>>;

/** The latest run, of one person when `createdByUserId` is given (else anyone's). */
export function latestOnboardingRunRow(db: Db, createdByUserId?: string) {
  let q = db.selectFrom('onboarding_run').selectAll().orderBy('created_at', 'desc').limit(1);
  if (createdByUserId !== undefined) q = q.where('created_by_user_id', '=', createdByUserId);
  return q.executeTakeFirst();
}

export async function startOnboardingRunRow(db: Db, id: string, total: number): Promise<void> {
  await db.updateTable('onboarding_run').set({ status: 'running', total, processed: 0 }).where('id', '=', id).execute();
}

export async function updateOnboardingProgress(db: Db, id: string, counts: { processed: number; created: number; skipped: number }): Promise<void> {
  await db.updateTable('onboarding_run').set(counts).where('id', '=', id).execute();
}

export async function finishOnboardingRunRow(
  db: Db,
  id: string,
  values: { status: 'done' | 'stopped'; processed: number; created: number; skipped: number; results: unknown; error: unknown; finishedAt: Date },
): Promise<void> {
  await db
    .updateTable('onboarding_run')
    .set({
      status: values.status,
      processed: values.processed,
      created: values.created,
      skipped: values.skipped,
      results: JSON.stringify(values.results),
      error: values.error ? JSON.stringify(values.error) : null,
      finished_at: values.finishedAt,
    })
    .where('id', '=', id)
    .execute();
}

/** Mark a run that is still queued or running failed, with the code of its reason. */
export async function failOnboardingRunRow(db: Db, id: string, code: string, at: Date): Promise<void> {
  await db
    .updateTable('onboarding_run')
    .set({ status: 'failed', error: JSON.stringify({ code, params: {} }), finished_at: at })
    .where('id', '=', id)
    .where('status', 'in', ['queued', 'running'])
    .execute();
}
