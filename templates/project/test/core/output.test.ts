import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { jsonWriter } from '../../src/core/output.js';

const item = z.object({ id: z.string(), title: z.string(), body: z.string().nullable(), tags: z.array(z.string()) });
const page = z.object({ data: z.array(item), nextCursor: z.string().nullable() });

describe('jsonWriter (SEC-V4)', () => {
  it('writes a value that fits its schema unchanged', () => {
    const value = { id: 'a', title: 'T', body: null, tags: ['x'] };
    expect(jsonWriter(item)(value)).toBe(JSON.stringify(value));
  });

  it('drops every property the schema does not declare, at any depth', () => {
    const leaky = { id: 'a', title: 'T', body: 'B', tags: [], ownerId: 'u1', passwordHash: '$argon2id$…' };
    const text = jsonWriter(page)({ data: [leaky, { ...leaky, id: 'b' }], nextCursor: null, secret: 's' } as never);
    expect(JSON.parse(text)).toEqual({
      data: [
        { id: 'a', title: 'T', body: 'B', tags: [] },
        { id: 'b', title: 'T', body: 'B', tags: [] },
      ],
      nextCursor: null,
    });
    expect(text).not.toMatch(/ownerId|passwordHash|argon2|secret/);
  });

  it('checks every property whatever order the value holds them in', () => {
    const write = jsonWriter(item);
    const reordered = { tags: ['x'], body: null, title: 'T', id: 'a' };
    expect(write(reordered)).toBe(JSON.stringify(reordered));
    const extraFirst = { secret: 's', id: 'a', title: 'T', body: null, tags: [] };
    const extraInside = { id: 'a', title: 'T', secret: 's', body: null, tags: [] };
    const extraLast = { id: 'a', title: 'T', body: null, tags: [], secret: 's' };
    for (const leaky of [extraFirst, extraInside, extraLast]) {
      expect(JSON.parse(write(leaky as never))).toEqual({ id: 'a', title: 'T', body: null, tags: [] });
    }
    expect(() => write({ tags: [], id: 'a', title: { hash: 'h' }, body: null } as never)).toThrow(/does not match its output schema/);
  });

  it('never writes an object where the schema declares a primitive', () => {
    const write = jsonWriter(item);
    expect(() => write({ id: { toString: () => 'a', hash: 'h' }, title: 'T', body: null, tags: [] } as never)).toThrow(
      /does not match its output schema/,
    );
  });

  it('refuses at start-up an output schema it cannot follow exactly', () => {
    const either = z.union([z.object({ a: z.string() }), z.object({ b: z.string() })]);
    expect(() => jsonWriter(either)).toThrow(/unions of several object or array shapes/);
  });
});
