import { describe, expect, it } from 'vitest';
import { campaignInForce } from './in-force.ts';

// Newest first, as GET /api/campaigns lists them.
const next = { id: 'mh-02', issuedOn: '2028-12-15', endsOn: '2031-12-31' };
const current = { id: 'mh-01', issuedOn: '2025-12-15', endsOn: '2028-12-31' };
const first = { id: '4340', issuedOn: '2022-12-12', endsOn: '2025-12-31' };

describe('the campaign a page starts on', () => {
  it('is the one in force today, not a next phase opened ahead of time', () => {
    expect(campaignInForce([next, current, first], '2026-12-05')?.id).toBe('mh-01');
  });

  it('follows the calendar across a change of phase', () => {
    expect(campaignInForce([next, current, first], '2025-12-14')?.id).toBe('4340');
    expect(campaignInForce([next, current, first], '2025-12-15')?.id).toBe('mh-01');
    expect(campaignInForce([next, current, first], '2029-01-01')?.id).toBe('mh-02');
  });

  it('falls back to the newest issued, then to the first listed', () => {
    expect(campaignInForce([current, first], '2032-01-01')?.id).toBe('mh-01');
    expect(campaignInForce([next], '2026-12-05')?.id).toBe('mh-02');
    expect(campaignInForce([], '2026-12-05')).toBeUndefined();
  });
});
