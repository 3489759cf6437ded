/**
 * Roles × actions × tenants: every route of the OpenAPI description, called as every role
 * (and as a user of another school and of another area, and anonymously) with the ids of
 * objects of another school and of another area. Fails on any 2xx the access policy does
 * not grant for the facts of that object, and on any answer that shows a school the caller
 * may not see. A route missing from the map below fails the test: a new route must say
 * which action of the policy it is.
 */
import { describe, expect, it } from 'vitest';
import { can, scopeFor, type Action, type Principal, type Resource } from '#src/core/access/policy.ts';
import type { Role } from '#src/core/roles.ts';
import { isoDateInHanoi } from '#src/core/vn/format.ts';
import { locationsRewrittenFrom, schoolFactOn, schoolFactsOn, unitChain, unitValidity } from '#src/server/access/facts.repository.ts';
import { listMemberRows } from '#src/server/features/pairs/pairs.repository.ts';
import { pairFacts } from '#src/server/features/pairs/pairs.service.ts';
import { createActivity } from '#src/server/features/activities/activities.service.ts';
// plans
import { savePlan, savePlanSchema } from '#src/server/features/plans/plans.service.ts';
import { createTestApp, type SignedIn } from '../helpers/app.ts';
import { createTenants } from '../factories/tenants.ts';
import { createTeacher, FACTORY_PASSWORD, type FactoryUser } from '../factories/users.ts';
import { multipartFile } from '../helpers/pairs.ts';
// support
import { createContribution, deliverContribution } from '../factories/support.ts';
import { createBeneficiary } from '#src/server/features/support/beneficiaries.service.ts';
// sponsorships
import { createSponsorship, recordPayment } from '#src/server/features/support/sponsorships.service.ts';

const NOW = new Date('2026-03-02T03:00:00Z');
const t = await createTestApp({ demo: false, now: () => NOW });
const w = await createTenants(t.db, { now: NOW });
const today = isoDateInHanoi(NOW);

/** The objects a caller is pointed at: another school of the caller's area's world, or area B's. */
interface Target {
  label: string;
  schoolId: string;
  partnerId: string;
  unitId: string;
  pairId: string;
}
const targets: Target[] = [
  { label: 'another school (area A)', schoolId: w.schools.sA2.id, partnerId: w.schools.sB3.id, unitId: w.units.a1.id, pairId: w.pairX.id },
  { label: 'another area (B)', schoolId: w.schools.sB.id, partnerId: w.schools.sB2.id, unitId: w.units.b1.id, pairId: w.pairB.id },
];

// Objects only area B has; the same ids are used against both targets.
const importRes = await t.as(await t.signIn(w.users.admin.username, FACTORY_PASSWORD))('POST', '/api/schools/imports?dryRun=true&fileName=x.xlsx', Buffer.from('not a workbook'), {
  'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
});
const importId: string = importRes.json().id;
const runRes = await t.as(await t.signIn(w.users.officerB.username, FACTORY_PASSWORD))('POST', '/api/matching/runs', { campaignId: w.campaign.id });
const runId: string = runRes.json().id;
// paper: a scanned letter (multipart), for the routes recording a school's step on paper
const paperLetter = multipartFile('thu.pdf', Buffer.from('%PDF-1.4 letter'), 'application/pdf');
// support: area B's contributions (sB gives to sB2), one delivered, one still only pledged.
const supportB = await (async () => {
  const given = { schoolId: w.schools.sB2.id, donorKind: 'school' as const, donorSchoolId: w.schools.sB.id, pairId: w.pairB.id };
  const delivered = await deliverContribution(t.db, w.users.leaderB.ctx, (await createContribution(t.db, w.users.leaderB.ctx, given, NOW)).id, { deliveredOn: today }, NOW);
  const pledged = await createContribution(t.db, w.users.leaderB.ctx, given, NOW);
  return { contributionId: delivered.id, deliveryId: delivered.deliveries[0]!.id, pledgedId: pledged.id, schoolId: w.schools.sB2.id, donorSchoolId: w.schools.sB.id };
})();
// support: a beneficiary of area B's school sB (only sB's leader and coordinator may read it).
const beneficiaryB = await t.db.transaction().execute((trx) =>
  createBeneficiary(trx, t.db, w.users.leaderB.ctx, {
    schoolId: w.schools.sB.id,
    personKind: 'student',
    fullName: 'Học Sinh Ma Trận',
    birthDate: '2014-02-02',
    hardship: 'orphan',
    guardianConsent: { name: 'Người Giám Hộ', relation: 'guardian', givenOn: '2026-02-01', how: 'written', scope: ['record'] },
    publishable: false,
    reason: 'Lập hồ sơ thử',
  }, NOW),
);
const reasonQ = `reason=${encodeURIComponent('Kiểm tra quyền truy cập')}`;
// plans: area B's pair has a yearly plan 2025-2026 (drafted by its leader).
const planContent = (hostSchoolId: string) => ({
  place: 'Hà Nội',
  datedOn: '2026-03-02',
  goals: [{ text: 'Mục tiêu ma trận', mouClauses: [1] }],
  items: [{ key: '6f1c2a52-8d3e-4c1b-9a57-0d2f3b4c5d6e', month: '2026-04', kind: 'seminar', title: 'Chuyên đề ma trận', hostSchoolId, responsible: 'Bà Ma Trận' }],
  closing: [],
});
await t.db.transaction().execute((trx) => savePlan(trx, w.users.leaderB.ctx, w.pairB.id, '2025-2026', savePlanSchema.parse({ content: planContent(w.schools.sB.id) }), NOW));
// sponsorships: a student of sB whose guardian agreed to a sponsor, sponsored by a teacher of sB2 (twinned with sB; never a caller).
const sponsorB = await createTeacher(t.db, { school: w.schools.sB2 });
const sponsoredB = await t.db.transaction().execute(async (trx) => {
  const b = await createBeneficiary(trx, t.db, w.users.leaderB.ctx, {
    schoolId: w.schools.sB.id,
    personKind: 'student',
    fullName: 'Học Sinh Đỡ Đầu',
    birthDate: '2014-03-03',
    hardship: 'poor-household',
    guardianConsent: { name: 'Người Giám Hộ', relation: 'mother', givenOn: '2026-02-01', how: 'written', scope: ['record', 'sponsor'] },
    publishable: false,
    reason: 'Lập hồ sơ thử',
  }, NOW);
  const s = await createSponsorship(trx, t.db, w.users.leaderB.ctx, { beneficiaryId: b.id, sponsorKind: 'person', sponsorUsername: sponsorB.username, anonymous: true, frequency: 'monthly', amountVnd: 500_000, startsOn: '2026-01-05' }, NOW);
  return { beneficiaryId: b.id, id: s.id, sponsorUserId: sponsorB.id };
});

