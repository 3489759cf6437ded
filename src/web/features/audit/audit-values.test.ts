import { describe, expect, it } from 'vitest';
import { auditActionKey, auditEntityKey, auditText, auditValueText } from './audit-values.ts';

describe('a value of the audit diff', () => {
  it('shows a timestamp as dd/mm/yyyy HH:mm in Hanoi time, a date as dd/mm/yyyy, anything else as it is', () => {
    expect(auditText('2026-03-02T03:05:00.000Z')).toBe('02/03/2026 10:05');
    expect(auditText('2025-12-31T17:30:00Z')).toBe('01/01/2026 00:30');
    expect(auditText('2026-03-02T10:05:00+07:00')).toBe('02/03/2026 10:05');
    expect(auditText('2026-03-02')).toBe('02/03/2026');
    expect(auditText('Trường Tiểu học Ái Mộ B')).toBe('Trường Tiểu học Ái Mộ B');
    expect(auditText('2026-13-45T99:00:00Z')).toBe('2026-13-45T99:00:00Z');
    expect(auditText(null)).toBe('∅');
    expect(auditText(3)).toBe('3');
    expect(auditText({ disabledAt: '2026-03-02T03:05:00.000Z' })).toBe('{"disabledAt":"02/03/2026 10:05"}');
  });
});

describe("an audit action's name", () => {
  const at = (catalog: unknown, key: string): unknown => key.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], catalog);
  it('reads in Vietnamese and in English, not as its code, for the actions of the demo and the main workflows', async () => {
    const vi = (await import('../../locales/vi.json')).default;
    const en = (await import('../../locales/en.json')).default;
    expect(at(vi, auditActionKey('auth.login'))).toBe('Đăng nhập');
    expect(at(en, auditActionKey('mou.sign.complete'))).toBe('Both signed, MoU in force');
    for (const action of ['pair.propose', 'pair.approve', 'pair.continue', 'mou.sign', 'mou.sign.paper.complete', 'steering.add', 'support.pledge', 'support.deliver', 'support.acknowledge', 'beneficiary.create', 'sponsorship.create', 'sponsorship.pay', 'campaign.openNextPhase', 'demo.load', 'demo.plans', 'activity.create', 'plan.submit', 'school.update', 'user.create']) {
      expect(at(vi, auditActionKey(action)), action).toEqual(expect.stringMatching(/\S/u));
      expect(at(en, auditActionKey(action)), action).toEqual(expect.stringMatching(/\S/u));
    }
    expect(Object.keys(at(vi, 'audit.actions') as object).sort()).toEqual(Object.keys(at(en, 'audit.actions') as object).sort());
  });
});

describe('the before/after table of the audit log', () => {
  const at = (catalog: unknown, key: string): unknown => key.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], catalog);
  const lookupIn = (catalog: unknown) => (key: string) => {
    const v = at(catalog, key);
    return typeof v === 'string' ? v : undefined;
  };
  it('reads the values the pages already translate (pair states, roles, account and school statuses, school levels) and shows any other value as it is', async () => {
    const vi = lookupIn((await import('../../locales/vi.json')).default);
    const en = lookupIn((await import('../../locales/en.json')).default);
    expect(auditValueText('pair', 'state', 'active', vi)).toBe('Đã ký, đang thực hiện');
    expect(auditValueText('pair', 'state', 'approved', en)).toBe('Approved');
    expect(auditValueText('user', 'role', 'department-admin', vi)).toBe('Quản trị Sở GDĐT');
    expect(auditValueText('user', 'status', 'disabled', en)).toBe('Disabled');
    expect(auditValueText('school', 'level', 'primary', vi)).toBe('Tiểu học');
    expect(auditValueText('school', 'status', 'merged', vi)).toBe('Đã sáp nhập');
    // Not an enum of that entity, or an unknown value: as auditText shows it.
    expect(auditValueText('news', 'state', 'active', vi)).toBe('active');
    expect(auditValueText('pair', 'state', 'frozen', vi)).toBe('frozen');
    expect(auditValueText('pair', 'signedOn', '2026-01-20', vi)).toBe('20/01/2026');
    expect(auditValueText('user', 'expiresAt', '2026-03-02T03:05:00.000Z', en)).toBe('02/03/2026 10:05');
    expect(auditValueText('school', 'students', 1200, vi)).toBe('1200');
  });
});

describe("an audited entity's name", () => {
  const at = (catalog: unknown, key: string): unknown => key.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], catalog);
  it('reads in Vietnamese and in English, not as its code ("pair · …" was shown under every row)', async () => {
    const vi = (await import('../../locales/vi.json')).default;
    const en = (await import('../../locales/en.json')).default;
    expect(at(vi, auditEntityKey('pair'))).toBe('Cặp kết nghĩa');
    expect(at(vi, auditEntityKey('session'))).toBe('Phiên đăng nhập');
    expect(at(en, auditEntityKey('contribution_delivery'))).toBe('Hand-over');
    // every entity the server writes to the log (grep "entity: '" src/server)
    for (const entity of ['activity', 'admin_unit', 'beneficiary', 'campaign', 'capability_area', 'contribution', 'contribution_delivery', 'database', 'housekeeping', 'ledger_head', 'login_throttle', 'matching_run', 'news', 'notification', 'onboarding_run', 'pair', 'plan', 'school', 'school_import', 'session', 'sponsorship', 'sponsorship_payment', 'user', 'user_import']) {
      expect(at(vi, auditEntityKey(entity)), entity).toEqual(expect.stringMatching(/\S/u));
      expect(at(en, auditEntityKey(entity)), entity).toEqual(expect.stringMatching(/\S/u));
    }
    expect(Object.keys(at(vi, 'audit.entities') as object).sort()).toEqual(Object.keys(at(en, 'audit.entities') as object).sort());
  });
});
