import { describe, expect, it } from 'vitest';
import { RouteTable } from '../../src/core/route-table.js';

describe('RouteTable', () => {
  const table = new RouteTable([
    { method: 'GET', path: '/v1/notes' },
    { method: 'POST', path: '/v1/notes' },
    { method: 'GET', path: '/v1/notes/{id}' },
    { method: 'DELETE', path: '/v1/notes/{id}' },
  ]);

  it('lists the methods of a known path, HEAD with GET, and OPTIONS', () => {
    expect(table.allowFor('/v1/notes')).toBe('GET, HEAD, POST, OPTIONS');
    expect(table.allowFor('/v1/notes/123')).toBe('GET, HEAD, DELETE, OPTIONS');
  });

  it('knows nothing of other paths', () => {
    expect(table.allowFor('/v1/notes/123/extra')).toBeUndefined();
    expect(table.allowFor('/v1/notes/')).toBeUndefined();
    expect(table.allowFor('/v1')).toBeUndefined();
  });
});