// activities: one activity of each target's pair (hosted by its first school), with a file row.
const activityOf = new Map<string, { id: string; host: string; fileId: string }>();
for (const [p, by] of [[w.pairB, w.users.leaderB], [w.pairX, w.users.leaderA2]] as const) {
  const a = await t.db.transaction().execute((trx) =>
    createActivity(trx, by.ctx, { pairId: p.id, kind: 'seminar', title: 'Chuyên đề ma trận', startsOn: '2026-03-10', hostSchoolId: by.school!.id, mode: 'in-person', participants: [], people: [] }, NOW),
  );
  const file = await t.db
    .insertInto('activity_file')
    .values({ activity_id: a.id, kind: 'minutes', file_name: 'bien-ban.pdf', media_type: 'application/pdf', size_bytes: 9, sha256: '0'.repeat(64), storage_key: `activities/none-${a.id}.pdf` })
    .returning('id')
    .executeTakeFirstOrThrow();
  activityOf.set(p.id, { id: a.id, host: by.school!.id, fileId: file.id });
}
const activity = (extra: Record<string, string> = {}, rest: { query?: string; body?: unknown } = {}) => (x: Target) => ({ params: { id: activityOf.get(x.pairId)!.id, ...extra }, ...rest });
// news: a draft post of each target's activity.
const newsOf = new Map<string, string>();
for (const [pairId, a] of activityOf) {
  const row = await t.db.insertInto('news_post').values({ activity_id: a.id, pair_id: pairId, title: 'Tin ma trận', created_by_user_id: null }).returning('id').executeTakeFirstOrThrow();
  newsOf.set(pairId, row.id);
}
const news = (rest: { body?: unknown } = {}) => (x: Target) => ({ params: { id: newsOf.get(x.pairId)! }, ...rest });
// sponsorship payment corrections: a payment of sB's sponsorship, recorded by its leader.
const paymentB = (await t.db.transaction().execute((trx) => recordPayment(trx, w.users.leaderB.ctx, sponsoredB.id, { paidOn: today }, NOW))).payments[0]!.id;

type Kind = 'none' | 'school' | 'location' | 'pair' | 'notice' | 'steering' | 'run' | 'propose' | 'wishes' | 'activity' | 'contribution' | 'contribution-new' | 'account' | 'beneficiary' | 'beneficiary-new' | 'sponsorship';
interface Spec {
  /** The policy's action, or 'public' for routes anyone may call. */
  action: Action | 'public';
  /** Which facts decide (default 'none'). */
  on?: Kind;
  /** Path ids, query and body, for a target. */
  req?: (x: Target) => { params?: Record<string, string>; query?: string; body?: unknown; headers?: Record<string, string> };
  /** The route shows schools the caller may name in a proposal (partner search), or a public document. */
  reveals?: 'pair.propose' | 'public' | 'school.readPublicProfile';
}

const school = (x: Target) => ({ params: { id: x.schoolId } });
const pair = (extra: Record<string, string> = {}, rest: { query?: string; body?: unknown } = {}) => (x: Target) => ({ params: { id: x.pairId, ...extra }, ...rest });

