import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from '../../src/core/cursor.js';
import { HttpError } from '../../src/core/errors.js';

const position = { createdAt: '2026-01-02T03:04:05.678Z', id: randomUUID() };

describe('cursors', () => {
  it('round-trip', () => {
    const cursor = encodeCursor(position);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor)).toEqual(position);
  });

  const encoded = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

  it.each([
    ['not base64url', 'a+b/c='],
    ['too long', 'A'.repeat(257)],
    ['not JSON', Buffer.from('hello').toString('base64url')],
    ['an object', encoded({ createdAt: position.createdAt, id: position.id })],
    ['three entries', encoded([position.createdAt, position.id, 1])],
    ['a bad timestamp', encoded(['2026-01-02', position.id])],
    ['a bad id', encoded([position.createdAt, "1' OR '1'='1"])],
    ['a non-canonical encoding', `${encodeCursor(position)}A`],
  ])('refuse %s with 400', (_name, cursor) => {
    expect(() => decodeCursor(cursor)).toThrow(HttpError);
    try {
      decodeCursor(cursor);
    } catch (error) {
      expect((error as HttpError).status).toBe(400);
    }
  });
});
