import Fastify from 'fastify';
import { serializerCompiler as zodSerializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { plainJsonSchema, responseSerializerCompiler } from './response-serializer.ts';

const unit = z.object({ id: z.string(), name: z.string(), kind: z.enum(['province', 'commune']) });
const row = z.object({
  id: z.string(),
  name: z.string(),
  students: z.number().nullable(),
  paired: z.boolean(),
  status: z.literal('active'),
  note: z.string().optional(),
  extra: z.unknown(),
  units: z.array(unit),
  labels: z.object({ district: z.string().nullable() }).nullable(),
});
const page = z.object({ items: z.array(row), total: z.number() });

/** An app with one route answering `body` through the response schema `schema`, as the app's routes do. */
async function appAnswering(schema: z.ZodType, body: unknown, verify: boolean) {
  const app = Fastify().withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(responseSerializerCompiler({ verify }));
  app.get('/x', { schema: { response: { 200: schema } } }, async () => body as never);
  await app.ready();
  return app;
}

/** What fastify-type-provider-zod's own serializer writes for `body` (zod's parse, then JSON.stringify). */
function zodWrites(schema: z.ZodType, body: unknown): string {
  return (zodSerializerCompiler({ schema, method: 'GET', url: '/x', httpStatus: '200' }) as (d: unknown) => string)(body);
}

describe('the compiled response serializer', () => {
  const school = {
    id: 'a1',
    name: 'Trường Tiểu học Ái Mộ "A" </script> \u2028 \ud800 \\ \n\t',
    students: null,
    paired: true,
    status: 'active',
    extra: { nested: [1, 'x', null] },
    units: [{ id: 'u1', name: 'Hà Nội', kind: 'province', population: 8_000_000 }],
    labels: { district: null, secret: 'hidden' },
    // Fields of the database row that the response does not declare.
    password_hash: '$argon2id$…',
    email: 'leader@example.vn',
  };

  it('never sends a field of a row that the response schema does not declare, at any depth', async () => {
    for (const verify of [false, true]) {
      const app = await appAnswering(page, { items: [school], total: 1, internal: 'x' }, verify);
      const res = await app.inject({ method: 'GET', url: '/x' });
      expect(res.statusCode).toBe(200);
      expect(res.body).not.toContain('password_hash');
      expect(res.body).not.toContain('argon2');
      expect(res.body).not.toContain('leader@example.vn');
      expect(res.body).not.toContain('population');
      expect(res.body).not.toContain('secret');
      expect(res.body).not.toContain('internal');
      const answer = res.json();
      expect(Object.keys(answer.items[0])).toEqual(['id', 'name', 'students', 'paired', 'status', 'extra', 'units', 'labels']);
      expect(answer.items[0].units[0]).toEqual({ id: 'u1', name: 'Hà Nội', kind: 'province' });
      expect(answer.items[0].labels).toEqual({ district: null });
      await app.close();
    }
  });

  it('writes the same text as zod and JSON.stringify: key order, escapes, numbers, null, absent and undefined fields', () => {
    const bodies = [
      { items: [school], total: 1 },
      { items: [{ ...school, note: 'n', students: 0, extra: undefined, labels: null }], total: -0 },
      { items: [{ ...school, note: undefined, students: 1e21, units: [] }], total: 1.5 },
      { total: 2 ** 53, items: [Object.fromEntries(Object.entries({ ...school, labels: { district: 'Cầu Giấy' }, students: -12.25 }).reverse())] },
      { items: [], total: 0 },
    ];
    const fast = responseSerializerCompiler({ verify: false })({ schema: page, method: 'GET', url: '/x', httpStatus: '200' } as never) as (d: unknown) => string;
    for (const body of bodies) expect(fast(body)).toBe(zodWrites(page, body));
  });

  it('keeps zod for a response with a transform, a default, a union or a strict object, so they write what they did', () => {
    expect(plainJsonSchema(page)).not.toBeNull();
    expect(plainJsonSchema(z.object({ at: z.string().transform((s) => s.toUpperCase()) }))).toBeNull();
    expect(plainJsonSchema(z.object({ at: z.string().trim() }))).toBeNull();
    expect(plainJsonSchema(z.object({ n: z.number().default(1) }))).toBeNull();
    expect(plainJsonSchema(z.object({ at: z.date() }))).toBeNull();
    expect(plainJsonSchema(z.object({ v: z.union([z.string(), z.number()]) }))).toBeNull();
    expect(plainJsonSchema(z.strictObject({ a: z.string() }))).toBeNull();
    expect(plainJsonSchema(z.looseObject({ a: z.string() }))).toBeNull();
    expect(plainJsonSchema(z.record(z.string(), z.number()))).toBeNull();

    const withTransform = z.object({ name: z.string().transform((s) => s.toUpperCase()), at: z.date() });
    const serialize = responseSerializerCompiler({ verify: false })({ schema: withTransform, method: 'GET', url: '/x', httpStatus: '200' } as never) as (d: unknown) => string;
    const body = { name: 'ái mộ', at: new Date(Date.UTC(2026, 0, 15)), hidden: 1 };
    expect(serialize(body)).toBe('{"name":"ÁI MỘ","at":"2026-01-15T00:00:00.000Z"}');
  });

  it('in the tests, still refuses an answer that does not match its schema, as zod did', async () => {
    const app = await appAnswering(page, { items: [{ ...school, students: 'many' }], total: 1 }, true);
    const res = await app.inject({ method: 'GET', url: '/x' });
    expect(res.statusCode).toBe(500);
    await app.close();
  });
});
