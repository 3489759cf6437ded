import { authorize } from '#src/core/access/guard.ts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { newUserSchema } from '#src/core/accounts.ts';
import { ROLES } from '#src/core/roles.ts';
import type { AppDeps } from '#src/server/deps.ts';
import { listAuditEntries } from '#src/server/features/audit/audit.repository.ts';
import { createUser } from './users.service.ts';

const userSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: z.enum(ROLES),
  schoolId: z.string().nullable(),
  adminUnitId: z.string().nullable(),
});

export const usersRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  app.post(
    '/api/users',
    {
      config: { access: ['department-admin'] },
      schema: {
        tags: ['administration'],
        summary: 'Create an account (department admins only)',
        body: newUserSchema,
        response: { 201: userSchema },
      },
    },
    async (request, reply) => {
      const user = await deps.db
        .transaction()
        .execute((trx) => createUser(trx, request.callContext(), request.body));
      return reply.status(201).send(user as z.infer<typeof userSchema>);
    },
  );

  app.get(
    '/api/audit',
    {
      config: { access: ['department-admin'] },
      schema: {
        tags: ['administration'],
        summary: 'The audit log, newest first (department admins only)',
        querystring: z.object({
          entity: z.string().optional(),
          entityId: z.string().optional(),
          limit: z.coerce.number().int().min(1).max(200).default(50),
          offset: z.coerce.number().int().min(0).default(0),
        }),
        response: {
          200: z.object({
            items: z.array(
              z.object({
                id: z.number(),
                at: z.string(),
                actor: z.string().nullable(),
                action: z.string(),
                entity: z.string(),
                entityId: z.string().nullable(),
                before: z.unknown(),
                after: z.unknown(),
              }),
            ),
          }),
        },
      },
    },
    async (request) => {
      authorize(request.callContext().actor, 'audit.read');
      const rows = await listAuditEntries(deps.db, request.query);
      return {
        items: rows.map((r) => ({
          id: r.id,
          at: r.at.toISOString(),
          actor: r.actor_username,
          action: r.action,
          entity: r.entity,
          entityId: r.entity_id,
          before: r.before,
          after: r.after,
        })),
      };
    },
  );
};
