import { afterEach, describe, expect, it } from 'vitest';
import { createUser } from '../helpers/auth.js';
import { request, type Response } from '../helpers/http.js';
import { signedInRoute } from '../helpers/operations.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

function expectLimited(response: Response, policy: string): void {
  expect(response.status).toBe(429);
  expect(response.headers.get('content-type')).toContain('application/problem+json');
  expect(response.body.type).toBe('urn:problem-type:rate_limited');
  expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
  expect(response.headers.get('ratelimit')).toMatch(new RegExp(`^"${policy}";r=0;t=\\d+$`));
  expect(response.headers.get('ratelimit-policy')).toMatch(new RegExp(`^"${policy}";q=\\d+;w=\\d+$`));
}

describe('SEC-R1 rate limits', () => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('limits every route per client address, with IETF RateLimit headers', async () => {
    server = await startTestServer({ RATE_LIMIT_MAX: '3', RATE_LIMIT_WINDOW: '1m' });
    const first = await request(server.url, 'GET', '/health');
    expect(first.headers.get('ratelimit-policy')).toBe('"ip";q=3;w=60');
    expect(first.headers.get('ratelimit')).toMatch(/^"ip";r=2;t=\d+$/);
    await request(server.url, 'GET', '/no-such-route');
    await request(server.url, 'GET', '/health');
    expectLimited(await request(server.url, 'GET', '/health'), 'ip');
  });

  it('ignores a spoofed X-Forwarded-For when no proxy is trusted', async () => {
    server = await startTestServer({ RATE_LIMIT_MAX: '2' });
    for (const address of ['203.0.113.1', '203.0.113.2']) {
      expect((await request(server.url, 'GET', '/health', { headers: { 'x-forwarded-for': address } })).status).toBe(200);
    }
    expectLimited(await request(server.url, 'GET', '/health', { headers: { 'x-forwarded-for': '203.0.113.3' } }), 'ip');
  });

  it('keys on the address the trusted proxy reports when TRUST_PROXY is set', async () => {
    server = await startTestServer({ RATE_LIMIT_MAX: '1', TRUST_PROXY: '1' });
    const { url } = server;
    const from = (address: string) => request(url, 'GET', '/health', { headers: { 'x-forwarded-for': address } });
    expect((await from('203.0.113.1')).status).toBe(200);
    expect((await from('203.0.113.2')).status).toBe(200);
    expectLimited(await from('203.0.113.1'), 'ip');
  });

  it('limits authenticated routes per user, whatever the address', async () => {
    server = await startTestServer({ PRINCIPAL_RATE_LIMIT_MAX: '2' });
    const { url } = server;
    const user = await createUser(server);
    const other = await createUser(server);
    const call = (headers: Record<string, string>) => request(url, 'GET', signedInRoute.path, { headers });
    expect((await call(user.headers)).status).toBe(200);
    const second = await call(user.headers);
    expect(second.headers.get('ratelimit')).toMatch(/"user";r=0;t=\d+/);
    expectLimited(await call(user.headers), 'user');
    expect((await call(other.headers)).status).toBe(200);
  });
});
