/**
 * What the yearly-plan service tells people, called in its transactions (one line each,
 * `// notify`), as `pair-events.ts` does for pairs and MoUs.
 */
import type { Db } from '#src/server/context.ts';
import { pairNames } from './pair-events.ts';
import { enabledStaffIds } from '#src/server/features/users/users.repository.ts';
import { notify } from './notifications.service.ts';

const planLink = (pairId: string, schoolYear: string) => `/app/pairs/${pairId}?tab=plan&year=${schoolYear}`;

/**
 * A version submitted: the leaders of the member schools that have not approved it yet, but
 * not the person who submitted it (a coordinator's own leader is told).
 */
export async function onPlanSubmitted(trx: Db, pairId: string, schoolYear: string, version: number, submitterSchoolId: string, submitterUserId: string | null): Promise<void> {
  const p = await pairNames(trx, pairId);
  const leaders = (await enabledStaffIds(trx, p.schoolIds)).filter((id) => id !== submitterUserId);
  await notify(trx, {
    userIds: leaders,
    kind: 'plan.awaitingApproval',
    params: { pair: p.label, school: p.names.get(submitterSchoolId) ?? '', schoolYear, version },
    link: planLink(pairId, schoolYear),
  });
}

/** Approved by every school: the leaders and coordinators of every member school. */
export async function onPlanApproved(trx: Db, pairId: string, schoolYear: string, version: number): Promise<void> {
  const p = await pairNames(trx, pairId);
  const staff = await enabledStaffIds(trx, p.schoolIds, ['school-leader', 'school-coordinator']);
  await notify(trx, { userIds: staff, kind: 'plan.approved', params: { pair: p.label, schoolYear, version }, link: planLink(pairId, schoolYear) });
}

/**
 * A version awaiting approval taken back to draft (withdrawn by its school, or edited by either
 * school): the people whose request or approval no longer stands — every member school's leaders
 * (each was asked to approve it), whoever approved it already and whoever submitted it — but not
 * the person who took it back.
 */
export async function onPlanWithdrawn(
  trx: Db,
  pairId: string,
  schoolYear: string,
  version: number,
  by: { schoolId: string; userId: string | null },
  concerned: readonly (string | null)[],
): Promise<void> {
  const p = await pairNames(trx, pairId);
  const leaders = await enabledStaffIds(trx, p.schoolIds);
  const userIds = [...new Set([...leaders, ...concerned.filter((id): id is string => id !== null)])].filter((id) => id !== by.userId);
  await notify(trx, {
    userIds,
    kind: 'plan.withdrawn',
    params: { pair: p.label, school: p.names.get(by.schoolId) ?? '', schoolYear, version },
    link: planLink(pairId, schoolYear),
  });
}
