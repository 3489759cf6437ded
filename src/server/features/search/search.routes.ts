import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { singleLineText } from '#src/core/text-schema.ts';
import { searchResultDto } from '#src/core/registry/dto.ts';
import { isoDateInHanoi } from '#src/core/vn/format.ts';
import type { AppDeps } from '#src/server/deps.ts';
import { listSchoolsFor } from '#src/server/features/schools/schools.service.ts';
import { searchPairs } from '#src/server/features/pairs/pairs.service.ts';
import { can } from '#src/core/access/policy.ts';

/** The header's one search box: schools and pairs (activities join later). */
export const searchRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  app.get(
    '/api/search',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['search'],
        summary: "Search everything the caller may see (diacritics and case ignored: 'ai mo b' finds 'Ái Mộ B')",
        querystring: z.object({ q: singleLineText().min(1).max(200), limit: z.coerce.number().int().min(1).max(20).default(8) }),
        response: { 200: searchResultDto },
      },
    },
    async (request, reply) => {
      const ctx = request.callContext();
      const now = deps.now();
      const compute = async () => {
        // Pairs and schools at once, each in one query (plus a count when the schools fill the page).
        const [pairs, r] = await Promise.all([
          can(ctx.actor, 'pair.list') ? searchPairs(deps.db, ctx, request.query.q, Math.min(request.query.limit, 5), now) : { items: [], total: 0 },
          listSchoolsFor(
            deps.db,
            ctx,
            { q: request.query.q, status: 'all', sort: 'relevance', order: 'asc', limit: request.query.limit, offset: 0, asOf: isoDateInHanoi(now) },
            'search',
          ),
        ]);
        return {
          schools: r.items.map((s) => ({
            id: s.id,
            code: s.code,
            name: s.name,
            level: s.level,
            place: s.units.length ? s.units.map((u) => u.name).reverse().slice(0, 2).join(', ') : (s.unitLabels?.commune ?? s.unitLabels?.district ?? null),
          })),
          schoolsTotal: r.total,
          pairs: pairs.items,
          pairsTotal: pairs.total,
        };
      };
      // Kept per caller and data generation (docs/decisions/0033-response-cache.md).
      return deps.responses ? deps.responses.send(request, reply, [request.query, isoDateInHanoi(now)], compute) : compute();
    },
  );
};
