/**
 * The support drive from pledge to public total (issue 13), on the real app and database:
 * a school pledges televisions to its partner, hands them over with minutes, the partner
 * acknowledges, and the public ledger and totals move; corrections append, the database
 * refuses to change the ledger, and `ledger verify` finds a row edited behind the app's back.
 */
import ExcelJS from 'exceljs';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { ChainVerifier } from '#src/core/support/ledger.ts';
import { expectDecree30Docx, expectDecree30Pdf } from '#src/documents/decree30-checks.testing.ts';
import { runLedgerHeadPublication, LEDGER_HEAD_QUEUE } from '#src/server/features/support/ledger.jobs.ts';
import { verifyLedger } from '#src/server/features/support/ledger.service.ts';
import { createTestApp } from '../helpers/app.ts';
import { runCli } from '../helpers/cli.ts';
import { createTenants } from '../factories/tenants.ts';
import { FACTORY_PASSWORD } from '../factories/users.ts';
import { createContribution, deliverContribution } from '../factories/support.ts';

const NOW = new Date('2026-03-02T03:00:00Z');
const t = await createTestApp({ demo: false, now: () => NOW });
const w = await createTenants(t.db, { now: NOW });
const leaderB = await t.signIn(w.users.leaderB.username, FACTORY_PASSWORD);
const leaderB2 = await t.signIn(w.users.leaderB2.username, FACTORY_PASSWORD);
const leaderA = await t.signIn(w.users.leaderA.username, FACTORY_PASSWORD);
const admin = await t.signIn(w.users.admin.username, FACTORY_PASSWORD);

/** A plain SQL session, as someone with the database password would open one. */
async function plainSql<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client(t.url);
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

const pledgeBody = {
  donorKind: 'school',
  donorName: 'x',
  donorSchoolId: w.schools.sB.id,
  kind: 'equipment',
  description: 'Ti vi 55 inch cho phòng học',
  quantity: 4,
  unit: 'chiếc',
  valueVnd: 41_000_000,
  schoolId: w.schools.sB2.id,
  pairId: w.pairB.id,
  expectedOn: '2026-03-20',
};
const deliveryBody = {
  deliveredOn: '2026-03-02',
  description: 'Ti vi 55 inch',
  quantity: 4,
  valueVnd: 41_000_000,
  handedOverBy: 'Bà Lê Thị Hồng, Phó Hiệu trưởng',
  receivedBy: 'Ông Đinh Văn Sơn, Hiệu trưởng',
  place: 'Thanh Xuân',
};

