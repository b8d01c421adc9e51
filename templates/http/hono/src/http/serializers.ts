import type { Context } from 'hono';
import { z } from 'zod';
import type { AppEnv } from './types.js';

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8' };

/** Every property name the schema declares, at any depth. */
function declaredProperties(schema: z.ZodType): string[] {
  const names = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const item of node) visit(item);
      return;
    }
    if (typeof node !== 'object' || node === null) return;
    const { properties } = node as { properties?: unknown };
    if (typeof properties === 'object' && properties !== null) for (const name of Object.keys(properties)) names.add(name);
    for (const child of Object.values(node)) visit(child);
  };
  visit(z.toJSONSchema(schema, { io: 'output', unrepresentable: 'any' }));
  return [...names];
}

export type JsonSender<T> = (c: Context<AppEnv>, value: T, status?: 200 | 201) => Response;

/**
 * A JSON response writer for one output schema. Only the properties the schema declares
 * are written: nothing else an object holds can leak.
 */
export function jsonSender<S extends z.ZodType>(schema: S): JsonSender<z.output<S>> {
  const properties = declaredProperties(schema);
  return (c, value, status = 200) => c.body(JSON.stringify(value, properties), status, JSON_HEADERS);
}

/** A response with JSON text already serialized. */
export function sendJsonText(c: Context<AppEnv>, json: string): Response {
  return c.body(json, 200, JSON_HEADERS);
}
