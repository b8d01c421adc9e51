import { describe, expect, it } from 'vitest';
import { modeNameOf, readOptions } from '../../bench/lib/options.mjs';

// `npm run bench` server modes: the default measures every part as before; any other mode
// measures the servers only, under a name of its own.

describe('bench server modes', () => {
  it('default to jwt, sqlite and memory, with every part and the layer breakdown', () => {
    const options = readOptions([]);
    expect(options.mode).toEqual({ auth: 'jwt', db: 'sqlite', rateLimitStore: 'memory' });
    expect(options.modeName).toBeUndefined();
    expect([...options.parts]).toEqual(['scaffold', 'servers', 'footprint']);
    expect(options.layers).toBe(true);
  });

  it('name another mode by what differs, and measure the servers only', () => {
    const options = readOptions(['--auth', 'jwt+api-key', '--db', 'postgres', '--rate-limit-store', 'redis']);
    expect(options.modeName).toBe('jwt-api-key-postgres-redis');
    expect([...options.parts]).toEqual(['servers']);
    expect(options.layers).toBe(false);
    expect(modeNameOf({ auth: 'oidc', db: 'sqlite', rateLimitStore: 'memory' })).toBe('oidc');
    expect(modeNameOf({ auth: 'jwt', db: 'sqlite', rateLimitStore: 'redis' })).toBe('redis');
  });

  it('refuse an unknown value, naming the flag and the choices', () => {
    expect(() => readOptions(['--db', 'mysql'])).toThrow('--db mysql: expected one of sqlite, postgres');
    expect(() => readOptions(['--auth', 'basic'])).toThrow('--auth basic: expected one of jwt, api-key, jwt+api-key, oidc');
  });

  it('refuse another mode with parts other than the servers', () => {
    expect(() => readOptions(['--db', 'postgres', '--only', 'scaffold'])).toThrow('measure servers only');
  });
});