const ROUTES: Record<string, Spec> = {
  'GET /api/health': { action: 'public' },
  'POST /api/auth/login': { action: 'public', req: () => ({ body: { username: 'nobody', password: 'wrong-password-1' } }) },
  'GET /api/auth/me': { action: 'account.self' },
  'PATCH /api/auth/me': { action: 'account.self', req: () => ({ body: { locale: 'vi' } }) },
  'GET /api/auth/session': { action: 'public' },
  'POST /api/auth/logout': { action: 'account.self' },
  'GET /api/auth/throttles': { action: 'loginThrottle.manage' },
  'DELETE /api/auth/throttles/{id}': { action: 'loginThrottle.manage', req: () => ({ params: { id: '00000000-0000-4000-8000-000000000000' } }) },
  'GET /api/dashboard': { action: 'dashboard.read' },
  'POST /api/users': {
    action: 'user.create',
    on: 'account',
    req: (x) => ({ body: { username: `matrix.${Math.random().toString(36).slice(2, 8)}`, displayName: 'Thử', password: 'Matrix@2025x', role: 'teacher', schoolId: x.schoolId } }),
  },
  'GET /api/audit': { action: 'audit.list' },
  'GET /api/campaigns': { action: 'campaign.read' },
  'POST /api/campaigns': {
    action: 'campaign.create',
    req: () => ({ body: { number: `${Math.floor(Math.random() * 1e6)}/KH-SGDĐT`, issuer: 'Sở GDĐT', issuedOn: '2026-01-05', title: 'Kế hoạch thử', phaseStartYear: 2026, phaseEndYear: 2028 } }),
  },
  'GET /api/campaigns/{id}': { action: 'campaign.read', req: () => ({ params: { id: w.campaign.id } }) },
  'PATCH /api/campaigns/{id}': { action: 'campaign.update', req: () => ({ params: { id: w.campaign.id }, body: { title: 'Kế hoạch đổi tên' } }) },

  'GET /api/pairs': { action: 'pair.list' },
  'GET /api/pairs/export.xlsx': { action: 'pair.list' },
  'POST /api/pairs': { action: 'pair.propose', on: 'propose', req: (x) => ({ body: { campaignId: w.campaign.id, schoolIds: [x.schoolId, x.partnerId === w.schools.sB2.id ? w.schools.sB3.id : w.schools.sB.id] } }) },
  'GET /api/pairs/partner-candidates': { action: 'pair.partnerCandidates', reveals: 'pair.propose' },
  'GET /api/pairs/{id}': { action: 'pair.read', on: 'pair', req: pair() },
  'POST /api/pairs/{id}/transitions': { action: 'pair.complete', on: 'pair', req: pair({}, { body: { event: 'complete' } }) },
  'GET /api/pairs/{id}/mou': { action: 'pair.read', on: 'pair', req: pair({}, { query: 'format=docx' }) },
  'PUT /api/pairs/{id}/mou': { action: 'mou.edit', on: 'pair', req: pair({}, { body: { baseVersion: 1 } }) },
  'GET /api/pairs/{id}/mou/versions': { action: 'pair.read', on: 'pair', req: pair() },
  'GET /api/pairs/{id}/mou/versions/{version}': { action: 'pair.read', on: 'pair', req: pair({ version: '1' }) },
  'GET /api/pairs/{id}/mou/diff': { action: 'pair.read', on: 'pair', req: pair({}, { query: 'from=1&to=1' }) },
  'POST /api/pairs/{id}/mou/signatures': { action: 'mou.sign', on: 'pair', req: pair({}, { body: { version: 1, sha256: '0'.repeat(64) } }) },
  'POST /api/pairs/{id}/mou/scans': { action: 'mou.uploadScan', on: 'pair', req: pair() },
  'GET /api/pairs/{id}/mou/scans/{scanId}': { action: 'pair.read', on: 'pair', req: pair({ scanId: w.pairB.scanId }) },
  'POST /api/pairs/{id}/notices': { action: 'notice.send', on: 'pair', req: pair({}, { body: { kind: 'cancel', reason: 'Dừng chương trình thử.' } }) },
  'POST /api/pairs/{id}/notices/{noticeId}/responses': { action: 'notice.respond', on: 'pair', req: pair({ noticeId: w.pairB.noticeId }, { body: { decision: 'reject', note: 'Không đồng ý' } }) },
  'POST /api/pairs/{id}/notices/{noticeId}/withdraw': { action: 'notice.withdraw', on: 'notice', req: pair({ noticeId: w.pairB.noticeId }) },
  'GET /api/pairs/{id}/notices/{noticeId}/document': { action: 'pair.read', on: 'pair', req: pair({ noticeId: w.pairB.noticeId }, { query: 'format=docx' }) },
  'GET /api/pairs/{id}/steering': { action: 'pair.read', on: 'pair', req: pair() },
  'POST /api/pairs/{id}/steering': { action: 'steering.manage', on: 'steering', req: (x) => ({ params: { id: x.pairId }, body: { schoolId: x.schoolId, fullName: 'Trần Thị Cúc', committeeRole: 'member' } }) },
  'PUT /api/pairs/{id}/steering/{memberId}': {
    action: 'steering.manage',
    on: 'steering',
    req: (x) => ({ params: { id: x.pairId, memberId: w.pairB.memberId }, body: { schoolId: x.schoolId, fullName: 'Trần Thị Cúc', committeeRole: 'member' } }),
  },
  'DELETE /api/pairs/{id}/steering/{memberId}': { action: 'steering.manage', on: 'steering', req: pair({ memberId: w.pairB.memberId }) },
  'GET /api/verify/{code}': { action: 'public', reveals: 'public', req: () => ({ params: { code: w.pairB.verificationCode } }) },

  'GET /api/schools': { action: 'school.list', req: () => ({ query: 'status=all&pageSize=100' }) },
  'POST /api/schools': { action: 'school.create', req: (x) => ({ body: { code: `MX-${Math.floor(Math.random() * 1e9)}`, name: 'Trường Tiểu học Ma Trận', level: 'primary', areaType: 'inner-city', adminUnitId: x.unitId } }) },
  'GET /api/schools/{id}': { action: 'school.read', on: 'school', req: school },
  'PATCH /api/schools/{id}': { action: 'school.editProfile', on: 'school', req: (x) => ({ ...school(x), body: { students: 321 } }) },
  'POST /api/schools/{id}/merge': { action: 'school.merge', on: 'school', req: (x) => ({ ...school(x), body: { intoSchoolId: x.partnerId, on: '2026-03-01' } }) },
  'PUT /api/schools/{id}/location': { action: 'school.setLocation', on: 'location', req: (x) => ({ ...school(x), body: { adminUnitId: w.units.b1.id, from: '2026-03-01' } }) },
  'GET /api/capability-areas': { action: 'capabilityArea.read' },
  'POST /api/capability-areas': { action: 'capabilityArea.create', req: () => ({ body: { code: `mx-${Math.floor(Math.random() * 1e6)}`, nameVi: 'Thử', nameEn: 'Test', group: 'other' } }) },
  'GET /api/admin-units': { action: 'adminUnit.read' },
  'GET /api/admin-units/{id}': { action: 'adminUnit.read', req: (x) => ({ params: { id: x.unitId } }) },
  'POST /api/admin-units/reorganize': { action: 'adminUnit.reorganize', req: (x) => ({ body: { on: '2026-03-01', from: [x.unitId], into: { existingId: w.units.a1.id } } }) },
  'GET /api/schools/import-template.xlsx': { action: 'school.importTemplate' },
  'GET /api/schools/export.xlsx': { action: 'school.export' },
  'POST /api/schools/imports': { action: 'school.import', req: () => ({ query: 'dryRun=true&fileName=x.xlsx', body: Buffer.from('not a workbook') }) },
  'GET /api/schools/imports': { action: 'school.import' },
  'GET /api/schools/imports/{id}': { action: 'school.import', req: () => ({ params: { id: importId } }) },
  'GET /api/schools/imports/{id}/report.xlsx': { action: 'school.import', req: () => ({ params: { id: importId } }) },
  'GET /api/search': { action: 'search', req: () => ({ query: 'q=truong' }) },

  'GET /api/matching/wishes': { action: 'matching.wishes.read', on: 'wishes', req: (x) => ({ query: `campaignId=${w.campaign.id}&schoolId=${x.schoolId}` }) },
  'PUT /api/matching/wishes': { action: 'matching.wishes.edit', on: 'wishes', req: (x) => ({ body: { campaignId: w.campaign.id, schoolId: x.schoolId, partnerIds: [x.partnerId] } }) },
  'GET /api/matching/runs': { action: 'matching.run.list' },
  'POST /api/matching/runs': { action: 'matching.run.start', req: () => ({ body: { campaignId: w.campaign.id, parentRunId: runId } }) },
  'GET /api/matching/runs/compare': { action: 'matching.run.read', on: 'run', req: () => ({ query: `a=${runId}&b=${runId}` }) },
  'GET /api/matching/runs/{id}': { action: 'matching.run.read', on: 'run', req: () => ({ params: { id: runId } }) },
  'GET /api/matching/runs/{id}/export.xlsx': { action: 'matching.run.read', on: 'run', req: () => ({ params: { id: runId } }) },
  'POST /api/matching/runs/{id}/accept': { action: 'matching.run.accept', on: 'run', req: () => ({ params: { id: runId }, body: { pairs: [{ left: w.schools.sB.id, right: w.schools.sB3.id }] } }) },

  // activities
  'GET /api/activities/kinds': { action: 'activity.list' },
  'GET /api/activities': { action: 'activity.list', req: () => ({ query: 'limit=500' }) },
  'GET /api/activities/totals': { action: 'activity.list' },
  'GET /api/activities/export.xlsx': { action: 'activity.export' },
  'GET /api/calendar/feed': { action: 'calendar.feed' },
  'POST /api/calendar/feed': { action: 'calendar.feed' },
  'DELETE /api/calendar/feed': { action: 'calendar.feed' },
  'GET /api/calendar/feeds/{token}': { action: 'public', req: () => ({ params: { token: 'not-a-real-token-0123456789abcdef.ics' } }) },
  'GET /api/activities/staff': { action: 'activity.edit', on: 'pair', req: (x) => ({ query: `pairId=${x.pairId}` }) },
  'POST /api/activities': {
    action: 'activity.create',
    on: 'pair',
    req: (x) => ({ body: { pairId: x.pairId, kind: 'seminar', title: 'Chuyên đề thử', startsOn: '2026-03-20', hostSchoolId: x.schoolId === w.schools.sA2.id ? x.schoolId : w.schools.sB.id } }),
  },
  'GET /api/activities/{id}': { action: 'activity.read', on: 'activity', req: activity() },
  'PATCH /api/activities/{id}': { action: 'activity.edit', on: 'activity', req: activity({}, { body: { title: 'Chuyên đề đổi tên' } }) },
  'POST /api/activities/{id}/transitions': { action: 'activity.close', on: 'activity', req: activity({}, { body: { event: 'cancel', reason: 'Thử hủy.' } }) },
  'POST /api/activities/{id}/files': { action: 'activity.uploadEvidence', on: 'activity', req: activity() },
  'GET /api/activities/{id}/files/{fileId}': { action: 'activity.read', on: 'activity', req: (x) => activity({ fileId: activityOf.get(x.pairId)!.fileId })(x) },
  // paper
  'POST /api/pairs/{id}/paper/acceptances': { action: 'pair.acceptOnPaper', on: 'steering', req: (x) => ({ params: { id: x.pairId }, query: `schoolId=${x.schoolId}&datedOn=2026-03-01`, body: paperLetter.payload, headers: paperLetter.headers }) },
  'POST /api/pairs/{id}/paper/signatures': {
    action: 'mou.signOnPaper',
    on: 'steering',
    req: (x) => ({ params: { id: x.pairId }, query: `schoolId=${x.schoolId}&datedOn=2026-03-01&version=1&sha256=${'0'.repeat(64)}`, body: paperLetter.payload, headers: paperLetter.headers }),
  },
  'GET /api/pairs/{id}/paper/{recordId}/letter': { action: 'pair.read', on: 'pair', req: pair({ recordId: '00000000-0000-4000-8000-000000000000' }) },
  // notify
  'GET /api/mail/outbox': { action: 'mail.outbox' },
  'GET /api/mail/outbox/{id}/eml': { action: 'mail.outbox', req: () => ({ params: { id: '00000000-0000-4000-8000-000000000000' } }) },
  'GET /api/mail/unsubscribe/{token}': { action: 'public', req: () => ({ params: { token: 'no-such-unsubscribe-token' } }) },
  'POST /api/mail/unsubscribe/{token}': { action: 'public', req: () => ({ params: { token: 'no-such-unsubscribe-token' } }) },
  // support
  'GET /api/support/contributions': { action: 'support.list' },
  'POST /api/support/contributions': {
    action: 'support.pledge',
    on: 'contribution-new',
    req: (x) => ({ body: { donorKind: 'organisation', donorName: 'Công ty Ma Trận', kind: 'books', description: 'Sách', quantity: 10, unit: 'cuốn', valueVnd: 1_000_000, schoolId: x.schoolId } }),
  },
  'GET /api/support/contributions/{id}': { action: 'support.read', on: 'contribution', req: () => ({ params: { id: supportB.contributionId } }) },
  'POST /api/support/contributions/{id}/deliveries': {
    action: 'support.deliver',
    on: 'contribution',
    req: () => ({ params: { id: supportB.contributionId }, body: { deliveredOn: today, description: 'Ti vi', quantity: 1, valueVnd: 1, handedOverBy: 'Bà A', receivedBy: 'Ông B', place: 'Hà Nội' } }),
  },
  'POST /api/support/contributions/{id}/cancel': { action: 'support.cancel', on: 'contribution', req: () => ({ params: { id: supportB.pledgedId }, body: { reason: 'Nhà tài trợ rút lại' } }) },
  'POST /api/support/deliveries/{id}/corrections': {
    action: 'support.correct',
    on: 'contribution',
    req: () => ({ params: { id: supportB.deliveryId }, body: { valueVnd: Math.floor(Math.random() * 1e6), quantity: 4, reason: 'Điều chỉnh thử' } }),
  },
  'POST /api/support/deliveries/{id}/acknowledge': { action: 'support.acknowledge', on: 'contribution', req: () => ({ params: { id: supportB.deliveryId } }) },
  'GET /api/support/deliveries/{id}/minutes': { action: 'support.read', on: 'contribution', req: () => ({ params: { id: supportB.deliveryId }, query: 'format=docx' }) },
  'GET /api/support/totals': { action: 'support.list' },
  'GET /api/support/export.xlsx': { action: 'support.export' },
  'GET /api/public/ledger': { action: 'public', reveals: 'public' },
  'GET /api/public/ledger/heads': { action: 'public' },
  'GET /api/public/support/totals': { action: 'public', reveals: 'public' },
  // accounts (a teacher of the target school: `accountOf`)
  'GET /api/users': { action: 'user.list' },
  'GET /api/users/{id}': { action: 'user.read', on: 'account', req: (x) => ({ params: { id: accountOf(x) } }) },
  'PATCH /api/users/{id}': { action: 'user.update', on: 'account', req: (x) => ({ params: { id: accountOf(x) }, body: { displayName: 'Trần Văn Đổi' } }) },
  'POST /api/users/{id}/disable': { action: 'user.disable', on: 'account', req: (x) => ({ params: { id: accountOf(x) } }) },
  'POST /api/users/{id}/enable': { action: 'user.disable', on: 'account', req: (x) => ({ params: { id: accountOf(x) } }) },
  // notify
  'GET /api/notifications': { action: 'notification.own' },
  'GET /api/notifications/unread-count': { action: 'notification.own' },
  'POST /api/notifications/{id}/read': { action: 'notification.own', req: () => ({ params: { id: '00000000-0000-4000-8000-000000000000' } }) },
  'POST /api/notifications/read-all': { action: 'notification.own' },
  'GET /api/notifications/preferences': { action: 'notification.own' },
  'PUT /api/notifications/preferences': { action: 'notification.own', req: () => ({ body: { items: [{ kind: 'pair.proposed', channel: 'email' }] } }) },
  // paper
  'GET /api/schools/{id}/public-profile': { action: 'school.readPublicProfile', req: (x) => ({ params: { id: x.schoolId } }), reveals: 'school.readPublicProfile' },
  'GET /api/support/beneficiaries': { action: 'beneficiary.read', on: 'beneficiary', req: () => ({ query: `schoolId=${w.schools.sB.id}&${reasonQ}` }) },
  'POST /api/support/beneficiaries': {
    action: 'beneficiary.create',
    on: 'beneficiary-new',
    req: (x) => ({
      body: {
        schoolId: x.schoolId,
        personKind: 'student',
        fullName: 'Học Sinh Thử',
        birthDate: '2014-02-02',
        hardship: 'other',
        guardianConsent: { name: 'Người Giám Hộ', relation: 'guardian', givenOn: '2026-02-01', how: 'written', scope: ['record'] },
        reason: 'Lập hồ sơ thử',
      },
    }),
  },
  'GET /api/support/beneficiaries/summary': { action: 'beneficiary.summary', req: (x) => ({ query: `schoolId=${x.schoolId}` }) },
  'GET /api/support/beneficiaries/{id}': { action: 'beneficiary.read', on: 'beneficiary', req: () => ({ params: { id: beneficiaryB.id }, query: reasonQ }) },
  'PATCH /api/support/beneficiaries/{id}': { action: 'beneficiary.update', on: 'beneficiary', req: () => ({ params: { id: beneficiaryB.id }, body: { className: '5B', reason: 'Cập nhật lớp' } }) },
  'POST /api/support/beneficiaries/{id}/received': {
    action: 'beneficiary.update',
    on: 'beneficiary',
    req: () => ({ params: { id: beneficiaryB.id }, body: { receivedOn: '2026-03-01', what: 'Sách', valueVnd: 100_000, reason: 'Ghi nhận quà' } }),
  },
  'GET /api/support/beneficiaries/{id}/export': { action: 'beneficiary.export', on: 'beneficiary', req: () => ({ params: { id: beneficiaryB.id }, query: reasonQ }) },
  'POST /api/support/beneficiaries/{id}/erase': { action: 'beneficiary.erase', on: 'beneficiary', req: () => ({ params: { id: beneficiaryB.id }, body: { reason: 'Yêu cầu xóa thử' } }) },
  'GET /api/public/support/beneficiaries': { action: 'public' },
  'POST /api/users/{id}/invite': { action: 'user.invite', on: 'account', req: (x) => ({ params: { id: accountOf(x) } }) },
  'POST /api/auth/password': { action: 'account.self', req: () => ({ body: { currentPassword: 'not-the-password-1', newPassword: 'Sen hồng nở 7 giờ' } }) },
  'GET /api/auth/sessions': { action: 'account.self' },
  'DELETE /api/auth/sessions': { action: 'account.self' },
  'DELETE /api/auth/sessions/{id}': { action: 'account.self', req: () => ({ params: { id: '00000000-0000-4000-8000-000000000000' } }) },
  'POST /api/auth/password-reset': { action: 'public', req: () => ({ body: { login: 'nobody@example.vn' } }) },
  'GET /api/auth/tokens/{token}': { action: 'public', req: () => ({ params: { token: 'x'.repeat(43) } }) },
  'POST /api/auth/tokens/{token}': { action: 'public', req: () => ({ params: { token: 'x'.repeat(43) }, body: { password: 'Sen hồng nở 7 giờ' } }) },
  // phases
  'POST /api/campaigns/{id}/next-phase': {
    action: 'campaign.openNextPhase',
    req: () => ({ params: { id: w.campaign.id }, body: { number: `${Math.floor(Math.random() * 1e6)}/KH-SGDĐT`, issuedOn: '2026-08-20', phaseStartYear: 2027, phaseEndYear: 2030 } }),
  },
  'GET /api/pairs/{id}/next-phase': { action: 'pair.read', on: 'pair', req: pair() },
  'POST /api/pairs/{id}/next-phase': { action: 'pair.chooseNextPhase', on: 'pair', req: pair({}, { body: { choice: 'end' } }) },
  // news
  'GET /api/news': { action: 'news.list', req: () => ({ query: 'limit=200' }) },
  'POST /api/activities/{id}/news': { action: 'news.draft', on: 'activity', req: activity() },
  'GET /api/news/{id}': { action: 'news.read', on: 'activity', req: news() },
  'PATCH /api/news/{id}': { action: 'news.edit', on: 'activity', req: news({ body: { summary: 'Tóm tắt thử' } }) },
  'POST /api/news/{id}/publish': { action: 'news.publish', on: 'activity', req: news() },
  // news: the public portal (published posts, pairs with a signed MoU: anyone may read them)
  'GET /chuong-trinh': { action: 'public', reveals: 'public' },
  'GET /ket-nghia': { action: 'public', reveals: 'public' },
  'GET /ket-nghia/{id}': { action: 'public', reveals: 'public', req: (x) => ({ params: { id: x.pairId } }) },
  'GET /tin-tuc': { action: 'public', reveals: 'public', req: () => ({ query: 'q=ma+tran' }) },
  'GET /tin-tuc/{slug}': { action: 'public', reveals: 'public', req: () => ({ params: { slug: 'tin-ma-tran' } }) },
  'GET /tin-tuc/anh/{fileId}': { action: 'public', req: (x) => ({ params: { fileId: activityOf.get(x.pairId)!.fileId } }) },
  'GET /tin-tuc/anh/{fileId}/nho': { action: 'public', req: (x) => ({ params: { fileId: activityOf.get(x.pairId)!.fileId } }) },
  'GET /tin-tuc/rss.xml': { action: 'public', reveals: 'public' },
  'GET /tin-tuc/atom.xml': { action: 'public', reveals: 'public' },
  'GET /api/public/portal': { action: 'public', reveals: 'public' },
  'GET /api/public/pairs': { action: 'public', reveals: 'public' },
  'GET /api/public/pairs/{id}': { action: 'public', reveals: 'public', req: (x) => ({ params: { id: x.pairId } }) },
  'GET /api/public/news': { action: 'public', reveals: 'public' },
  'GET /api/public/news/{slug}': { action: 'public', reveals: 'public', req: () => ({ params: { slug: 'tin-ma-tran' } }) },
  // plans
  'GET /api/pairs/{id}/plans': { action: 'plan.read', on: 'pair', req: pair() },
  'GET /api/pairs/{id}/plans/{schoolYear}': { action: 'plan.read', on: 'pair', req: pair({ schoolYear: '2025-2026' }, { query: 'format=docx' }) },
  'PUT /api/pairs/{id}/plans/{schoolYear}': { action: 'plan.edit', on: 'pair', req: (x) => ({ params: { id: x.pairId, schoolYear: '2026-2027' }, body: { baseVersion: null, content: { ...planContent(x.schoolId), datedOn: '2026-09-01', items: [] } } }) },
  'POST /api/pairs/{id}/plans/{schoolYear}/submit': { action: 'plan.submit', on: 'pair', req: pair({ schoolYear: '2025-2026' }, { body: { version: 1, sha256: '0'.repeat(64) } }) },
  'POST /api/pairs/{id}/plans/{schoolYear}/approvals': { action: 'plan.approve', on: 'pair', req: pair({ schoolYear: '2025-2026' }, { body: { version: 1, sha256: '0'.repeat(64) } }) },
  'GET /api/pairs/{id}/plans/{schoolYear}/diff': { action: 'plan.read', on: 'pair', req: pair({ schoolYear: '2025-2026' }, { query: 'from=1&to=1' }) },
  // accounts: two-factor sign-in
  'GET /api/auth/two-factor': { action: 'account.self' },
  'POST /api/auth/two-factor/setup': { action: 'account.self' },
  'POST /api/auth/two-factor/confirm': { action: 'account.self', req: () => ({ body: { code: '000000' } }) },
  'POST /api/auth/two-factor/disable': { action: 'account.self', req: () => ({ body: { password: 'not-the-password-1', code: '000000' } }) },
  // sponsorships
  'GET /api/support/sponsorships': { action: 'sponsorship.read', on: 'beneficiary', req: () => ({ query: `schoolId=${w.schools.sB.id}` }) },
  'POST /api/support/sponsorships': {
    action: 'sponsorship.create',
    on: 'beneficiary',
    req: () => ({ body: { beneficiaryId: sponsoredB.beneficiaryId, sponsorKind: 'organisation', sponsorName: 'Công ty Ma Trận', frequency: 'yearly', amountVnd: 1_000_000, startsOn: '2026-09-05' } }),
  },
  'GET /api/support/sponsorships/mine': { action: 'sponsorship.mine' },
  'GET /api/support/sponsorships/mine/count': { action: 'sponsorship.mine' },
  'GET /api/support/sponsorships/mine/{id}': { action: 'sponsorship.sponsorView', on: 'sponsorship', req: () => ({ params: { id: sponsoredB.id } }) },
  'GET /api/support/sponsorships/{id}': { action: 'sponsorship.read', on: 'sponsorship', req: () => ({ params: { id: sponsoredB.id } }) },
  'POST /api/support/sponsorships/{id}/payments': { action: 'sponsorship.pay', on: 'sponsorship', req: () => ({ params: { id: sponsoredB.id }, body: { paidOn: today } }) },
  'POST /api/support/sponsorships/{id}/end': { action: 'sponsorship.end', on: 'sponsorship', req: () => ({ params: { id: sponsoredB.id }, body: { endedOn: today, reason: 'Kết thúc thử' } }) },
  // audit
  'GET /api/audit/actions': { action: 'audit.list' },
  'GET /api/audit/export.xlsx': { action: 'audit.list' },
  'GET /api/campaigns/{id}/reminders': { action: 'campaign.read', req: () => ({ params: { id: w.campaign.id } }) },
  'PUT /api/campaigns/{id}/reminders': { action: 'campaign.update', req: () => ({ params: { id: w.campaign.id }, body: { reminderDays: 7, escalationDays: 14, activityReminderDays: 3 } }) },
  // onboarding (the schools shown and invited: the caller's accounts scope)
  'GET /api/users/onboarding/preview': { action: 'user.onboard' },
  'POST /api/users/onboarding': { action: 'user.onboard', req: () => ({ body: {} }) },
  'GET /api/users/onboarding/latest': { action: 'user.onboard' },
  'GET /api/users/onboarding/{id}': { action: 'user.onboard', req: () => ({ params: { id: '00000000-0000-4000-8000-000000000000' } }) },
  // users import (a file that is no workbook: refused, nothing created)
  'GET /api/users/import-template.xlsx': { action: 'user.list' },
  'POST /api/users/import': { action: 'user.list', req: () => ({ body: Buffer.from('not a workbook') }) },
  // public pages: server-rendered home, sign-in, verification, public ledger (docs/decisions/0027)
  'GET /': { action: 'public' },
  'GET /login': { action: 'public', req: () => ({ query: 'next=%2Fapp%2Fpairs' }) },
  'GET /verify': { action: 'public' },
  'GET /verify/{code}': { action: 'public', reveals: 'public', req: () => ({ params: { code: w.pairB.verificationCode } }) },
  'GET /cong-khai': { action: 'public', reveals: 'public' },
  // sponsorship payment corrections
  'POST /api/support/sponsorships/{id}/payments/{paymentId}/corrections': {
    action: 'sponsorship.correctPayment',
    on: 'sponsorship',
    req: () => ({ params: { id: sponsoredB.id, paymentId: paymentB }, body: { kind: 'reversal', reason: 'Ghi nhầm khoản đóng' } }),
  },
  // account pages: "forgot password" and the pages the invitation, reset and unsubscribe mails link to (docs/decisions/0027)
  'GET /forgot-password': { action: 'public' },
  'GET /invite/{token}': { action: 'public', req: () => ({ params: { token: 'no-such-invitation-token' } }) },
  'GET /reset/{token}': { action: 'public', req: () => ({ params: { token: 'no-such-reset-token' } }) },
  'GET /unsubscribe/{token}': { action: 'public', req: () => ({ params: { token: 'no-such-unsubscribe-token' } }) },
  // news: unpublishing (the matrix's posts are drafts: a caller the policy allows gets 409, nothing changes)
  'POST /api/news/{id}/unpublish': { action: 'news.unpublish', on: 'activity', req: news({ body: { reason: 'Gỡ thử ma trận' } }) },
  // plans-e2e
  'POST /api/pairs/{id}/plans/{schoolYear}/withdraw': { action: 'plan.withdraw', on: 'pair', req: pair({ schoolYear: '2025-2026' }, { body: { version: 1, sha256: '0'.repeat(64) } }) },
  'DELETE /api/activities/{id}/files/{fileId}': { action: 'activity.deleteEvidence', on: 'activity', req: (x) => activity({ fileId: activityOf.get(x.pairId)!.fileId })(x) },
};

