import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { createTestApp } from '../helpers/app.ts';
import { createCampaign } from '../factories/campaigns.ts';
import { createSchool } from '../factories/schools.ts';
import { createDepartmentAdmin } from '../factories/users.ts';

const t = await createTestApp({ demo: false, now: () => new Date('2024-03-05T03:00:00Z') });
const adminUser = await createDepartmentAdmin(t.db);
const admin = await t.signIn(adminUser.username, adminUser.password);

/** Wait until some session of this database waits for a lock (the request is stuck behind ours). */
async function untilSomeoneWaits(client: pg.Client) {
  for (;;) {
    const { rows } = await client.query(
      `select count(*)::int as n from pg_locks l join pg_stat_activity a on a.pid = l.pid
        where not l.granted and a.datname = current_database()`,
    );
    if (rows[0].n > 0) return;
    await new Promise((r) => setImmediate(r));
  }
}

describe('a unique value saved twice at the same moment', () => {
  it('answers 409 naming the field, not 500, when the other save lands between check and insert', async () => {
    const other = new pg.Client(t.url);
    await other.connect();
    try {
      // Another request has inserted the same campaign number but not committed yet:
      // the service's own check cannot see it, so PostgreSQL's unique index decides.
      await other.query('begin');
      await other.query(
        `insert into campaign (number, issuer, issued_on, title, phase_start_year, phase_end_year, school_years, mou_template)
         values ('99/KH-RACE', 'Sở GDĐT Hà Nội', '2024-01-02', 'Phong trào thử', 2024, 2025, '{}', '{}')`,
      );
      const pending = t.as(admin)('POST', '/api/campaigns', {
        number: '99/KH-RACE',
        issuer: 'Sở GDĐT Hà Nội',
        issuedOn: '2024-01-02',
        title: 'Phong trào thử lần hai',
        phaseStartYear: 2024,
        phaseEndYear: 2025,
      });
      await untilSomeoneWaits(other);
      await other.query('commit');
      const res = await pending;
      expect(res.statusCode, res.body).toBe(409);
      expect(res.json().error).toMatchObject({ code: 'UNIQUE_CONFLICT', field: 'number' });
      expect(res.json().error.message).toMatch(/^Số kế hoạch/u);
    } finally {
      await other.end();
    }
  });
});

describe('proposing the same pair many times at once', () => {
  it('creates one pair; the other requests are told it exists', async () => {
    const campaign = await createCampaign(t.db);
    const [first, second] = [await createSchool(t.db), await createSchool(t.db)];
    const body = { campaignId: campaign.id, schoolIds: [first.id, second.id] };
    const answers = await Promise.all(Array.from({ length: 12 }, () => t.as(admin)('POST', '/api/pairs', body)));
    const codes = answers.map((a) => a.statusCode).sort();
    expect(codes.filter((c) => c === 201)).toHaveLength(1);
    expect(codes.filter((c) => c === 409)).toHaveLength(11);
    for (const a of answers.filter((x) => x.statusCode === 409)) expect(a.json().error.code).toBe('PAIR_EXISTS');
    const { rows } = await t.db
      .selectFrom('pair')
      .innerJoin('pair_member', 'pair_member.pair_id', 'pair.id')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('pair.campaign_id', '=', campaign.id)
      .where('pair_member.school_id', '=', first.id)
      .where('pair.state', '=', 'proposed')
      .execute()
      .then((r) => ({ rows: r }));
    expect(Number(rows[0]!.n)).toBe(1);
  });
});
