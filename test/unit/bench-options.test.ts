import { describe, expect, it } from 'vitest';
import { HELP, modeNameOf, readOptions } from '../../bench/lib/options.mjs';

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

// The features part (GraphQL against REST, uploads against a bare disk writer, refused
// uploads' memory) takes minutes per framework: it runs on request only.

describe('bench features part', () => {
  it('is not in the default run, and runs alone with --only features', () => {
    expect(readOptions([]).parts.has('features')).toBe(false);
    expect([...readOptions(['--only', 'features']).parts]).toEqual(['features']);
    expect([...readOptions(['--only', 'servers,features']).parts]).toEqual(['servers', 'features']);
  });

  it('measures 4 MiB uploads and 10 refused 40 MiB ones, with the shared load settings', () => {
    const features = readOptions(['--only', 'features', '--rounds', '3', '--duration', '2', '--connections', '4']).features;
    expect(features).toMatchObject({ rounds: 3, durationS: 2, connections: 4, sliceMs: 250, pin: true, uploadMiB: 4 });
    expect(features.flood).toEqual({ uploads: 10, mib: 40 });
    expect(features.uploadSliceMs).toBe(1000);
    expect(readOptions(['--only', 'features', '--slice', '2000']).features).toMatchObject({ sliceMs: 2000, uploadSliceMs: 2000 });
    expect(readOptions(['--only', 'features', '--no-pin']).features.pin).toBe(false);
  });

  it('is shorter with --quick', () => {
    const quick = readOptions(['--only', 'features', '--quick']).features;
    const full = readOptions(['--only', 'features']).features;
    expect(quick.rounds).toBeLessThan(full.rounds);
    expect(quick.warmupS).toBeLessThan(full.warmupS);
  });

  it('refuses a server mode with it, and is named in --help', () => {
    expect(() => readOptions(['--only', 'features', '--db', 'postgres'])).toThrow('drop --only features');
    expect(() => readOptions(['--only', 'feature'])).toThrow('--only feature: expected one of scaffold, servers, footprint, features');
    expect(HELP).toContain('--only features');
  });
});
