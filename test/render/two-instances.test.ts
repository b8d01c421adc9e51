import { describe, expect, it } from 'vitest';
import { renderInMemory } from '../helpers/render.js';

// The two-instance test ships where several instances can serve as one (Postgres, or Redis
// beside one SQLite file), holding the cases of the project's store and auth style only.

const TEST = 'test/security/two-instances.test.ts';
const HELPER = 'test/helpers/two-instances.ts';

const twoInstanceTest = async (options: Record<string, string>): Promise<string | undefined> =>
  (await renderInMemory('hono', ['notes:title:string'], options)).get(TEST);

describe('the two-instance test', () => {
  it('does not ship with SQLite and memory counts: one instance is all there is', async () => {
    const files = await renderInMemory('express', ['notes:title:string'], { db: 'sqlite', rateLimitStore: 'memory' });
    expect(files.has(TEST)).toBe(false);
    expect(files.has(HELPER)).toBe(false);
  });

  it('runs the built server on one fresh database for every pair it starts', async () => {
    const files = await renderInMemory('fastify', ['notes:title:string'], { db: 'postgres', rateLimitStore: 'redis' });
    const helper = files.get(HELPER) as string;
    expect(helper).toContain("'tsconfig.build.json'");
    expect(helper).toContain("'../../dist/server.js'");
    expect(helper).toContain('createTestDatabase()');
    expect(files.get(TEST)).toContain('both start together on an empty database');
  });

  it('shares rate limits and login failures only through Redis, password logins only where there are any', async () => {
    const jwtRedis = await twoInstanceTest({ auth: 'jwt', db: 'sqlite', rateLimitStore: 'redis' });
    expect(jwtRedis).toContain('30 requests alternating');
    expect(jwtRedis).toContain('failed logins for one email split between them are stopped at 5');
    const keysRedis = await twoInstanceTest({ auth: 'api-key', db: 'sqlite', rateLimitStore: 'redis' });
    expect(keysRedis).toContain('30 requests alternating');
    expect(keysRedis).not.toContain('/auth/login');
    const jwtMemory = await twoInstanceTest({ auth: 'jwt', db: 'postgres', rateLimitStore: 'memory' });
    expect(jwtMemory).not.toContain('30 requests alternating');
    expect(jwtMemory).not.toContain('/auth/login');
  });

  it('holds the refresh replay with JWT and the revocation with API keys', async () => {
    const both = await twoInstanceTest({ auth: 'jwt+api-key', db: 'postgres', rateLimitStore: 'memory' });
    expect(both).toContain('replayed on B gives 401');
    expect(both).toContain('refused by the other within a second');
    const keys = await twoInstanceTest({ auth: 'api-key', db: 'postgres', rateLimitStore: 'memory' });
    expect(keys).not.toContain('/auth/refresh');
    expect(keys).toContain('refused by the other within a second');
    const oidc = await twoInstanceTest({ auth: 'oidc', db: 'postgres', rateLimitStore: 'memory' });
    expect(oidc).not.toContain('/auth/refresh');
    expect(oidc).not.toContain('api-keys');
  });
});
