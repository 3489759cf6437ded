import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { reminderSettingsDto, reminderSettingsSchema } from '#src/core/campaigns/reminder-settings.ts';
import type { AppDeps } from '#src/server/deps.ts';
import { getReminderSettings, setReminderSettings } from './reminder-settings.service.ts';
import { errorDto } from '#src/core/errors.ts';

const idParams = z.object({ id: z.string().uuid() });

/** A campaign's reminder settings: days before a school is reminded, the department told, an activity's people reminded. */
export const reminderSettingsRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  app.get(
    '/api/campaigns/:id/reminders',
    {
      config: { access: 'signed-in' },
      schema: { tags: ['campaigns'], summary: 'The reminder settings of a campaign (null: off)', params: idParams, response: { 200: reminderSettingsDto, 404: errorDto } },
    },
    async (request) => getReminderSettings(deps.db, request.callContext(), request.params.id),
  );

  app.put(
    '/api/campaigns/:id/reminders',
    {
      config: { access: ['department-admin'] },
      schema: {
        tags: ['campaigns'],
        summary: 'Set the days before a waiting school is reminded (1–365), the department is told (more than the reminder), and an activity’s people are reminded (1–60); null turns one off',
        params: idParams,
        body: reminderSettingsSchema,
        response: { 200: reminderSettingsDto, 400: errorDto, 403: errorDto, 404: errorDto },
      },
    },
    async (request) => deps.db.transaction().execute((trx) => setReminderSettings(trx, request.callContext(), request.params.id, request.body)),
  );
};
