/**
 * The demo's SQL: whether it may be loaded, and its rows. The service (demo.service.ts)
 * decides, loads the units, hashes the password and writes the audit row.
 */
import { randomBytes } from 'node:crypto';
import { schoolYearOf } from '#src/core/activities/activity.ts';
import { fillMouTemplate, SEED_MOU_TEMPLATE } from '#src/core/mou/seed-template.ts';
import { MOU_TEMPLATE } from '#src/core/mou/placeholders.ts';
import {
  documentNumberText,
  documentSymbol,
  hashMouVersion,
  partyNameOf,
  phaseInText,
  verificationCodeFrom,
  type MouParty,
} from '#src/core/mou/version.ts';
import { ancestry, succession, unitNameInText, type UnitIndex, type UnitRecord } from '#src/core/registry/admin-units.ts';
import { schoolSearchKey } from '#src/core/registry/school.ts';
import type { Db } from '#src/server/context.ts';
import { writeSchoolRows } from '#src/server/features/schools/schools.repository.ts';
import { demoActivities, demoCampaign, demoCommunes, demoPairs, demoProfiles, demoSchools, demoUsers, demoWishes, type DemoUnitKey } from './demo-data.ts';

/**
 * The pairs whose member schools include every one of `codes`, with their campaign's phase
 * years, earliest phase first (the demo's couples of schools have one pair per phase).
 */
export async function demoPairsOfSchools(db: Db, codes: readonly string[]) {
  return db
    .selectFrom('pair_member')
    .innerJoin('school', 'school.id', 'pair_member.school_id')
    .innerJoin('pair', 'pair.id', 'pair_member.pair_id')
    .innerJoin('campaign', 'campaign.id', 'pair.campaign_id')
    .select(['pair_member.pair_id', 'campaign.phase_start_year', 'campaign.phase_end_year'])
    .where('school.code', 'in', [...codes])
    .groupBy(['pair_member.pair_id', 'campaign.phase_start_year', 'campaign.phase_end_year'])
    .having((eb) => eb.fn.countAll(), '=', codes.length)
    .orderBy('campaign.phase_start_year')
    .execute();
}

/** Every account, with what an actor is made of (the demo acts as its people). */
export async function listDemoActors(db: Db) {
  return db.selectFrom('app_user').select(['id', 'username', 'role', 'school_id', 'admin_unit_id']).execute();
}

export const DEMO_META_KEY = 'demo_data';

/** Whether the demo was loaded already, and whether the database holds any user or school. */
export async function demoLoadState(trx: Db) {
  const marker = await trx.selectFrom('app_meta').select('key').where('key', '=', DEMO_META_KEY).executeTakeFirst();
  const users = await trx.selectFrom('app_user').select('id').limit(1).executeTakeFirst();
  const schools = await trx.selectFrom('school').select('id').limit(1).executeTakeFirst();
  return { loaded: Boolean(marker), empty: !users && !schools };
}

/**
 * Write the demo's rows (schools with their profiles and locations, the campaign, wishes,
 * pairs with the signed 2023 MoU, activities, users and the marker), all in `trx`. The
 * caller gives the official units (loaded on migrate) and the hashed password.
 */
