import type { Response } from 'express';
import type { z } from 'zod';
import { jsonWriter } from '../core/output.js';

const JSON_TYPE = 'application/json; charset=utf-8';

export type JsonSender<T> = (res: Response, value: T, status?: 200 | 201) => void;

/**
 * A JSON response for one output schema: only what the schema declares is written
 * (core/output.ts). The text goes to Node as it is, with its length: `res.send` would
 * parse the content type again and copy the body into a buffer first. A HEAD request
 * gets the headers only (Node leaves the body out).
 */
export function jsonSender<S extends z.ZodType>(schema: S): JsonSender<z.output<S>> {
  const write = jsonWriter(schema);
  return (res, value, status = 200) => {
    const body = write(value);
    res.statusCode = status;
    res.setHeader('content-type', JSON_TYPE);
    res.setHeader('content-length', Buffer.byteLength(body));
    res.end(body);
  };
}
