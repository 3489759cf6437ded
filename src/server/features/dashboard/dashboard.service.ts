import { authorize } from '#src/core/access/guard.ts';
import type { Principal } from '#src/core/access/policy.ts';
import type { DashboardDto } from '#src/core/dashboard/dto.ts';
import { scopeOf } from '#src/core/roles.ts';
import type { Db } from '#src/server/context.ts';
import {
  countAll,
  listPairsWithSchools,
  listRecentActivities,
} from './dashboard.repository.ts';

/** The numbers of the caller's scope: everything, their area, or their school and its pairs. */
export async function getDashboard(db: Db, actor: Principal | null, today: string): Promise<DashboardDto> {
  authorize(actor, 'dashboard.read');
  const scope = scopeOf(actor!);
  const [counts, pairRows, activityRows] = await Promise.all([
    countAll(db, scope, today),
    listPairsWithSchools(db, scope, today, 20),
    listRecentActivities(db, scope, today, 5),
  ]);
  return {
    scope: scope.kind,
    counts,
    pairs: pairRows.map((p) => ({
      id: p.id,
      state: p.state,
      campaignNumber: p.campaign_number,
      schoolNames: p.school_names ?? [],
    })),
    recentActivities: activityRows.map((a) => ({
      id: a.id,
      title: a.title,
      kind: a.kind,
      startsOn: a.starts_on,
      status: a.status,
      place: a.place,
      hostName: a.host_name,
    })),
  };
}
