import { HttpError } from './errors.js';

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** Cheap pre-check: a forbidden key must appear literally, or hide behind a \u escape. */
const SUSPICIOUS = /__proto__|constructor|prototype|\\u/;

function rejectForbiddenKeys(key: string, value: unknown): unknown {
  if (FORBIDDEN_KEYS.has(key)) {
    throw new HttpError('forbidden_json_key', { detail: 'JSON keys "__proto__", "constructor" and "prototype" are not accepted' });
  }
  return value;
}

/**
 * Parses a JSON request body. Keys that could reach an object prototype are refused
 * outright; the key walk only runs when the raw text could contain one.
 */
export function parseJsonBody(text: string): unknown {
  try {
    return SUSPICIOUS.test(text) ? JSON.parse(text, rejectForbiddenKeys) : JSON.parse(text);
  } catch (error) {
    if (error instanceof HttpError) throw error;
    throw new HttpError('malformed_json', { detail: 'The request body is not valid JSON' });
  }
}