// accounts: the account a route about one account is pointed at, a teacher of the target school (never a caller).
const accountTargets = new Map<string, string>();
for (const x of targets) accountTargets.set(x.schoolId, (await createTeacher(t.db, { school: allSchoolsById(x.schoolId) })).id);
function accountOf(x: Target): string {
  return accountTargets.get(x.schoolId)!;
}
function allSchoolsById(id: string) {
  return Object.values(w.schools).find((s) => s.id === id)!;
}

/** The facts of the object a request is about, read before the request (the request may change them). */
async function factsFor(spec: Spec, x: Target, actor: Principal | null, body: unknown): Promise<Resource> {
  const pairResource = async () => {
    const row = await t.db.selectFrom('pair').selectAll().where('id', '=', x.pairId).executeTakeFirstOrThrow();
    return pairFacts(t.db, actor, row, await listMemberRows(t.db, [x.pairId]), today);
  };
  switch (spec.on ?? 'none') {
    case 'none':
      return {};
    case 'school':
    case 'wishes': {
      const row = await t.db.selectFrom('school').select(['status']).where('id', '=', x.schoolId).executeTakeFirstOrThrow();
      return { school: await schoolFactOn(t.db, x.schoolId, today), schoolMerged: row.status === 'merged' };
    }
    case 'location': {
      // As the service sees it: the school, and for someone with an area the move's target and the history it rewrites.
      const row = await t.db.selectFrom('school').select(['status']).where('id', '=', x.schoolId).executeTakeFirstOrThrow();
      const { adminUnitId, from } = body as { adminUnitId: string; from: string };
      const area = actor && actor.role !== 'system' ? actor.adminUnitId : null;
      const validity = area ? await unitValidity(t.db, area) : null;
      return {
        school: await schoolFactOn(t.db, x.schoolId, today),
        schoolMerged: row.status === 'merged',
        ...(area
          ? {
              move: {
                targetChain: await unitChain(t.db, adminUnitId),
                from,
                rewritten: await locationsRewrittenFrom(t.db, x.schoolId, from),
                areaValidFrom: validity?.validFrom ?? null,
                areaValidTo: validity?.validTo ?? null,
              },
            }
          : {}),
      };
    }
    case 'pair':
      return pairResource();
    case 'notice':
      return { ...(await pairResource()), noticeSenderSchoolId: w.schools.sB.id };
    case 'steering':
      return { ...(await pairResource()), memberSchoolId: x.schoolId };
    case 'run': {
      const run = await t.db.selectFrom('matching_run').select('created_by_user_id').where('id', '=', runId).executeTakeFirstOrThrow();
      return { createdByUserId: run.created_by_user_id };
    }
    case 'propose':
      return { schools: [...(await schoolFactsOn(t.db, (body as { schoolIds: string[] }).schoolIds, today)).values()] };
    case 'activity': {
      const host = await t.db.selectFrom('activity').select('host_school_id').where('id', '=', activityOf.get(x.pairId)!.id).executeTakeFirstOrThrow();
      return { ...(await pairResource()), activityHostSchoolId: host.host_school_id };
    }
    // support
    case 'contribution':
      return { school: await schoolFactOn(t.db, supportB.schoolId, today), contribution: { schoolId: supportB.schoolId, donorSchoolId: supportB.donorSchoolId } };
    case 'contribution-new':
      return { school: await schoolFactOn(t.db, x.schoolId, today), contribution: { schoolId: x.schoolId, donorSchoolId: null } };
    case 'account': {
      // accounts: the account as a request names it (a new one's role and school) or as it is.
      const named = body as { role?: Role; schoolId?: string; displayName?: string } | undefined;
      if (named?.role) return { accountRole: named.role, ...(named.schoolId ? { school: await schoolFactOn(t.db, named.schoolId, today) } : {}) };
      const row = await t.db.selectFrom('app_user').select(['role', 'school_id']).where('id', '=', accountOf(x)).executeTakeFirstOrThrow();
      return { accountRole: row.role, ...(row.school_id ? { school: await schoolFactOn(t.db, row.school_id, today) } : {}) };
    }
    case 'beneficiary':
      return { school: await schoolFactOn(t.db, w.schools.sB.id, today) };
    case 'beneficiary-new':
      return { school: await schoolFactOn(t.db, x.schoolId, today) };
    // sponsorships
    case 'sponsorship':
      return { school: await schoolFactOn(t.db, w.schools.sB.id, today), sponsorship: { sponsorUserId: sponsoredB.sponsorUserId } };
  }
}

