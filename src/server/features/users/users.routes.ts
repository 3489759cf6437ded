import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { createdUserDto, newUserSchema, userDtoSchema, userListDto, userListQuerySchema, userPatchSchema } from '#src/core/accounts.ts';
import type { AppDeps } from '#src/server/deps.ts';
// onboarding
import { onboardingRoutes } from './onboarding.routes.ts';
import { userImportRoutes } from './user-import.routes.ts';
import { createUser, getUser, listUsers, reinviteUser, setUserDisabled, updateUser } from './users.service.ts';
import { errorDto } from '#src/core/errors.ts';

const MANAGERS = ['department-admin', 'area-officer', 'school-leader'] as const;

export const usersRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  app.post(
    '/api/users',
    {
      config: { access: [...MANAGERS] },
      schema: {
        tags: ['administration'],
        summary:
          'Create an account: the department any; an area officer for a school of its area (leader, coordinator, teacher); a school leader the staff of its school (coordinator, teacher)',
        body: newUserSchema,
        response: { 201: createdUserDto.extend({ account: userDtoSchema }), 400: errorDto, 403: errorDto, 409: errorDto, 429: errorDto },
      },
    },
    async (request, reply) => {
      const ctx = request.callContext();
      const account = await deps.db.transaction().execute(async (trx) => {
        const user = await createUser(trx, ctx, request.body, deps.now());
        return { ...user, account: await getUser(trx, ctx, user.id, deps.now()) };
      });
      return reply.status(201).send(account);
    },
  );

  app.get(
    '/api/users',
    {
      config: { access: [...MANAGERS] },
      schema: {
        tags: ['administration'],
        summary: 'Accounts the caller manages, by name: search ignoring diacritics and case, role, school, status; paged (without search words the total counts up to a bound: `totalExact`)',
        querystring: userListQuerySchema,
        response: { 200: userListDto },
      },
    },
    async (request) => listUsers(deps.db, request.callContext(), request.query, deps.now()),
  );

  app.get(
    '/api/users/:id',
    {
      config: { access: [...MANAGERS] },
      schema: {
        tags: ['administration'],
        summary: 'One account (404 for an account outside the caller\'s scope)',
        params: z.object({ id: z.uuid() }),
        response: { 200: userDtoSchema, 404: errorDto },
      },
    },
    async (request) => getUser(deps.db, request.callContext(), request.params.id, deps.now()),
  );

  app.patch(
    '/api/users/:id',
    {
      config: { access: [...MANAGERS] },
      schema: {
        tags: ['administration'],
        summary: 'Change an account: name, e-mail, language, role, school or area (within what the caller manages)',
        params: z.object({ id: z.uuid() }),
        body: userPatchSchema,
        response: { 200: userDtoSchema, 400: errorDto, 403: errorDto, 404: errorDto },
      },
    },
    async (request) =>
      deps.db.transaction().execute((trx) => updateUser(trx, request.callContext(), request.params.id, request.body, deps.now())),
  );

  for (const [verb, disabled] of [
    ['disable', true],
    ['enable', false],
  ] as const) {
    app.post(
      `/api/users/:id/${verb}`,
      {
        config: { access: [...MANAGERS] },
        schema: {
          tags: ['administration'],
          summary: disabled
            ? 'Disable an account: it can no longer sign in and its sessions end at once'
            : 'Enable a disabled account again',
          params: z.object({ id: z.uuid() }),
          response: { 200: userDtoSchema, 400: errorDto, 403: errorDto, 404: errorDto },
        },
      },
      async (request) =>
        deps.db.transaction().execute((trx) => setUserDisabled(trx, request.callContext(), request.params.id, disabled, deps.now())),
    );
  }

  app.post(
    '/api/users/:id/invite',
    {
      config: { access: [...MANAGERS] },
      schema: {
        tags: ['administration'],
        summary: 'Send an invited account a new one-time link to set its password (the earlier link stops working)',
        params: z.object({ id: z.uuid() }),
        response: { 200: z.object({ expiresAt: z.string(), sentTo: z.string() }), 400: errorDto, 403: errorDto, 404: errorDto, 409: errorDto, 429: errorDto },
      },
    },
    async (request) => deps.db.transaction().execute((trx) => reinviteUser(trx, request.callContext(), request.params.id, deps.now())),
  );
  // onboarding
  await onboardingRoutes(app, deps);
  await userImportRoutes(app, deps);
};
