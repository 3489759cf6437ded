/** A campaign's reminder settings (issue 12), as the department sets them on the campaign page. */
import { z } from 'zod';

const days = (max: number) => z.number().int().min(1).max(max).nullable();

/**
 * Days a waiting step (a proposal, an MoU signature, a written notice) waits before its school's
 * leaders are reminded and before the department is told; days before an activity its people
 * are reminded. Null turns each off. The department is told after the school is reminded.
 */
export const reminderSettingsSchema = z
  .strictObject({ reminderDays: days(365), escalationDays: days(365), activityReminderDays: days(60) })
  .refine((s) => s.reminderDays === null || s.escalationDays === null || s.escalationDays > s.reminderDays, {
    path: ['escalationDays'],
    params: { key: 'escalation_after_reminder' },
  });
export type ReminderSettings = z.infer<typeof reminderSettingsSchema>;

/** The settings as `GET`/`PUT /api/campaigns/{id}/reminders` send them (the routes' response schema). */
export const reminderSettingsDto = z.object({ reminderDays: z.number().int().nullable(), escalationDays: z.number().int().nullable(), activityReminderDays: z.number().int().nullable() });
export type ReminderSettingsDto = z.infer<typeof reminderSettingsDto>;