const allSchools = Object.values(w.schools);

/**
 * Ids, codes and names of the schools the caller may not see: neither as a school nor as a
 * member of a pair it may see (pairs made by earlier callers count: a leader of area A may
 * propose a pair with a school of area B, which area A's officer then sees).
 */
async function foreignMarkers(actor: Principal | null): Promise<string[]> {
  const pairs = await t.db.selectFrom('pair').selectAll().execute();
  const visibleMembers = new Set<string>();
  for (const row of pairs) {
    const members = await listMemberRows(t.db, [row.id]);
    if (can(actor, 'pair.read', await pairFacts(t.db, actor, row, members, today))) for (const m of members) visibleMembers.add(m.school_id);
  }
  const out: string[] = [];
  for (const s of allSchools) {
    const readable = can(actor, 'school.read', { school: await schoolFactOn(t.db, s.id, today) });
    if (!readable && !visibleMembers.has(s.id)) out.push(s.id, s.code, s.name);
  }
  return out;
}

const callers: { label: string; user: FactoryUser | null }[] = [
  { label: 'school leader', user: w.users.leaderA },
  { label: 'school coordinator', user: w.users.coordinatorA },
  { label: 'teacher', user: w.users.teacherA },
  { label: 'leader of another school', user: w.users.leaderA2 },
  { label: 'area officer', user: w.users.officerA },
  { label: 'officer of another area', user: w.users.officerB },
  { label: 'anonymous', user: null },
  { label: 'department admin', user: w.users.admin },
];

