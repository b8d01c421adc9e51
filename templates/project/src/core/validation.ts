import { z } from 'zod';
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

/** At most nine decimal digits: no sign, exponent, `0x`/`0b`/`0o` prefix, point or space. */
const DECIMAL_DIGITS = /^[0-9]{1,9}$/;

/**
 * A number in a query string, where every value arrives as text: plain decimal digits
 * become a number for `schema` to check; any other text stays text, which it refuses.
 * (`Number()` and `z.coerce` would also read `1e1`, `0x10`, `0b11` and ` 5` as numbers.)
 */
export function queryNumber<S extends z.ZodType>(schema: S) {
  return z.preprocess((value) => (typeof value === 'string' && DECIMAL_DIGITS.test(value) ? Number(value) : value), schema);
}
