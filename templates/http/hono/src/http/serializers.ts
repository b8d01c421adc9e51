import type { Context } from 'hono';
import type { z } from 'zod';
import { jsonWriter } from '../core/output.js';
import type { AppEnv } from './types.js';

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8' };

export type JsonSender<T> = (c: Context<AppEnv>, value: T, status?: 200 | 201) => Response;

/** A JSON response for one output schema: only what the schema declares is written (core/output.ts). */
export function jsonSender<S extends z.ZodType>(schema: S): JsonSender<z.output<S>> {
  const write = jsonWriter(schema);
  return (c, value, status = 200) => c.body(write(value), status, JSON_HEADERS);
}

/** A response with JSON text already serialized. */
export function sendJsonText(c: Context<AppEnv>, json: string): Response {
  return c.body(json, 200, JSON_HEADERS);
}
