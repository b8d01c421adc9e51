import type { Response } from 'express';
import type { z } from 'zod';
import { jsonWriter } from '../core/output.js';

const JSON_TYPE = 'application/json; charset=utf-8';

export type JsonSender<T> = (res: Response, value: T, status?: 200 | 201) => void;

/** A JSON response for one output schema: only what the schema declares is written (core/output.ts). */
export function jsonSender<S extends z.ZodType>(schema: S): JsonSender<z.output<S>> {
  const write = jsonWriter(schema);
  return (res, value, status = 200) => {
    res.status(status).type(JSON_TYPE).send(write(value));
  };
}
