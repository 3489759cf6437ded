/**
 * A campaign's reminder settings (0015, 0022 columns): read by everyone who reads campaigns, set
 * by the department (`campaign.update`), checked, in one transaction with one audit row.
 */
import { authorize } from '#src/core/access/guard.ts';
import { reminderSettingsSchema, type ReminderSettings } from '#src/core/campaigns/reminder-settings.ts';
import { ValidationError } from '#src/core/errors.ts';
import type { CallContext, Db } from '#src/server/context.ts';
import { recordAudit } from '#src/server/features/audit/audit.service.ts';
import { findCampaignRow, updateCampaign } from './campaigns.repository.ts';
import { CampaignNotFoundError } from './campaigns.service.ts';

async function load(db: Db, id: string, lock = false): Promise<ReminderSettings> {
  const row = await findCampaignRow(db, id, lock);
  if (!row) throw new CampaignNotFoundError();
  return { reminderDays: row.reminder_days, escalationDays: row.escalation_days, activityReminderDays: row.activity_reminder_days };
}

export async function getReminderSettings(db: Db, ctx: CallContext, id: string): Promise<ReminderSettings> {
  authorize(ctx.actor, 'campaign.read');
  return load(db, id);
}

export async function setReminderSettings(trx: Db, ctx: CallContext, id: string, input: unknown): Promise<ReminderSettings> {
  authorize(ctx.actor, 'campaign.update');
  const parsed = reminderSettingsSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ValidationError(issue.path.map(String).join('.') || 'reminderDays', ((issue as { params?: { key?: string } }).params?.key ?? 'invalid'));
  }
  const before = await load(trx, id, true);
  const s = parsed.data;
  await updateCampaign(trx, id, { reminder_days: s.reminderDays, escalation_days: s.escalationDays, activity_reminder_days: s.activityReminderDays, updated_at: new Date() });
  await recordAudit(trx, ctx, { action: 'campaign.reminders', entity: 'campaign', entityId: id, before, after: s });
  return s;
}
