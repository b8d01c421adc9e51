import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTwoInstances, type ServerProcess, type TwoInstances } from '../helpers/child-server.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { testEnv } from '../helpers/env.js';
import { request } from '../helpers/http.js';

/**
 * Two server processes on one database and one Redis, as behind a load balancer: they start
 * together on an empty database, and their rate limits are one.
 */
describe('SEC-R1 two instances behave as one', () => {
  let database: TestDatabase;
  let instances: TwoInstances | undefined;
  let a: ServerProcess;
  let b: ServerProcess;
  let urls: readonly [string, string];

  beforeAll(async () => {
    database = await createTestDatabase();
    // One environment for both: the same database and the same Redis key prefix.
    const env = testEnv({
      DATABASE_URL: database.url,
      HOST: '127.0.0.1',
      PORT: '0',
      RATE_LIMIT_MAX: '10',
      RATE_LIMIT_WINDOW: '1m',
      TRUST_PROXY: '1',
    });
    instances = await startTwoInstances(env);
    ({ servers: [a, b], urls } = instances);
  }, 60_000);
  afterAll(async () => {
    instances?.kill();
    await database?.drop();
  });

  it('both start together on an empty database', () => {
    expect(urls[0]).not.toBe(urls[1]);
    expect(a.stderr() + b.stderr()).toBe('');
  });

  it('30 requests alternating between them against a limit of 10: exactly 10 succeed, 20 get 429 from both', async () => {
    const client = { 'x-forwarded-for': '203.0.113.10' };
    const responses = [];
    for (let i = 0; i < 30; i += 1) {
      const url = urls[i % 2] as string;
      responses.push({ from: i % 2, response: await request(url, 'GET', '/health', { headers: client }) });
    }
    expect(responses.filter(({ response }) => response.status === 200)).toHaveLength(10);
    const limited = responses.filter(({ response }) => response.status === 429);
    expect(limited).toHaveLength(20);
    expect(new Set(limited.map(({ from }) => from))).toEqual(new Set([0, 1]));
    for (const { response } of limited) {
      expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(response.headers.get('ratelimit')).toMatch(/^"ip";r=0;t=\d+$/);
    }
    // another client still has its own allowance on either instance
    expect((await request(urls[1], 'GET', '/health', { headers: { 'x-forwarded-for': '203.0.113.11' } })).status).toBe(200);
  });

  it('SIGTERM to one leaves the other serving', async () => {
    a.child.kill('SIGTERM');
    expect(await a.exited).toBe(0);
    expect((await request(urls[1], 'GET', '/health', { headers: { 'x-forwarded-for': '203.0.113.12' } })).status).toBe(200);
  });
});
