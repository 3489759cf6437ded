/**
 * Document numbers from the app's counter or from the school's own register of outgoing
 * documents: unique per issuer, year and kind, decided by the database when two requests
 * take the same number at the same moment (parallel requests over real HTTP).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createTestApp, type SignedIn } from '../helpers/app.ts';
import { createCampaign } from '../factories/campaigns.ts';
import { createPair, signLatestDraft } from '../factories/pairs.ts';
import { createSchool } from '../factories/schools.ts';
import { createDepartmentAdmin, createSchoolLeader, FACTORY_PASSWORD, type FactoryUser } from '../factories/users.ts';

const NOW = new Date('2026-03-02T03:00:00Z');
const t = await createTestApp({ demo: false, now: () => NOW });
const base = await t.app.listen({ port: 0, host: '127.0.0.1' });
afterAll(() => t.app.server.close());

const campaign = await createCampaign(t.db, { phaseStartYear: 2026, phaseEndYear: 2028, issuedOn: '2026-01-05' });
const admin = await createDepartmentAdmin(t.db);
const issuer = await createSchool(t.db, { name: 'Trường Tiểu học Chu Văn An', shortName: 'TH Chu Văn An', areaType: 'inner-city' });
const issuerLeader = await createSchoolLeader(t.db, { school: issuer });
const symbol = 'THCVA';

/** A pair of the issuer (first party, so it numbers the MoU) with a new school, in the state asked. */
async function pairWithIssuer(state: 'approved' | 'active') {
  const partner = await createSchool(t.db, { areaType: 'mountainous' });
  const partnerLeader = await createSchoolLeader(t.db, { school: partner });
  const pair = await createPair(t.db, { state, schools: [issuer, partner], leaders: [issuerLeader, partnerLeader], admin, campaign, now: NOW });
  return { pair, partnerLeader };
}

/** A session over real HTTP (cookie and CSRF header), for requests sent at the same moment. */
async function session(user: FactoryUser) {
  const s: SignedIn = await t.signIn(user.username, FACTORY_PASSWORD);
  return (method: 'GET' | 'POST', path: string, body?: unknown) =>
    fetch(`${base}${path}`, {
      method,
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrfToken, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    }).then(async (r) => ({
      status: r.status,
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- answers of several routes, read field by field
      json: (await r.json()) as Record<string, any>,
    }));
}

const register = () =>
  t.db.selectFrom('document_register').select(['kind', 'seq', 'number']).where('issuer_school_id', '=', issuer.id).orderBy('kind').orderBy('seq').execute();

describe('document numbers', () => {
  it('two notices sent at the same moment with the same number from the register: one gets it, the other 409 on documentNumber', async () => {
    const [a, b] = [await pairWithIssuer('active'), await pairWithIssuer('active')];
    const http = await session(issuerLeader);
    const send = (pairId: string) => http('POST', `/api/pairs/${pairId}/notices`, { kind: 'cancel', reason: 'Hai trường thống nhất dừng chương trình.', documentNumber: 12 });
    const results = await Promise.all([send(a.pair.id), send(b.pair.id)]);
    const won = results.filter((r) => r.status === 201);
    const lost = results.filter((r) => r.status === 409);
    expect(won, JSON.stringify(results)).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(won[0]!.json.number).toBe(`12/TB-${symbol}`);
    expect(lost[0]!.json.error).toMatchObject({ code: 'DOCUMENT_NUMBER_TAKEN', field: 'documentNumber' });
    expect(lost[0]!.json.error.message).toContain('Số văn bản 12/TB-THCVA đã có trong sổ văn bản đi năm 2026');
    // The loser changed nothing: no notice on its pair; sent again without a number, it takes the next after 12.
    const loser = won[0] === results[0] ? b : a;
    expect((await http('GET', `/api/pairs/${loser.pair.id}`)).json.notices).toEqual([]);
    const next = await http('POST', `/api/pairs/${loser.pair.id}/notices`, { kind: 'cancel', reason: 'Hai trường thống nhất dừng chương trình.' });
    expect(next.status).toBe(201);
    expect(next.json.number).toBe(`13/TB-${symbol}`);
    // The MoUs of both pairs were numbered in their own series.
    expect((await register()).map((r) => r.number)).toEqual([`01/GN-${symbol}`, `02/GN-${symbol}`, `12/TB-${symbol}`, `13/TB-${symbol}`]);
  });

  it('two MoUs completed at the same moment with the same entered number: one is in force with it, the other 409 and still unsigned', async () => {
    const x = await pairWithIssuer('approved');
    const y = await pairWithIssuer('approved');
    await signLatestDraft(t.db, x.partnerLeader, x.pair.id, NOW);
    await signLatestDraft(t.db, y.partnerLeader, y.pair.id, NOW);
    const http = await session(issuerLeader);
    const sign = async (pairId: string, documentNumber?: number) => {
      const v = (await http('GET', `/api/pairs/${pairId}/mou/versions`)).json.items[0];
      return http('POST', `/api/pairs/${pairId}/mou/signatures`, { version: v.version, sha256: v.sha256, ...(documentNumber ? { documentNumber } : {}) });
    };
    // A number the counter already gave (01, the first active pair's MoU) is refused.
    const taken = await sign(x.pair.id, 1);
    expect(taken.status).toBe(409);
    expect(taken.json.error.field).toBe('documentNumber');

    const results = await Promise.all([sign(x.pair.id, 20), sign(y.pair.id, 20)]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const winner = results.find((r) => r.status === 200)!.json;
    expect(winner).toMatchObject({ status: 'signed', number: `20/GN-${symbol}` });
    const loserPair = results[0]!.status === 409 ? x : y;
    const loser = (await http('GET', `/api/pairs/${loserPair.pair.id}`)).json;
    expect(loser.state).toBe('approved');
    expect(loser.mou.versions[0].signatures.map((s: { schoolId: string }) => s.schoolId)).toEqual([loserPair.pair.schools[1]!.id]);
    // Without a number the counter continues after the one entered.
    const again = await sign(loserPair.pair.id);
    expect(again.status).toBe(200);
    expect(again.json.number).toBe(`21/GN-${symbol}`);
  });

  it('takes a number only with the signature that completes the MoU', async () => {
    const z = await pairWithIssuer('approved');
    const http = await session(issuerLeader);
    const v = (await http('GET', `/api/pairs/${z.pair.id}/mou/versions`)).json.items[0];
    const early = await http('POST', `/api/pairs/${z.pair.id}/mou/signatures`, { version: v.version, sha256: v.sha256, documentNumber: 30 });
    expect(early.status).toBe(400);
    expect(early.json.error.field).toBe('documentNumber');
    expect((await http('GET', `/api/pairs/${z.pair.id}`)).json.mou.versions[0].signatures).toEqual([]);
  });
});