describe('a support drive from pledge to public total', () => {
  it('pledges, delivers with numbered minutes, is acknowledged by the partner, and moves the public total', async () => {
    const before = (await t.as(null)('GET', '/api/public/support/totals')).json();
    const created = await t.as(leaderB)('POST', '/api/support/contributions', pledgeBody);
    expect(created.statusCode, created.body).toBe(201);
    const pledge = created.json();
    expect(pledge).toMatchObject({ state: 'pledged', donorKind: 'school', donorName: w.schools.sB.name, campaignId: w.campaign.id, actions: { deliver: true, cancel: true } });

    const delivered = await t.as(leaderB)('POST', `/api/support/contributions/${pledge.id}/deliveries`, deliveryBody);
    expect(delivered.statusCode, delivered.body).toBe(201);
    const d = delivered.json();
    expect(d.state).toBe('delivered');
    expect(d.deliveries[0].minutesNumber).toMatch(/^01\/BB-[A-Z0-9Đ]+$/u);
    // The giving school may not acknowledge for the receiving one.
    expect((await t.as(leaderB)('POST', `/api/support/deliveries/${d.deliveries[0].id}/acknowledge`)).statusCode).toBe(403);

    const acked = await t.as(leaderB2)('POST', `/api/support/deliveries/${d.deliveries[0].id}/acknowledge`);
    expect(acked.statusCode, acked.body).toBe(200);
    expect(acked.json().state).toBe('acknowledged');

    const after = (await t.as(null)('GET', '/api/public/support/totals')).json();
    expect(after.overall.inKindVnd - before.overall.inKindVnd).toBe(41_000_000);
    expect(after.overall.inKindItems - before.overall.inKindItems).toBe(4);
    const ledger = (await t.as(null)('GET', '/api/public/ledger')).json();
    // The chain's length (its last seq) is the number of its entries.
    const entries = await t.db.selectFrom('ledger_entry').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    expect(ledger.total).toBe(Number(entries.n));
    expect(ledger.items[0]).toMatchObject({ kind: 'delivery', donor: w.schools.sB.name, contributionKind: 'equipment', valueVnd: 41_000_000, deliveredOn: '2026-03-02', quantity: '4', unit: 'chiếc' });
    // An explicit allow-list: no free text, no person, no internal ids.
    expect(Object.keys(ledger.items[0]).sort()).toEqual(['contributionKind', 'correctsSeq', 'deliveredOn', 'donor', 'hash', 'kind', 'minutesNumber', 'prevHash', 'quantity', 'recordedAt', 'schoolName', 'seq', 'unit', 'valueVnd'].sort());
    expect(JSON.stringify(ledger)).not.toContain('Đinh Văn Sơn');
  });

  it('renders the hand-over minutes as DOCX and PDF for the parties, not for another school', async () => {
    const p = await createContribution(t.db, w.users.leaderB.ctx, { schoolId: w.schools.sB2.id, donorKind: 'school', donorSchoolId: w.schools.sB.id, pairId: w.pairB.id }, NOW);
    const d = await deliverContribution(t.db, w.users.leaderB.ctx, p.id, { deliveredOn: '2026-03-02' }, NOW);
    const id = d.deliveries[0]!.id;
    const docx = await t.as(leaderB2)('GET', `/api/support/deliveries/${id}/minutes?format=docx`);
    expect(docx.statusCode).toBe(200);
    // The minutes served over HTTP pass the same Decree 30 checks as the MoU.
    const number = d.deliveries[0]!.minutesNumber;
    const expectations = { numberLine: `Số: ${number}`, dateLine: 'Hà Nội, ngày 02 tháng 3 năm 2026', texts: ['BIÊN BẢN BÀN GIAO', 'Ti vi 55 inch', 'Đinh Văn Sơn'] };
    expectDecree30Docx(docx.rawPayload, expectations);
    const pdf = await t.as(leaderB2)('GET', `/api/support/deliveries/${id}/minutes?format=pdf`);
    expect(pdf.statusCode).toBe(200);
    await expectDecree30Pdf(pdf.rawPayload, { ...expectations, title: `Biên bản bàn giao ${number}`, createdIso: '2026-03-02T00:00:00.000Z' });
    expect((await t.as(leaderA)('GET', `/api/support/deliveries/${id}/minutes?format=pdf`)).statusCode).toBe(404);
    expect((await t.as(leaderA)('GET', `/api/support/contributions/${p.id}`)).statusCode).toBe(404);
  });

  it('refuses bad input with the field and changes nothing', async () => {
    const count = async () => Number((await t.db.selectFrom('contribution').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const n = await count();
    const bad = await t.as(leaderB)('POST', '/api/support/contributions', { ...pledgeBody, valueVnd: -5 });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toBe('valueVnd');
    const notInPair = await t.as(leaderB)('POST', '/api/support/contributions', { ...pledgeBody, pairId: w.pairX.id });
    expect(notInPair.statusCode).toBe(400);
    expect(notInPair.json().error.field).toBe('pairId');
    // A leader of area A may not record a pledge between two schools of area B.
    expect((await t.as(leaderA)('POST', '/api/support/contributions', pledgeBody)).statusCode).toBe(403);
    expect(await count()).toBe(n);
  });

  it('corrects a delivery with a new entry that references the one it corrects; totals equal the sum of deliveries', async () => {
    const p = await createContribution(t.db, w.users.leaderB2.ctx, { schoolId: w.schools.sB2.id, kind: 'cash', description: 'Học bổng', quantity: 1, unit: 'lần', valueVnd: 10_000_000 }, NOW);
    const d = await deliverContribution(t.db, w.users.leaderB2.ctx, p.id, { deliveredOn: '2026-03-01', quantity: 1, valueVnd: 10_000_000 }, NOW);
    const deliveryId = d.deliveries[0]!.id;
    const res = await t.as(leaderB2)('POST', `/api/support/deliveries/${deliveryId}/corrections`, { valueVnd: 9_500_000, quantity: 1, reason: 'Nhầm số tiền khi nhập' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().deliveries[0].valueVnd).toBe(9_500_000);
    const entries = (await t.as(null)('GET', '/api/public/ledger?limit=2')).json().items;
    expect(entries[0]).toMatchObject({ kind: 'correction', valueVnd: 9_500_000, correctsSeq: entries[1].seq });
    expect(entries[1]).toMatchObject({ kind: 'delivery', valueVnd: 10_000_000 });

    const publicTotals = (await t.as(null)('GET', '/api/public/support/totals')).json();
    const staff = (await t.as(admin)('GET', '/api/support/totals')).json();
    expect(staff).toEqual(publicTotals);
    const sums = await t.db
      .selectFrom('contribution_delivery as d')
      .innerJoin('contribution as c', 'c.id', 'd.contribution_id')
      .select(['c.kind', (eb) => eb.fn.sum<string>('d.value_vnd').as('v')])
      .groupBy('c.kind')
      .execute();
    const cash = Number(sums.find((s) => s.kind === 'cash')?.v ?? 0);
    const inKind = sums.filter((s) => s.kind !== 'cash').reduce((a, s) => a + Number(s.v), 0);
    expect(publicTotals.overall.cashVnd).toBe(cash);
    expect(publicTotals.overall.inKindVnd).toBe(inKind);
    expect(publicTotals.overall.cashVnd).toBeGreaterThanOrEqual(9_500_000);
  });

  it('exports contributions as Excel with formula-like cells escaped', async () => {
    await createContribution(t.db, w.users.leaderB2.ctx, { schoolId: w.schools.sB2.id, donorKind: 'person', donorName: '=HYPERLINK("http://evil.example","bấm")', anonymous: true }, NOW);
    const res = await t.as(leaderB2)('GET', '/api/support/export.xlsx');
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const cells: unknown[] = [];
    wb.worksheets[0]!.eachRow((row) => row.eachCell((c) => cells.push(c.value)));
    expect(cells).toContain('\'=HYPERLINK("http://evil.example","bấm")');
    expect(cells.some((v) => typeof v === 'object' && v !== null && 'formula' in v)).toBe(false);
    for (const v of cells) if (typeof v === 'string') expect(/^[=+\-@]/u.test(v), v).toBe(false);
    // The public shows the anonymous donor as "ẩn danh" (once delivered).
  });
});

describe('the ledger cannot be silently edited', () => {
  it('is refused UPDATE, DELETE and TRUNCATE from a plain SQL session', async () => {
    await plainSql(async (c) => {
      await expect(c.query(`update ledger_entry set payload = '{}' where seq = 1`)).rejects.toThrow(/append-only/u);
      await expect(c.query('delete from ledger_entry where seq = 1')).rejects.toThrow(/append-only/u);
      await expect(c.query('truncate ledger_entry cascade')).rejects.toThrow(/append-only/u);
      await expect(c.query('delete from ledger_head')).rejects.toThrow(/append-only/u);
    });
    expect((await verifyLedger(t.db)).ok).toBe(true);
  });

  it('never forks under parallel deliveries', async () => {
    const pledges = await Promise.all(
      Array.from({ length: 12 }, (_, i) => createContribution(t.db, w.users.leaderB2.ctx, { schoolId: w.schools.sB2.id, description: `Sách tham khảo lô ${i + 1}`, kind: 'books', quantity: 10, unit: 'cuốn', valueVnd: 1_000_000 }, NOW)),
    );
    const results = await Promise.all(pledges.map((p) => t.as(leaderB2)('POST', `/api/support/contributions/${p.id}/deliveries`, { ...deliveryBody, quantity: 10, valueVnd: 1_000_000 })));
    expect(results.map((r) => r.statusCode)).toEqual(results.map(() => 201));
    const rows = await t.db.selectFrom('ledger_entry').select(['seq']).orderBy('seq').execute();
    expect(rows.map((r) => r.seq)).toEqual(rows.map((_, i) => i + 1));
    const v = await verifyLedger(t.db);
    expect(v).toMatchObject({ ok: true, entries: rows.length });
  });

  it('publishes the head daily (a pg-boss schedule) and shows it publicly', async () => {
    const schedules = await t.jobs.scheduled();
    expect(schedules).toContainEqual({ name: LEDGER_HEAD_QUEUE, cron: '5 0 * * *', timezone: 'Asia/Ho_Chi_Minh' });
    const r = await runLedgerHeadPublication(t.db, NOW);
    expect(r.created).toBe(true);
    expect((await runLedgerHeadPublication(t.db, NOW)).created).toBe(false);
    const heads = (await t.as(null)('GET', '/api/public/ledger/heads')).json();
    expect(heads.published[0]).toMatchObject({ publishedOn: '2026-03-02', seq: r.seq, hash: r.hash });
    expect(heads.current).toEqual({ seq: r.seq, hash: r.hash });
  });

  it('`ledger verify` names a row edited behind the app’s back, and a truncated chain', async () => {
    const ok = await runCli(['ledger', 'verify'], { DATABASE_URL: t.url });
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/^Ledger OK: \d+ entries/u);
    const head = (await verifyLedger(t.db)).head!;

    // Someone with the database password turns the trigger off and lowers a value.
    await plainSql(async (c) => {
      await c.query('alter table ledger_entry disable trigger user');
      await c.query(`update ledger_entry set payload = jsonb_set(payload, '{valueVnd}', '1000') where seq = 2`);
      await c.query('alter table ledger_entry enable trigger user');
    });
    const bad = await runCli(['ledger', 'verify'], { DATABASE_URL: t.url });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('entry 2:');

    // … and even rewriting that entry's own hash is found: the next entry recorded the old one.
    await plainSql(async (c) => {
      const row = (await c.query('select * from ledger_entry where seq = 2')).rows[0];
      const { entryHash } = await import('#src/core/support/ledger.ts');
      const h = entryHash({ seq: 2, kind: row.kind, correctsSeq: row.corrects_seq === null ? null : Number(row.corrects_seq), recordedAt: row.recorded_at.toISOString(), payload: row.payload, prevHash: row.prev_hash });
      await c.query('alter table ledger_entry disable trigger user');
      await c.query('update ledger_entry set hash = $1 where seq = 2', [h]);
      await c.query('alter table ledger_entry enable trigger user');
    });
    const rewritten = await verifyLedger(t.db);
    // (Entry 2 is also the head published that day: whichever check sees it first names it.)
    expect(rewritten.problem?.seq).toBe(2);

    // A truncated chain: the last entries removed. The published head (and a head kept by anyone) finds it.
    const fresh = new ChainVerifier([], head.hash);
    expect(fresh.finish()).toMatchObject({ problem: 'head-not-found' });
    await plainSql(async (c) => {
      await c.query('alter table ledger_entry disable trigger user');
      await c.query('update ledger_entry set payload = jsonb_set(payload, \'{valueVnd}\', \'41000000\'), hash = $1 where seq = 2', [
        (await c.query('select prev_hash from ledger_entry where seq = 3')).rows[0].prev_hash,
      ]);
      await c.query('delete from ledger_entry where seq > $1', [head.seq - 2]);
      await c.query('alter table ledger_entry enable trigger user');
    });
    const truncated = await runCli(['ledger', 'verify'], { DATABASE_URL: t.url });
    expect(truncated.code).toBe(1);
    expect(truncated.stderr).toMatch(/truncated/u);
    const kept = await runCli(['ledger', 'verify', '--head', head.hash], { DATABASE_URL: t.url });
    expect(kept.code).toBe(1);
  }, 120_000);
});
