import type { FastifySerializerCompiler } from 'fastify';
import type { z } from 'zod';
import { jsonWriter, type JsonWriter } from '../core/output.js';

/**
 * A route's response schema: the JSON writer of an output Zod schema (core/output.ts),
 * which writes only the properties the schema declares. Its own class, so Fastify
 * hands it to `serializerCompiler` untouched.
 */
export class ResponseSchema {
  constructor(readonly write: JsonWriter<unknown>) {}
}

export function responseSchema(schema: z.ZodType): ResponseSchema {
  return new ResponseSchema(jsonWriter(schema));
}

/** Fastify's serializer for every response schema; any other kind of schema is refused at start-up. */
export const serializerCompiler: FastifySerializerCompiler<unknown> = ({ schema, url, httpStatus }) => {
  if (!(schema instanceof ResponseSchema)) throw new Error(`the ${httpStatus ?? ''} response schema of ${url} must come from responseSchema()`);
  return schema.write;
};