export async function insertDemoRows(trx: Db, units: UnitIndex, passwordHash: string): Promise<void> {
  // Each school's commune of 2023 by its code.
  const communeOf = (key: DemoUnitKey): UnitRecord => {
    const code = demoCommunes[key];
    const unit = [...units.byId.values()].find((u) => u.code === code && u.validFrom === '1900-01-01' && u.kind !== 'district' && u.kind !== 'province');
    if (!unit) throw new Error(`the administrative-unit catalogue has no commune ${code}: run the migrations`);
    return unit;
  };

  /** The unit each school stands in at the end of its history (today's), for the area officer. */
  const unitNow = new Map<string, string>();
  const schoolIds = new Map<string, string>();
  for (const s of demoSchools) {
    // The pairing engine's inputs: coordinates, size, strengths and needs.
    const profile = demoProfiles[s.key];
    const [row] = await writeSchoolRows(trx, [
      {
        code: s.code,
        name: s.name,
        shortName: s.shortName,
        level: s.level,
        ownership: 'public',
        areaType: s.areaType,
        address: null,
        students: profile.students,
        teachers: null,
        classes: null,
        principalName: s.principal,
        phone: null,
        email: null,
        latitude: profile.lat,
        longitude: profile.lon,
        districtLabel: null,
        communeLabel: null,
      },
    ]);
    if (!row) throw new Error('demo school not written');
    schoolIds.set(s.key, row.id);
    const capabilities = [
      ...profile.strengths.map(([area, level]) => ({ school_id: row.id, kind: 'strength' as const, area_code: area, level, note: null })),
      ...profile.needs.map(([area, level]) => ({ school_id: row.id, kind: 'need' as const, area_code: area, level, note: null })),
    ];
    if (capabilities.length) await trx.insertInto('school_capability').values(capabilities).execute();
    // The commune of 2023, then the one that took it over on 1/7/2025 (xã Chu Phan → xã
    // Yên Lãng; a divided commune's part nearest to the school).
    const path = succession(units.byId, communeOf(s.unit), '9999-12-31', { latitude: profile.lat, longitude: profile.lon }).path;
    await trx
      .insertInto('school_location')
      .values(path.map((u, i) => ({ school_id: row.id, admin_unit_id: u.id, valid_from: u.validFrom, valid_to: i === path.length - 1 ? null : u.validTo })))
      .execute();
    unitNow.set(s.key, path[path.length - 1]!.id);
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
      mou_template: JSON.stringify(MOU_TEMPLATE),
      school_years: ['2022-2023', '2023-2024', '2024-2025'],
    })
    .returning('id')
    .executeTakeFirstOrThrow();

  for (const w of demoWishes) {
    await trx
      .insertInto('matching_wish')
      .values(w.partners.map((p, i) => ({ campaign_id: campaign.id, school_id: schoolIds.get(w.school)!, partner_id: schoolIds.get(p)!, rank: i + 1, updated_by_user_id: null })))
      .execute();
  }

  const pairIds = new Map<string, string>();
  for (const p of demoPairs) {
    const members = p.schools.map((key) => demoSchools.find((s) => s.key === key)!);
    const pair = await trx
      .insertInto('pair')
      .values({
        campaign_id: campaign.id,
        // A pair without its MoU here is approved: demo-phases.ts has it signed on 25/10/2023.
        state: p.mou ? 'active' : 'approved',
        proposed_by_user_id: null,
        approved_at: new Date(`${p.mou?.datedOn ?? '2023-10-16'}T01:00:00Z`),
        search_key: members.map((s) => schoolSearchKey(s)).join(' '),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    pairIds.set(p.key, pair.id);
    for (const [position, key] of p.schools.entries()) {
      await trx
        .insertInto('pair_member')
        .values({
          pair_id: pair.id,
          school_id: schoolIds.get(key)!,
          position,
          accepted_at: new Date(`${p.mou?.datedOn ?? '2023-10-16'}T01:00:00Z`),
          declined_reason: null,
        })
        .execute();
    }
    if (p.mou) {
      const mou = p.mou;
      // The names the MoU used: "Trường TH Chu Phan" and the district of 2023.
      const parties: MouParty[] = mou.signatories.map((sig) => {
        const school = demoSchools.find((s) => s.key === sig.school)!;
        const unit = communeOf(school.unit);
        const district = ancestry(units.byId, unit).find((u) => u.kind === 'district');
        return {
          schoolId: schoolIds.get(sig.school)!,
          name: partyNameOf(school.shortName),
          unitLine: unitNameInText((district ?? unit).name),
          shortName: school.shortName,
          signatoryName: sig.name,
          signatoryTitle: sig.title,
          representatives: [],
        };
      });
      const content = fillMouTemplate(SEED_MOU_TEMPLATE, {
        parties: parties.map((x) => `${x.name} ${x.unitLine}`),
        phase: phaseInText(mou.phase),
      });
      const text = { place: mou.place, venue: mou.venue, datedOn: mou.datedOn, phase: mou.phase, parties, content };
      const sha = hashMouVersion(text);
      const issuer = parties[0]!;
      const year = Number(mou.datedOn.slice(0, 4));
      const number = documentNumberText(mou.numberSeq, documentSymbol('mou', issuer.shortName));
      const row = await trx
        .insertInto('mou')
        .values({
          pair_id: pair.id,
          version: 1,
          number,
          place: mou.place,
          venue: mou.venue,
          dated_on: mou.datedOn,
          phase: mou.phase,
          parties: JSON.stringify(parties),
          content: JSON.stringify(content),
          content_sha256: sha,
          status: 'signed',
          signed_on: mou.datedOn,
          change_note: 'Bản đã ký ngày 13/03/2023 (nhập từ bản giấy)',
          issuer_school_id: issuer.schoolId,
          number_year: year,
          number_seq: mou.numberSeq,
          verification_code: verificationCodeFrom(randomBytes(8)),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx
        .insertInto('document_counter')
        .values({ issuer_school_id: issuer.schoolId, year, last_seq: mou.numberSeq })
        .execute();
      await trx
        .insertInto('document_register')
        .values({ issuer_school_id: issuer.schoolId, year, seq: mou.numberSeq, kind: 'mou', number, ref_id: row.id, issued_on: mou.datedOn })
        .execute();
      for (const party of parties) {
        await trx
          .insertInto('mou_signature')
          .values({
            mou_id: row.id,
            school_id: party.schoolId,
            signatory_name: party.signatoryName,
            signatory_title: party.signatoryTitle,
            // Signed on paper: no account signed it in the app.
            signed_by_user_id: null,
            // The hour is not known; noon Hanoi time is recorded.
            signed_at: new Date(`${mou.datedOn}T05:00:00Z`),
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
        school_year: schoolYearOf(a.startsOn),
        place: a.place,
        host_school_id: schoolIds.get(a.host)!,
        status: a.status,
        description: a.description,
      })
      .execute();
  }

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
        admin_unit_id: u.areaOf ? (unitNow.get(u.areaOf) ?? null) : null,
        disabled_at: null,
      })
      .execute();
  }

  await trx
    .insertInto('app_meta')
    .values({ key: DEMO_META_KEY, value: JSON.stringify({ loadedAt: new Date().toISOString() }) })
    .execute();
}
