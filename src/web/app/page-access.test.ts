import { describe, expect, it } from 'vitest';
import { ROLES, type Actor, type Role } from '#src/core/roles.ts';
import { mayOpen, PAGE_ACTIONS, type LimitedPage } from './page-access.ts';

const actor = (role: Role): Actor => ({
  userId: 'u',
  username: 'u',
  role,
  schoolId: ['school-leader', 'school-coordinator', 'teacher'].includes(role) ? 's' : null,
  adminUnitId: role === 'area-officer' ? 'a' : null,
});

describe('the pages each role may open (menu and route guard)', () => {
  it('follow the access policy: the same roles the server lets use each page', () => {
    const opens = (page: LimitedPage) => ROLES.filter((r) => mayOpen(actor(r), page));
    expect(Object.fromEntries(Object.keys(PAGE_ACTIONS).map((p) => [p, opens(p as LimitedPage)]))).toEqual({
      '/app/schools/import': ['department-admin'],
      '/app/matching': ['department-admin', 'area-officer'],
      '/app/outbox': ['department-admin'],
      '/app/users': ['department-admin', 'area-officer', 'school-leader'],
      '/app/audit': ['department-admin', 'area-officer'],
      '/app/wishes': ['school-leader'],
    });
  });
});
