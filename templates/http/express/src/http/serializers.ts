import { z } from 'zod';

interface JsonSchema {
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly items?: JsonSchema | readonly JsonSchema[];
  readonly anyOf?: readonly JsonSchema[];
  readonly oneOf?: readonly JsonSchema[];
  readonly allOf?: readonly JsonSchema[];
}

/** Rebuilds a value keeping only what its schema declares; undefined when the value is kept as is. */
type Projection = (value: unknown) => unknown;

/** Declared properties of an object schema, its union and intersection members included. */
function collectProperties(schema: JsonSchema, into: Map<string, JsonSchema>): void {
  for (const [key, property] of Object.entries(schema.properties ?? {})) if (!into.has(key)) into.set(key, property);
  for (const member of [...(schema.anyOf ?? []), ...(schema.oneOf ?? []), ...(schema.allOf ?? [])]) collectProperties(member, into);
}

function itemsOf(schema: JsonSchema): JsonSchema | undefined {
  if (schema.items !== undefined && !Array.isArray(schema.items)) return schema.items as JsonSchema;
  for (const member of [...(schema.anyOf ?? []), ...(schema.oneOf ?? [])]) {
    const items = itemsOf(member);
    if (items !== undefined) return items;
  }
  return undefined;
}

function compile(schema: JsonSchema): Projection | undefined {
  const properties = new Map<string, JsonSchema>();
  collectProperties(schema, properties);
  if (properties.size > 0) {
    const fields = [...properties].map(([key, property]) => [key, compile(property)] as const);
    return (value) => {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
      const source = value as Record<string, unknown>;
      const output: Record<string, unknown> = {};
      for (const [key, project] of fields) {
        const field = source[key];
        if (field !== undefined) output[key] = project === undefined ? field : project(field);
      }
      return output;
    };
  }
  const items = itemsOf(schema);
  const item = items === undefined ? undefined : compile(items);
  if (item !== undefined) return (value) => (Array.isArray(value) ? value.map(item) : value);
  return undefined;
}

/**
 * The output filter of a response, built once from its Zod schema: objects keep only
 * the properties the schema declares, however many more the value holds, so nothing
 * else (an owner id, a hash) can leak into a response.
 */
export function outputOf<S extends z.ZodType>(schema: S): (value: z.output<S>) => z.output<S> {
  const json = z.toJSONSchema(schema, { io: 'output', unrepresentable: 'any' }) as JsonSchema;
  const project = compile(json);
  if (project === undefined) return (value) => value;
  return (value) => project(value) as z.output<S>;
}
