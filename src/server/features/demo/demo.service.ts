import { sql } from 'kysely';
import { hashMouContent } from '#src/core/mou/hash.ts';
import { fillMouTemplate, SEED_MOU_TEMPLATE } from '#src/core/mou/seed-template.ts';
import { compactSearchKey, foldForSearch } from '#src/core/vn/text.ts';
import { recordAudit } from '#src/server/features/audit/audit.service.ts';
import { hashPassword } from '#src/server/features/users/users.service.ts';
import type { CallContext, Db } from '#src/server/context.ts';
import type { Kysely } from 'kysely';
import type { Database } from '#src/db/schema.ts';
import {
  DEMO_PASSWORD,
  demoActivities,
  demoCampaign,
  demoPairs,
  demoSchools,
  demoUnits,
  demoUsers,
} from './demo-data.ts';

const DEMO_META_KEY = 'demo_data';

export type DemoResult = { loaded: true } | { loaded: false; reason: 'already-loaded' | 'not-empty' };

/** The text search matches against: name, short name and code, folded and compacted. */
export function schoolSearchKey(s: { code: string; name: string; shortName: string }): string {
  const folded = foldForSearch(`${s.name} ${s.shortName} ${s.code}`);
  return `${folded} ${compactSearchKey(s.shortName)} ${compactSearchKey(s.name)}`;
}

/**
 * Load the seed demo into an empty database, once: never over real data and
 * never twice (a marker in app_meta records that it was loaded).
 */
export async function loadDemoData(db: Kysely<Database>, ctx: CallContext): Promise<DemoResult> {
  return db.transaction().execute(async (trx) => {
    // One loader at a time, even with several app nodes starting together.
    await sql`select pg_advisory_xact_lock(4340)`.execute(trx);
    const marker = await trx.selectFrom('app_meta').select('key').where('key', '=', DEMO_META_KEY).executeTakeFirst();
    if (marker) return { loaded: false, reason: 'already-loaded' } as const;
    const users = await trx.selectFrom('app_user').select('id').limit(1).executeTakeFirst();
    const schools = await trx.selectFrom('school').select('id').limit(1).executeTakeFirst();
    if (users || schools) return { loaded: false, reason: 'not-empty' } as const;
    await insertDemo(trx, ctx);
    return { loaded: true } as const;
  });
}

async function insertDemo(trx: Db, ctx: CallContext): Promise<void> {
  const unitIds = new Map<string, string>();
  for (const u of demoUnits) {
    const row = await trx
      .insertInto('admin_unit')
      .values({
        code: u.code,
        name: u.name,
        kind: u.kind,
        parent_id: u.parent ? unitIds.get(u.parent)! : null,
        valid_to: u.validTo,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    unitIds.set(u.key, row.id);
  }

  const schoolIds = new Map<string, string>();
  for (const s of demoSchools) {
    const row = await trx
      .insertInto('school')
      .values({
        code: s.code,
        name: s.name,
        short_name: s.shortName,
        level: s.level,
        area_type: s.areaType,
        principal_name: s.principal,
        address: null,
        students: null,
        teachers: null,
        classes: null,
        phone: null,
        email: null,
        search_key: schoolSearchKey(s),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    schoolIds.set(s.key, row.id);
    const unit = demoUnits.find((u) => u.key === s.unit)!;
    await trx
      .insertInto('school_location')
      .values({ school_id: row.id, admin_unit_id: unitIds.get(s.unit)!, valid_to: unit.validTo })
      .execute();
  }

  const campaign = await trx
    .insertInto('campaign')
    .values({
      number: demoCampaign.number,
      issuer: demoCampaign.issuer,
      issued_on: demoCampaign.issuedOn,
      title: demoCampaign.title,
      phase_start_year: demoCampaign.phaseStartYear,
      phase_end_year: demoCampaign.phaseEndYear,
      mou_template: JSON.stringify(SEED_MOU_TEMPLATE),
    })
    .returning('id')
    .executeTakeFirstOrThrow();

  const pairIds = new Map<string, string>();
  for (const p of demoPairs) {
    const pair = await trx
      .insertInto('pair')
      .values({ campaign_id: campaign.id, state: 'active', proposed_by_user_id: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    pairIds.set(p.key, pair.id);
    for (const key of p.schools) {
      await trx
        .insertInto('pair_member')
        .values({ pair_id: pair.id, school_id: schoolIds.get(key)!, accepted_at: null, declined_reason: null })
        .execute();
    }
    if (p.mou) {
      const content = fillMouTemplate(SEED_MOU_TEMPLATE, { ...p.mou.partyNames, phase: p.mou.phase });
      const sha = hashMouContent(content);
      const mou = await trx
        .insertInto('mou')
        .values({
          pair_id: pair.id,
          version: 1,
          number: null,
          place: p.mou.place,
          dated_on: p.mou.datedOn,
          content: JSON.stringify(content),
          content_sha256: sha,
          status: 'signed',
          signed_on: p.mou.datedOn,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      for (const sig of p.mou.signatories) {
        await trx
          .insertInto('mou_signature')
          .values({
            mou_id: mou.id,
            school_id: schoolIds.get(sig.school)!,
            signatory_name: sig.name,
            signatory_title: sig.title,
            signed_by_user_id: null,
            // Signed on paper that day; the hour is not known, noon Hanoi time is recorded.
            signed_at: new Date(`${p.mou.datedOn}T05:00:00Z`),
            content_sha256: sha,
          })
          .execute();
      }
    }
  }

  for (const a of demoActivities) {
    await trx
      .insertInto('activity')
      .values({
        pair_id: pairIds.get(a.pair)!,
        kind: a.kind,
        title: a.title,
        starts_on: a.startsOn,
        place: a.place,
        host_school_id: schoolIds.get(a.host)!,
        status: a.status,
        description: a.description,
      })
      .execute();
  }

  const passwordHash = await hashPassword(DEMO_PASSWORD);
  for (const u of demoUsers) {
    await trx
      .insertInto('app_user')
      .values({
        username: u.username,
        display_name: u.displayName,
        email: null,
        password_hash: passwordHash,
        role: u.role,
        school_id: u.school ? schoolIds.get(u.school)! : null,
        admin_unit_id: null,
        disabled_at: null,
      })
      .execute();
  }

  await trx
    .insertInto('app_meta')
    .values({ key: DEMO_META_KEY, value: JSON.stringify({ loadedAt: new Date().toISOString() }) })
    .execute();
  await recordAudit(trx, ctx, {
    action: 'demo.load',
    entity: 'database',
    entityId: null,
    after: { schools: demoSchools.length, pairs: demoPairs.length, activities: demoActivities.length, users: demoUsers.length },
  });
}
