import { randomBytes, randomUUID } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { HOUSEKEEPING_CRON, HOUSEKEEPING_QUEUE, HOUSEKEEPING_TZ, runHousekeeping } from '#src/server/features/auth/housekeeping.ts';
import { createTestApp } from '../helpers/app.ts';
import { createSchoolLeader } from '../factories/users.ts';

const NOW = new Date('2026-03-02T03:00:00Z');
const t = await createTestApp({ demo: false, workers: false, now: () => NOW });

const ago = (ms: number) => new Date(NOW.getTime() - ms);
const later = (ms: number) => new Date(NOW.getTime() + ms);
const MIN = 60_000;
const DAY = 24 * 60 * MIN;
const hash = () => randomBytes(16).toString('hex');

/** Sessions, tokens and throttle rows on both sides of "expired", for one account. */
async function world() {
  const user = await createSchoolLeader(t.db);
  const session = (expiresAt: Date) => ({ token_hash: hash(), user_id: user.id, csrf_token: hash(), expires_at: expiresAt });
  const sessions = { expired: session(ago(MIN)), expiredLongAgo: session(ago(30 * DAY)), live: session(later(DAY)) };
  await t.db.insertInto('session').values(Object.values(sessions)).execute();
  const token = (purpose: 'invitation' | 'password-reset', expiresAt: Date, usedAt: Date | null) => ({ user_id: user.id, purpose, token_hash: hash(), expires_at: expiresAt, used_at: usedAt });
  const tokens = {
    invitationExpired: token('invitation', ago(MIN), null),
    invitationUsed: token('invitation', later(DAY), ago(DAY)),
    invitationLive: token('invitation', later(DAY), null),
    resetExpired: token('password-reset', ago(DAY), null),
    resetUsed: token('password-reset', later(MIN), ago(MIN)),
    resetLive: token('password-reset', later(MIN), null),
  };
  await t.db.insertInto('account_token').values(Object.values(tokens)).execute();
  const throttle = { old: `reset:to:${hash()}`, current: `reset:to:${hash()}` };
  await t.db
    .insertInto('mail_throttle')
    .values([
      { key: throttle.old, window_started_at: ago(2 * 60 * MIN), count: 3 },
      { key: throttle.current, window_started_at: ago(10 * MIN), count: 3 },
    ])
    .execute();
  return { user, sessions, tokens, throttle };
}

async function left(userId: string) {
  const sessions = (await t.db.selectFrom('session').select('token_hash').where('user_id', '=', userId).execute()).map((r) => r.token_hash);
  const tokens = (await t.db.selectFrom('account_token').select('token_hash').where('user_id', '=', userId).execute()).map((r) => r.token_hash);
  const throttle = (await t.db.selectFrom('mail_throttle').select('key').execute()).map((r) => r.key);
  return { sessions, tokens, throttle };
}

describe('housekeeping (a daily pg-boss job)', () => {
  it('is scheduled once a day, in Hanoi time', async () => {
    expect(HOUSEKEEPING_CRON).toMatch(/^\d+ \d+ \* \* \*$/u);
    expect(await t.jobs.scheduled()).toContainEqual({ name: HOUSEKEEPING_QUEUE, cron: HOUSEKEEPING_CRON, timezone: HOUSEKEEPING_TZ });
  });

  it('removes expired sessions, used or expired tokens and ended throttle windows, and nothing else', async () => {
    const w = await world();
    const outcome = await runHousekeeping(t.db, NOW);
    expect(outcome).toMatchObject({ sessions: 2, tokens: 4, mailThrottle: 1 });
    const rest = await left(w.user.id);
    expect(rest.sessions).toEqual([w.sessions.live.token_hash]);
    expect(rest.tokens.sort()).toEqual([w.tokens.invitationLive.token_hash, w.tokens.resetLive.token_hash].sort());
    expect(rest.throttle).toContain(w.throttle.current);
    expect(rest.throttle).not.toContain(w.throttle.old);
    // A live session still signs the user in (the row is intact).
    expect(await t.db.selectFrom('session').select('user_id').where('token_hash', '=', w.sessions.live.token_hash).executeTakeFirst()).toEqual({ user_id: w.user.id });
    // One audit row says what the run removed.
    const audit = await t.db.selectFrom('audit_log').select(['action', 'after']).where('action', '=', 'housekeeping.purge').orderBy('at', 'desc').executeTakeFirstOrThrow();
    expect(audit.after).toMatchObject({ sessions: 2, tokens: 4, mailThrottle: 1 });
  });

  it('deletes in bounded batches until nothing expired is left', async () => {
    const user = await createSchoolLeader(t.db);
    await t.db
      .insertInto('session')
      .values(Array.from({ length: 7 }, () => ({ token_hash: hash(), user_id: user.id, csrf_token: hash(), expires_at: ago(DAY) })))
      .execute();
    const outcome = await runHousekeeping(t.db, NOW, { batchSize: 3 });
    expect(outcome.sessions).toBe(7);
    expect(outcome.batches).toBeGreaterThanOrEqual(3);
    expect((await left(user.id)).sessions).toEqual([]);
  });

  it('a second run finds nothing and writes no audit row', async () => {
    await runHousekeeping(t.db, NOW);
    const before = await t.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<string>().as('n')).where('action', '=', 'housekeeping.purge').executeTakeFirstOrThrow();
    expect(await runHousekeeping(t.db, NOW)).toMatchObject({ sessions: 0, tokens: 0, mailThrottle: 0 });
    const after = await t.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<string>().as('n')).where('action', '=', 'housekeeping.purge').executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });

  it('sent through the queue, works on the app\'s clock: what is still live on that clock stays', async () => {
    // The app here lives on 02/03/2026; the machine's clock is later. A run on the machine's
    // clock would take every session and throttle window of this app for ended (it once reset a
    // throttle in the middle of a test, when the daily schedule fired during CI).
    const w = await world();
    await t.jobs.startWorkers();
    const key = randomUUID();
    await t.jobs.send(HOUSEKEEPING_QUEUE, key, {});
    await vi.waitFor(async () => expect((await t.jobs.state(HOUSEKEEPING_QUEUE, key))?.state).toBe('completed'), { timeout: 20_000, interval: 200 });
    const rest = await left(w.user.id);
    expect(rest.sessions).toEqual([w.sessions.live.token_hash]);
    expect(rest.throttle).toContain(w.throttle.current);
    expect(rest.throttle).not.toContain(w.throttle.old);
  });
});
