import type { Response } from 'express';
import type { z } from 'zod';
import { jsonWriter } from '../core/output.js';

const JSON_TYPE = 'application/json; charset=utf-8';

export type JsonSender<T> = (res: Response, value: T, status?: 200 | 201) => void;

/**
 * Ends the response with a text body, given to Node as it is with its length:
 * `res.send` would parse the content type again and copy the body into a buffer
 * first. A HEAD request gets the headers only (Node leaves the body out).
 */
export function sendText(res: Response, status: number, contentType: string, body: string): void {
  res.statusCode = status;
  res.setHeader('content-type', contentType);
  res.setHeader('content-length', Buffer.byteLength(body));
  res.end(body);
}

/** A JSON response for one output schema: only what the schema declares is written (core/output.ts). */
export function jsonSender<S extends z.ZodType>(schema: S): JsonSender<z.output<S>> {
  const write = jsonWriter(schema);
  return (res, value, status = 200) => sendText(res, status, JSON_TYPE, write(value));
}
