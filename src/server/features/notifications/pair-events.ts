/**
 * What the pair, MoU and notice services tell people, called in their transactions: one line
 * in each of those services (`// notify`), the rules of who is told here. Names are read as
 * they are at the moment of the change.
 */
import type { Db } from '#src/server/context.ts';
import { listMemberRows } from '#src/server/features/pairs/pairs.repository.ts';
import { enabledDepartmentAdminIds, enabledStaffIds } from '#src/server/features/users/users.repository.ts';
import { notify } from './notifications.service.ts';

interface PairNames {
  label: string;
  names: Map<string, string>;
  schoolIds: string[];
}

export async function pairNames(db: Db, pairId: string): Promise<PairNames> {
  const rows = await listMemberRows(db, [pairId]);
  return { label: rows.map((r) => r.name).join(' – '), names: new Map(rows.map((r) => [r.school_id, r.name])), schoolIds: rows.map((r) => r.school_id) };
}

/** Each pair's label ("A – B", its schools' names in member order), as it is now. */
export async function pairLabels(db: Db, pairIds: readonly string[]): Promise<Map<string, string>> {
  const names = new Map<string, string[]>();
  for (const m of await listMemberRows(db, [...pairIds])) names.set(m.pair_id, [...(names.get(m.pair_id) ?? []), m.name]);
  return new Map([...names].map(([id, n]) => [id, n.join(' – ')]));
}

const pairLink = (pairId: string) => `/app/pairs/${pairId}`;

/** A pair proposed: the leaders of the schools that have not answered yet (not the proposer's). */
export async function onPairProposed(trx: Db, pairId: string, proposerSchoolId: string | null): Promise<void> {
  const p = await pairNames(trx, pairId);
  const to = p.schoolIds.filter((id) => id !== proposerSchoolId);
  await notify(trx, { userIds: await enabledStaffIds(trx, to), kind: 'pair.proposed', params: { pair: p.label }, link: pairLink(pairId) });
}

/** Every school accepted: the department approves next. */
export async function onPairAccepted(trx: Db, pairId: string): Promise<void> {
  const p = await pairNames(trx, pairId);
  await notify(trx, { userIds: await enabledDepartmentAdminIds(trx), kind: 'pair.awaitingApproval', params: { pair: p.label }, link: pairLink(pairId) });
}

/** Approved: the leaders and coordinators of every member school. */
export async function onPairApproved(trx: Db, pairId: string): Promise<void> {
  const p = await pairNames(trx, pairId);
  const staff = await enabledStaffIds(trx, p.schoolIds, ['school-leader', 'school-coordinator']);
  await notify(trx, { userIds: staff, kind: 'pair.approved', params: { pair: p.label }, link: pairLink(pairId) });
}

/** A school signed: the others' leaders (it waits for them), or everyone's once complete. */
export async function onMouSigned(trx: Db, pairId: string, signerSchoolId: string, version: number, complete: boolean): Promise<void> {
  const p = await pairNames(trx, pairId);
  if (complete) {
    const staff = await enabledStaffIds(trx, p.schoolIds, ['school-leader', 'school-coordinator']);
    await notify(trx, { userIds: staff, kind: 'mou.signed', params: { pair: p.label, version }, link: pairLink(pairId) });
    return;
  }
  const others = p.schoolIds.filter((id) => id !== signerSchoolId);
  await notify(trx, {
    userIds: await enabledStaffIds(trx, others),
    kind: 'mou.signedByPartner',
    params: { pair: p.label, school: p.names.get(signerSchoolId) ?? '', version },
    link: pairLink(pairId),
  });
}

/** A written notice sent: the other schools' leaders answer it. */
export async function onNoticeSent(trx: Db, pairId: string, senderSchoolId: string): Promise<void> {
  const p = await pairNames(trx, pairId);
  const others = p.schoolIds.filter((id) => id !== senderSchoolId);
  await notify(trx, { userIds: await enabledStaffIds(trx, others), kind: 'notice.received', params: { pair: p.label, school: p.names.get(senderSchoolId) ?? '' }, link: pairLink(pairId) });
}

/** A notice answered: the sender's leaders. */
export async function onNoticeAnswered(trx: Db, pairId: string, senderSchoolId: string, responderSchoolId: string, decision: 'accept' | 'reject'): Promise<void> {
  const p = await pairNames(trx, pairId);
  await notify(trx, {
    userIds: await enabledStaffIds(trx, [senderSchoolId]),
    kind: 'notice.answered',
    params: { pair: p.label, school: p.names.get(responderSchoolId) ?? '', decision },
    link: pairLink(pairId),
  });
}