describe('roles × actions × tenants', () => {
  it('maps every route of the OpenAPI description to an action of the policy', async () => {
    const spec = (await t.as(null)('GET', '/api/openapi.json')).json() as { paths: Record<string, Record<string, unknown>> };
    const routes = Object.entries(spec.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
    expect(routes.length).toBeGreaterThan(50);
    expect(routes.filter((r) => !(r in ROUTES)), 'routes without an entry in the access matrix').toEqual([]);
    expect(Object.keys(ROUTES).filter((r) => !routes.includes(r)), 'matrix entries for routes that no longer exist').toEqual([]);
    expect(importRes.statusCode, importRes.body).toBe(202);
    expect([201, 202], runRes.body).toContain(runRes.statusCode);
  });

  it('answers 2xx only where the permission table grants it, and never shows another tenant’s schools', async () => {
    const problems: string[] = [];
    let calls = 0;
    // Signing out last, so that each caller keeps its session for the other routes.
    const order = Object.keys(ROUTES).sort((a, b) => Number(a === 'POST /api/auth/logout') - Number(b === 'POST /api/auth/logout'));
    for (const caller of callers) {
      const session: SignedIn | null = caller.user ? await t.signIn(caller.user.username, FACTORY_PASSWORD) : null;
      const actor: Principal | null = caller.user?.actor ?? null;
      let markers = await foreignMarkers(actor);
      for (const route of order) {
        const spec = ROUTES[route]!;
        const [method, template] = route.split(' ') as ['GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', string];
        for (const x of spec.on && spec.on !== 'none' ? targets : targets.slice(0, 1)) {
          const r = spec.req?.(x) ?? {};
          const path = template.replace(/\{(\w+)\}/gu, (_m, name: string) => r.params?.[name] ?? `missing-${name}`);
          const url = r.query ? `${path}?${r.query}` : path;
          const facts = await factsFor(spec, x, actor, r.body);
          const granted = spec.action === 'public' || can(actor, spec.action, facts);
          const headers: Record<string, string> = r.headers ?? (Buffer.isBuffer(r.body) ? { 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' } : {});
          const res = await t.as(session)(method, url, r.body, headers);
          calls++;
          const where = `${caller.label} → ${route} on ${x.label}`;
          if (res.statusCode >= 200 && res.statusCode < 300 && !granted) problems.push(`${where}: ${res.statusCode} but the policy does not grant ${spec.action}`);
          const reveals = spec.reveals === 'public' || (spec.reveals && scopeFor(actor, spec.reveals)?.kind === 'all');
          if (!reveals && res.statusCode < 500) {
            const body = res.body;
            const leaked = markers.filter((m) => body.includes(m));
            if (leaked.length) problems.push(`${where}: the answer (${res.statusCode}) shows ${leaked.join(', ')}`);
          }
          // A change the caller was allowed to make (a pair it proposed) may rightly show it more schools from now on.
          if (method !== 'GET' && res.statusCode >= 200 && res.statusCode < 300) markers = await foreignMarkers(actor);
        }
      }
    }
    expect(problems).toEqual([]);
    expect(calls).toBeGreaterThan(400);
  }, 600_000);
});
