import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import en from './en.json' with { type: 'json' };
import vi from './vi.json' with { type: 'json' };

type Schema = { $ref?: string; properties?: Record<string, Schema>; items?: Schema; anyOf?: Schema[]; oneOf?: Schema[]; allOf?: Schema[] };
type Operation = { parameters?: { name: string; in: string }[]; requestBody?: { content?: Record<string, { schema?: Schema }> } };
type OpenApi = { paths: Record<string, Record<string, Operation>>; components?: { schemas?: Record<string, Schema> } };

/** Every field a request can name: the properties of request bodies (nested too) and the query and path parameters of docs/openapi.json. */
function requestFields(doc: OpenApi): Set<string> {
  const names = new Set<string>();
  const walk = (s: Schema | undefined, depth: number): void => {
    if (!s || depth > 6) return;
    const schema = s.$ref ? doc.components?.schemas?.[s.$ref.split('/').at(-1)!] : s;
    if (!schema) return;
    for (const [k, v] of Object.entries(schema.properties ?? {})) {
      names.add(k);
      walk(v, depth + 1);
    }
    walk(schema.items, depth + 1);
    for (const x of [...(schema.anyOf ?? []), ...(schema.oneOf ?? []), ...(schema.allOf ?? [])]) walk(x, depth + 1);
  };
  for (const ops of Object.values(doc.paths)) {
    for (const op of Object.values(ops)) {
      if (typeof op !== 'object') continue;
      for (const p of op.parameters ?? []) if (p.in !== 'header' && p.in !== 'cookie') names.add(p.name);
      for (const c of Object.values(op.requestBody?.content ?? {})) walk(c.schema, 0);
    }
  }
  return names;
}

describe('field labels of validation messages', () => {
  it('name every field a request can carry in Vietnamese and English ("Mục “fullName”" reached the steering committee form)', () => {
    const doc = JSON.parse(readFileSync(new URL('../../../docs/openapi.json', import.meta.url), 'utf8')) as OpenApi;
    const fields = [...requestFields(doc)].sort();
    expect(fields.length).toBeGreaterThan(150);
    const labels = (catalog: { fields: Record<string, string> }) => fields.filter((f) => !(f in catalog.fields));
    expect(labels(vi), 'fields with no Vietnamese label').toEqual([]);
    expect(labels(en), 'fields with no English label').toEqual([]);
  });
});
