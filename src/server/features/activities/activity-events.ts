/**
 * "An activity changed": the one hook other features (notifications, reminders) listen to,
 * without reading activity tables. Listeners run inside the transaction of the change, so a
 * queued e-mail exists exactly when the change does; a listener that throws undoes the change.
 */
import type { Db } from '#src/server/context.ts';

export type ActivityChangeKind = 'created' | 'updated' | 'complete' | 'report' | 'cancel' | 'evidence';

export interface ActivityChange {
  kind: ActivityChangeKind;
  activityId: string;
  pairId: string;
  hostSchoolId: string | null;
  title: string;
  startsOn: string;
  /** The last day when it lasts several (null: one day). */
  endsOn: string | null;
  status: string;
  /** The named people taking part (accounts), as they are after the change. */
  personUserIds: string[];
  /** The account that made the change (null: the system). */
  byUserId: string | null;
  at: Date;
}

export type ActivityListener = (trx: Db, change: ActivityChange) => Promise<void>;

const listeners = new Set<ActivityListener>();

/** Listen to every activity change; returns the function that stops listening. */
export function onActivityChanged(listener: ActivityListener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Tell the listeners (called by the activities service after each change, in its transaction). */
export async function activityChanged(trx: Db, change: ActivityChange): Promise<void> {
  for (const l of listeners) await l(trx, change);
}
