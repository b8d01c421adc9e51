import type { z } from 'zod';
import { HttpError, type FieldIssue } from './errors.js';

export type InputLocation = 'body' | 'query' | 'params';

const MAX_ISSUES = 50;
const MAX_MESSAGE_LENGTH = 300;

function issuePath(location: InputLocation, path: readonly PropertyKey[]): string {
  return [location, ...path.map((key) => String(key))].join('.');
}

export function validationError(error: z.ZodError, location: InputLocation): HttpError {
  const errors: FieldIssue[] = error.issues.slice(0, MAX_ISSUES).map((issue) => ({
    path: issuePath(location, issue.path).slice(0, MAX_MESSAGE_LENGTH),
    message: issue.message.slice(0, MAX_MESSAGE_LENGTH),
  }));
  return new HttpError('validation_failed', { errors });
}

/** Parses untrusted input with a strict schema; anything else is a 400 listing every issue. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, location: InputLocation): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw validationError(result.error, location);
  return result.data;
}
