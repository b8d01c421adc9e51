import { HttpError } from './errors.js';

/** Position after the last item of a page, in (created_at, id) order. */
export interface CursorPosition {
  readonly createdAt: string;
  readonly id: string;
}

const BASE64URL = /^[A-Za-z0-9_-]{1,256}$/;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function encodeCursor(position: CursorPosition): string {
  return Buffer.from(JSON.stringify([position.createdAt, position.id])).toString('base64url');
}

const invalidCursor = (): HttpError =>
  new HttpError('invalid_cursor', { detail: 'Use the nextCursor value of a previous page, unchanged' });

/**
 * Cursors are opaque to clients. Anything but a cursor this server produced, byte for
 * byte, is a 400: the decoded value must have the exact shape, and re-encode to the input.
 */
export function decodeCursor(cursor: string): CursorPosition {
  if (!BASE64URL.test(cursor)) throw invalidCursor();
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  if (!Array.isArray(value) || value.length !== 2) throw invalidCursor();
  const [createdAt, id] = value as unknown[];
  if (typeof createdAt !== 'string' || typeof id !== 'string' || !TIMESTAMP.test(createdAt) || !UUID.test(id)) {
    throw invalidCursor();
  }
  const position = { createdAt, id };
  if (encodeCursor(position) !== cursor) throw invalidCursor();
  return position;
}
