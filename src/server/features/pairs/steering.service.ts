/** Ban chỉ đạo (Điều 4 of the MoU): members of the pair's schools with committee roles. */
import { z } from 'zod';
import { singleLineText } from '#src/core/text-schema.ts';
import { ValidationError } from '#src/core/errors.ts';
import { COMMITTEE_ROLES, type SteeringMemberDto } from '#src/core/pairs/dto.ts';
import { isPhoneNumber } from '#src/core/vn/phone.ts';
import { cleanText } from '#src/core/vn/text.ts';
import { isoDateInHanoi } from '#src/core/vn/format.ts';
import type { CallContext, Db } from '#src/server/context.ts';
import { recordAudit } from '#src/server/features/audit/audit.service.ts';
import { PairConflictError, SteeringMemberNotFoundError } from './pairs.errors.ts';
import {
  deleteSteeringMember,
  findSteeringRow,
  insertSteeringMember,
  listSteeringRows,
  updateSteeringMember,
} from './pairs.repository.ts';
import type { SteeringMemberTable } from './pair.table.ts';
import type { Selectable } from 'kysely';
import { loadPairFor } from './pairs.service.ts';
import { authorize } from '#src/core/access/guard.ts';

export const steeringMemberSchema = z.strictObject({
  schoolId: z.string().uuid(),
  fullName: singleLineText().min(2).max(120),
  committeeRole: z.enum(COMMITTEE_ROLES),
  position: singleLineText().max(120).optional(),
  phone: z
    .string()
    .trim()
    .max(20)
    .refine((v) => v === '' || isPhoneNumber(v), { params: { key: 'phone_format' } })
    .optional(),
  email: z
    .string()
    .trim()
    .max(200)
    .refine((v) => v === '' || /^[^\s@]+@[^\s@]+\.[^\s@]+$/u.test(v), { params: { key: 'email_format' } })
    .optional(),
  sort: z.number().int().min(0).max(999).optional(),
});
export type SteeringMemberInput = z.infer<typeof steeringMemberSchema>;

export const steeringMemberDto = (r: Selectable<SteeringMemberTable>): SteeringMemberDto => ({
  id: r.id,
  schoolId: r.school_id,
  fullName: r.full_name,
  committeeRole: r.committee_role,
  position: r.position,
  phone: r.phone,
  email: r.email,
});

export async function listSteering(db: Db, ctx: CallContext, pairId: string, now: Date): Promise<SteeringMemberDto[]> {
  await loadPairFor(db, ctx, pairId, isoDateInHanoi(now));
  return (await listSteeringRows(db, pairId)).map(steeringMemberDto);
}

/** Leaders manage their own school's members; the department manages all. */
async function checkManage(trx: Db, ctx: CallContext, pairId: string, schoolId: string, now: Date) {
  const { members, facts } = await loadPairFor(trx, ctx, pairId, isoDateInHanoi(now), true);
  if (!members.some((m) => m.school_id === schoolId)) throw new ValidationError('schoolId', 'school_not_in_pair');
  authorize(ctx.actor, 'steering.manage', { ...facts, memberSchoolId: schoolId }, { onState: () => new PairConflictError('PAIR_NOT_ACTIVE') });
}

const values = (input: SteeringMemberInput) => ({
  school_id: input.schoolId,
  full_name: cleanText(input.fullName),
  committee_role: input.committeeRole,
  position: input.position ? cleanText(input.position) : null,
  phone: input.phone || null,
  email: input.email || null,
  ...(input.sort !== undefined ? { sort: input.sort } : {}),
});

export async function addSteeringMember(trx: Db, ctx: CallContext, pairId: string, input: SteeringMemberInput, now: Date) {
  await checkManage(trx, ctx, pairId, input.schoolId, now);
  const row = await insertSteeringMember(trx, { pair_id: pairId, ...values(input) });
  await recordAudit(trx, ctx, { action: 'steering.add', entity: 'pair', entityId: pairId, after: steeringMemberDto(row) });
  return steeringMemberDto(row);
}

export async function updateSteering(trx: Db, ctx: CallContext, pairId: string, memberId: string, input: SteeringMemberInput, now: Date) {
  const before = await findSteeringRow(trx, pairId, memberId, true);
  if (!before) throw new SteeringMemberNotFoundError();
  await checkManage(trx, ctx, pairId, before.school_id, now);
  if (input.schoolId !== before.school_id) await checkManage(trx, ctx, pairId, input.schoolId, now);
  const row = await updateSteeringMember(trx, memberId, { ...values(input), updated_at: now });
  await recordAudit(trx, ctx, { action: 'steering.update', entity: 'pair', entityId: pairId, before: steeringMemberDto(before), after: steeringMemberDto(row) });
  return steeringMemberDto(row);
}

export async function removeSteeringMember(trx: Db, ctx: CallContext, pairId: string, memberId: string, now: Date) {
  const before = await findSteeringRow(trx, pairId, memberId, true);
  if (!before) throw new SteeringMemberNotFoundError();
  await checkManage(trx, ctx, pairId, before.school_id, now);
  await deleteSteeringMember(trx, memberId);
  await recordAudit(trx, ctx, { action: 'steering.remove', entity: 'pair', entityId: pairId, before: steeringMemberDto(before) });
}
