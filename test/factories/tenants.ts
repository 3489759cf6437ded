/**
 * Two tenants side by side, for access tests: area A (our area: schools sA and sA2, an
 * area officer, a leader, a coordinator and a teacher of sA, a leader of sA2) and area B
 * (another area: schools sB, sB2, sB3, its officer and leaders), with objects of each kind
 * belonging to B — an active pair with its MoU, a notice, a steering committee member, a
 * scan and wishes — and a pair of the other school of area A with a school of B.
 * Everything through the factories (the real services); overrides pick the clock.
 */
import { addSteeringMember } from '#src/server/features/pairs/steering.service.ts';
import { sendNotice } from '#src/server/features/pairs/notices.service.ts';
import { setWishes } from '#src/server/features/matching/matching.service.ts';
import { createAdminUnit } from './admin-units.ts';
import { createCampaign } from './campaigns.ts';
import type { FactoryDb } from './db.ts';
import { createPair } from './pairs.ts';
import { createSchool, type FactorySchool } from './schools.ts';
import { createAreaOfficer, createCoordinator, createDepartmentAdmin, createSchoolLeader, createTeacher, type FactoryUser } from './users.ts';

export interface TenantsOverrides {
  /** The clock of every step (default: now). */
  now?: Date;
}

export async function createTenants(db: FactoryDb, overrides: TenantsOverrides = {}) {
  const now = overrides.now ?? new Date();
  const admin = await createDepartmentAdmin(db);
  const campaign = await createCampaign(db);
  const areaA = await createAdminUnit(db, { kind: 'district' });
  const a1 = await createAdminUnit(db, { kind: 'commune', parentId: areaA.id });
  const areaB = await createAdminUnit(db, { kind: 'district' });
  const b1 = await createAdminUnit(db, { kind: 'commune', parentId: areaB.id });

  const school = (unit: typeof a1, areaType: 'inner-city' | 'mountainous') => createSchool(db, { unit, areaType });
  const sA = await school(a1, 'inner-city');
  const sA2 = await school(a1, 'inner-city');
  const sB = await school(b1, 'inner-city');
  const sB2 = await school(b1, 'mountainous');
  const sB3 = await school(b1, 'mountainous');

  const users = {
    admin,
    officerA: await createAreaOfficer(db, { unit: areaA }),
    leaderA: await createSchoolLeader(db, { school: sA }),
    coordinatorA: await createCoordinator(db, { school: sA }),
    teacherA: await createTeacher(db, { school: sA }),
    leaderA2: await createSchoolLeader(db, { school: sA2 }),
    officerB: await createAreaOfficer(db, { unit: areaB }),
    leaderB: await createSchoolLeader(db, { school: sB }),
    leaderB2: await createSchoolLeader(db, { school: sB2 }),
    leaderB3: await createSchoolLeader(db, { school: sB3 }),
  } satisfies Record<string, FactoryUser>;

  // Area B's own pair, active (MoU signed by both), with a notice, a committee member, a scan and wishes.
  const pairB = await createPair(db, { state: 'active', schools: [sB, sB2], leaders: [users.leaderB, users.leaderB2], admin, campaign, now });
  const notice = await db.transaction().execute((trx) => sendNotice(trx, users.leaderB.ctx, pairB.id, { kind: 'cancel', reason: 'Hai trường thống nhất dừng chương trình.' }, now));
  const member = await db
    .transaction()
    .execute((trx) => addSteeringMember(trx, admin.ctx, pairB.id, { schoolId: sB.id, fullName: 'Nguyễn Văn Bình', committeeRole: 'member' }, now));
  const mou = await db.selectFrom('mou').select(['id', 'version', 'verification_code']).where('pair_id', '=', pairB.id).where('status', '=', 'signed').executeTakeFirstOrThrow();
  const scan = await db
    .insertInto('mou_scan')
    .values({ mou_id: mou.id, file_name: 'ban-scan.pdf', media_type: 'application/pdf', size_bytes: 9, sha256: '0'.repeat(64), storage_key: 'mou-scans/none.pdf', uploaded_by_user_id: users.leaderB.id })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.transaction().execute((trx) => setWishes(trx, users.leaderB.ctx, { campaignId: campaign.id, schoolId: sB.id, partnerIds: [sB2.id] }, now));

  // The other school of area A, paired (approved) with a school of area B.
  const pairX = await createPair(db, { state: 'approved', schools: [sA2, sB3], leaders: [users.leaderA2, users.leaderB3], admin, campaign, now });

  return {
    campaign,
    units: { areaA, a1, areaB, b1 },
    schools: { sA, sA2, sB, sB2, sB3 } satisfies Record<string, FactorySchool>,
    users,
    pairB: { ...pairB, noticeId: notice.id, memberId: member.id, scanId: scan.id, mouVersion: mou.version, verificationCode: mou.verification_code! },
    pairX,
  };
}

export type Tenants = Awaited<ReturnType<typeof createTenants>>;
