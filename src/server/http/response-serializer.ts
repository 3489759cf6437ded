/**
 * The routes' response serializer (docs/decisions/0039-response-serializer-compiled-once.md).
 *
 * fastify-type-provider-zod's serializer runs a zod parse of each answer (a new object for every
 * row, the undeclared fields dropped) and then `JSON.stringify`. For a response schema made only of
 * plain JSON parts (objects that drop unknown keys, arrays, strings, numbers, booleans, string
 * enums and literals, null, nullable and optional fields, unknown values) the same text is written
 * by a function that fast-json-stringify (which Fastify ships) compiles once per route from that
 * schema: only the declared fields, in the schema's order. Any other part (a transform, a default,
 * a pipe, a union, a record, a date, a strict or loose object, a string check that rewrites the
 * value) keeps the zod serializer for that whole response, so that what it writes cannot differ.
 *
 * With `verify` (the tests), every answer is serialized both ways: zod's parse still refuses an
 * answer that does not match its schema, and a text that differs from zod's fails the request.
 */
import build from 'fast-json-stringify';
import type { FastifySerializerCompiler } from 'fastify';
import { serializerCompiler as zodSerializerCompiler } from 'fastify-type-provider-zod';
import { $ZodType } from 'zod/v4/core';

type JsonSchema = Record<string, unknown>;
type Serializer = (data: unknown) => string;

/** A zod check that rewrites the value (`.trim()`, `.toLowerCase()`…): the output is not the input. */
const rewrites = (checks: readonly { _zod: { def: { check: string } } }[] | undefined) =>
  (checks ?? []).some((c) => c._zod.def.check === 'overwrite');

/**
 * The fast-json-stringify schema that writes what zod's parse followed by `JSON.stringify` writes
 * for every answer the zod schema accepts, or null when this part is not one of the plain ones.
 * `asProperty`: the part is an object's property (where optional and unknown values may be absent).
 */
export function plainJsonSchema(schema: $ZodType, asProperty = false): JsonSchema | null {
  const def = schema._zod.def as unknown as { type: string; checks?: Parameters<typeof rewrites>[0] } & Record<string, unknown>;
  switch (def.type) {
    case 'string':
      return rewrites(def.checks) ? null : { type: 'string' };
    case 'number':
      return rewrites(def.checks) ? null : { type: 'number' };
    case 'boolean':
      return { type: 'boolean' };
    case 'null':
      return { type: 'null' };
    case 'enum': {
      const values = Object.values(def.entries as Record<string, unknown>);
      return values.every((v) => typeof v === 'string') ? { type: 'string' } : null;
    }
    case 'literal': {
      const values = def.values as unknown[];
      if (values.every((v) => typeof v === 'string')) return { type: 'string' };
      if (values.every((v) => typeof v === 'boolean')) return { type: 'boolean' };
      return null;
    }
    case 'unknown':
    case 'any':
      // Written as JSON.stringify writes it; only as a property (absent when undefined, as in JSON.stringify).
      return asProperty ? {} : null;
    case 'nullable': {
      const inner = plainJsonSchema(def.innerType as $ZodType, asProperty);
      if (!inner) return null;
      return Object.keys(inner).length === 0 ? inner : { ...inner, nullable: true };
    }
    case 'optional':
      return asProperty ? plainJsonSchema(def.innerType as $ZodType, true) : null;
    case 'array': {
      const items = plainJsonSchema(def.element as $ZodType);
      return items ? { type: 'array', items } : null;
    }
    case 'object': {
      // A strict object refuses unknown keys and a loose one keeps them: zod's own serializer.
      if (def.catchall !== undefined) return null;
      const properties: Record<string, JsonSchema> = {};
      for (const [key, value] of Object.entries(def.shape as Record<string, $ZodType>)) {
        const property = plainJsonSchema(value, true);
        if (!property) return null;
        properties[key] = property;
      }
      // No `required`: fast-json-stringify would write the required keys first, and zod writes the
      // shape's order. A required key the handler left out is refused by TypeScript (the route's
      // type) and, in the tests, by zod's parse (verify); here it would be left out, never invented.
      return { type: 'object', properties, additionalProperties: false };
    }
    default:
      return null;
  }
}

/** Fastify's `schema.response[status]` may be the zod schema or `{ properties: zodSchema }`. */
type ResponseSchema = $ZodType | { properties: $ZodType };
function zodSchemaOf(schema: unknown): $ZodType | null {
  if (schema instanceof $ZodType) return schema;
  if (schema && typeof schema === 'object' && 'properties' in schema && schema.properties instanceof $ZodType) return schema.properties;
  return null;
}

/** Which serializer each route's response got (`GET /api/x 200`): the tests and the bench ask. */
export const compiledSerializers = { fast: new Set<string>(), zod: new Set<string>() };

/** The serializer compiler for `app.setSerializerCompiler`. */
export function responseSerializerCompiler(options: { verify: boolean }): FastifySerializerCompiler<ResponseSchema> {
  return (route) => {
    const bySchema = zodSerializerCompiler(route) as Serializer;
    const zod = zodSchemaOf(route.schema);
    const plain = zod ? plainJsonSchema(zod) : null;
    const name = `${route.method} ${route.url} ${route.httpStatus}`;
    if (!plain) {
      compiledSerializers.zod.add(name);
      return bySchema;
    }
    compiledSerializers.fast.add(name);
    // Compiled on the route's first answer: start-up does not pay for the ~250 routes' schemas.
    let compiled: Serializer | null = null;
    const fast = (data: unknown) => (compiled ??= build(plain) as Serializer)(data);
    if (!options.verify) return fast;
    return (data: unknown) => {
      const expected = bySchema(data);
      const written = fast(data);
      if (written !== expected) {
        throw new Error(`${route.method} ${route.url}: the compiled serializer wrote ${written.slice(0, 500)} where zod wrote ${expected.slice(0, 500)}`);
      }
      return written;
    };
  };
}
