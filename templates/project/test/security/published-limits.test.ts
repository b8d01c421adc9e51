import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { request } from '../helpers/http.js';
import { operations, type DeclaredOperation } from '../helpers/operations.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

interface JsonSchema {
  readonly type?: string;
  readonly format?: string;
  readonly pattern?: string;
  readonly maxLength?: number;
  readonly maximum?: number;
  readonly maxItems?: number;
  readonly enum?: readonly unknown[];
  readonly const?: unknown;
  readonly items?: JsonSchema;
  readonly anyOf?: readonly JsonSchema[];
  readonly additionalProperties?: unknown;
  readonly properties?: Readonly<Record<string, JsonSchema>>;
}

interface Parameter {
  readonly name: string;
  readonly in: string;
  readonly schema: JsonSchema;
}

interface PublishedOperation {
  readonly parameters?: readonly Parameter[];
  readonly requestBody?: { readonly content: Record<string, { readonly schema: JsonSchema }> };
}

/** A string of exactly `length` characters in the schema's format, or undefined when none exists. */
function stringOfLength(schema: JsonSchema, length: number): string | undefined {
  const fill = (prefix: string, suffix = '') =>
    length < prefix.length + suffix.length ? undefined : prefix + 'a'.repeat(length - prefix.length - suffix.length) + suffix;
  switch (schema.format) {
    case undefined:
      return 'x'.repeat(length);
    case 'date-time':
      return length < 22 ? undefined : `2026-01-02T03:04:05.${'1'.repeat(length - 21)}Z`;
    case 'email':
      return fill('', '@example.com');
    case 'uri':
      return fill('https://example.com/');
    case 'uuid':
      return fill(randomUUID());
    default:
      throw new Error(`no sample value for the string format ${schema.format}: add one to this test`);
  }
}

/** The schema of a property that may be null: the non-null side. */
function nonNull(schema: JsonSchema): JsonSchema {
  return schema.anyOf?.find((member) => member.type !== 'null') ?? schema;
}

/**
 * The values at and one past the published maximum of a property, as a client would send
 * them (query and path values as text), or a reason why the property has none.
 */
function boundary(schema: JsonSchema, asText: boolean): { at: unknown; past: unknown } | string {
  const text = (value: number) => (asText ? String(value) : value);
  if (schema.enum !== undefined || schema.const !== undefined || schema.type === 'boolean') return { at: undefined, past: undefined };
  if (schema.type === 'string') {
    if (schema.maxLength === undefined) return 'a string without maxLength';
    const at = stringOfLength(schema, schema.maxLength);
    const past = stringOfLength(schema, schema.maxLength + 1);
    if (at === undefined || past === undefined) return `no ${schema.format} value of ${schema.maxLength} characters`;
    if (schema.pattern !== undefined && !new RegExp(schema.pattern, 'u').test(at))
      return `no sample value for the pattern ${schema.pattern}`;
    return { at, past };
  }
  if (schema.type === 'integer' || schema.type === 'number') {
    if (schema.maximum === undefined) return `a ${schema.type} without maximum`;
    return { at: text(schema.maximum), past: text(schema.type === 'integer' ? schema.maximum + 1 : schema.maximum * (1 + 1e-9) + 1) };
  }
  if (schema.type === 'array') {
    if (schema.maxItems === undefined || schema.items === undefined) return 'an array without maxItems';
    const item = boundary(schema.items, false);
    if (typeof item === 'string') return item;
    return { at: Array.from({ length: schema.maxItems }, () => item.at), past: Array.from({ length: schema.maxItems + 1 }, () => item.at) };
  }
  // A map whose members another schema defines (GraphQL variables): bounded by BODY_LIMIT alone.
  if (schema.type === 'object' && schema.properties === undefined && schema.additionalProperties === undefined)
    return { at: undefined, past: undefined };
  return `a property of type ${String(schema.type)}: teach this test its limits`;
}

/** The Zod schemas of an operation's inputs, by location, with what /openapi.json publishes for them. */
function inputsOf(operation: DeclaredOperation, published: PublishedOperation) {
  const parameters = (location: string) =>
    Object.fromEntries(
      (published.parameters ?? []).filter((parameter) => parameter.in === location).map((parameter) => [parameter.name, parameter.schema]),
    );
  const body = operation.body.kind === 'json' ? operation.body.schema : undefined;
  return [
    { location: 'params', zod: operation.params, published: parameters('path'), asText: true },
    { location: 'query', zod: operation.query, published: parameters('query'), asText: true },
    {
      location: 'body',
      zod: body instanceof z.ZodObject ? body : undefined,
      published: published.requestBody?.content['application/json']?.schema.properties ?? {},
      asText: false,
    },
  ];
}

describe('published input limits are the limits the server applies', () => {
  let server: TestServer;
  let paths: Record<string, Record<string, PublishedOperation>>;

  beforeAll(async () => {
    server = await startTestServer();
    paths = (await request(server.url, 'GET', '/openapi.json')).body.paths as unknown as typeof paths;
  });
  afterAll(() => server.close());

  it('accepts every input at its published maxLength, maximum or maxItems, and refuses one past it', () => {
    const problems: string[] = [];
    let checked = 0;
    for (const operation of operations) {
      const published = paths[operation.path]?.[operation.method.toLowerCase()];
      if (published === undefined) {
        problems.push(`${operation.method} ${operation.path}: not published`);
        continue;
      }
      if (operation.body.kind === 'json' && !(operation.body.schema instanceof z.ZodObject)) {
        problems.push(`${operation.method} ${operation.path}: a body that is not an object: teach this test its limits`);
      }
      for (const { location, zod, published: properties, asText } of inputsOf(operation, published)) {
        const shape: Record<string, z.ZodType> = zod?.shape ?? {};
        expect(Object.keys(properties).sort(), `${operation.method} ${operation.path} ${location}`).toEqual(Object.keys(shape).sort());
        for (const [name, property] of Object.entries(properties)) {
          const where = `${operation.method} ${operation.path} ${location}.${name}`;
          const schema = shape[name];
          const values = boundary(nonNull(property), asText);
          if (schema === undefined) continue;
          if (typeof values === 'string') {
            problems.push(`${where}: ${values}`);
            continue;
          }
          if (values.at === undefined) continue;
          checked += 1;
          const at = schema.safeParse(values.at);
          if (!at.success) problems.push(`${where}: refuses the published maximum (${at.error.issues[0]?.message})`);
          if (schema.safeParse(values.past).success) problems.push(`${where}: accepts a value past the published maximum`);
        }
      }
    }
    expect(problems).toEqual([]);
    expect(checked).toBeGreaterThan(0);
  });
});
