import { z } from 'zod';

type JsonSchema = Record<string, unknown>;

/** `anyOf: [X, {type: "null"}]` becomes `type: [X.type, "null"]`, which serializes faster. */
function simplifyNullable(schema: JsonSchema): void {
  const anyOf = schema.anyOf;
  if (!Array.isArray(anyOf) || anyOf.length !== 2) return;
  const [value, nullType] = anyOf as JsonSchema[];
  if (value === undefined || nullType?.type !== 'null' || typeof value.type !== 'string') return;
  delete schema.anyOf;
  Object.assign(schema, value, { type: [value.type, 'null'] });
}

/**
 * A Fastify response schema from an output Zod schema. Fastify serializes with it, and
 * writes only the properties it declares: nothing else an object holds can leak.
 */
export function responseSchema(schema: z.ZodType): JsonSchema {
  const { $schema: _, ...json } = z.toJSONSchema(schema, {
    target: 'draft-7',
    io: 'output',
    override: (context) => simplifyNullable(context.jsonSchema as JsonSchema),
  }) as JsonSchema;
  return json;
}
