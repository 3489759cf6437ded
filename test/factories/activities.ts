import type { ActivityStatus } from '#src/core/activities/activity.ts';
import type { ActivityDetailDto, ActivityInput } from '#src/core/activities/dto.ts';
import { isoDateInHanoi } from '#src/core/vn/format.ts';
import { createActivity as createActivityService, transitionActivity } from '#src/server/features/activities/activities.service.ts';
import type { FactoryDb } from './db.ts';
import { createPair, type FactoryPair } from './pairs.ts';
import type { FactoryUser } from './users.ts';

export type ActivityOverrides = Partial<Omit<ActivityInput, 'pairId'>> & {
  /** An approved or active pair (default: a new active one). */
  pair?: FactoryPair;
  /** The state to take it to, as the host school closes it (default `planned`). */
  status?: ActivityStatus;
  /** Who records and closes it (default: the host school's leader). */
  by?: FactoryUser;
  /** The clock of every step (default: now; a `done` activity must have started by it). */
  now?: Date;
};

/**
 * A joint activity of a pair, recorded and closed as the host school does it: the
 * activities service, one transaction and audit row per step. Default: a subject-group
 * exchange hosted by the pair's first school on the clock's day (Hanoi), both schools
 * taking part; a reported one gets an outcome unless given one.
 */
export async function createActivity(db: FactoryDb, overrides: ActivityOverrides = {}): Promise<ActivityDetailDto & { pair: FactoryPair }> {
  const { pair: givenPair, status = 'planned', by, now = new Date(), ...fields } = overrides;
  const pair = givenPair ?? (await createPair(db, { state: 'active', now }));
  const hostSchoolId = fields.hostSchoolId ?? pair.schools[0]!.id;
  const host = by ?? pair.leaders[pair.schools.findIndex((s) => s.id === hostSchoolId)]!;
  const input: ActivityInput = {
    kind: 'subject-group-exchange',
    title: 'Sinh hoạt chuyên môn tổ Toán giữa hai trường',
    startsOn: isoDateInHanoi(now),
    place: 'Phòng họp tổ Toán',
    mode: 'in-person',
    subject: 'Toán',
    participants: pair.schools.map((s, i) => ({ schoolId: s.id, teachers: 10 - i * 2, staff: 1, students: 0 })),
    people: [],
    ...(status === 'reported' ? { outcome: 'Hai trường thống nhất ba chuyên đề cho năm học tới.' } : {}),
    ...fields,
    hostSchoolId,
    pairId: pair.id,
  };
  const step = <T>(fn: (trx: FactoryDb) => Promise<T>) => db.transaction().execute(fn);
  let activity = await step((trx) => createActivityService(trx, host.ctx, input, now));
  if (status === 'cancelled') activity = await step((trx) => transitionActivity(trx, host.ctx, activity.id, { event: 'cancel', reason: 'Hai trường dời hoạt động' }, now));
  if (status === 'done' || status === 'reported') activity = await step((trx) => transitionActivity(trx, host.ctx, activity.id, { event: 'complete' }, now));
  if (status === 'reported') activity = await step((trx) => transitionActivity(trx, host.ctx, activity.id, { event: 'report' }, now));
  return { ...activity, pair };
}
