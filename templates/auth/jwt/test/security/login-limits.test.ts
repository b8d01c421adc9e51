import { afterEach, describe, expect, it } from 'vitest';
import { createUser, uniqueEmail } from '../helpers/auth.js';
import { request } from '../helpers/http.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

describe('SEC-R1 limits on credential routes', () => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('limits register, login and refresh per client address (AUTH_RATE_LIMIT_MAX)', async () => {
    server = await startTestServer({ AUTH_RATE_LIMIT_MAX: '3', AUTH_RATE_LIMIT_WINDOW: '15m' });
    const { url } = server;
    const attempt = () => request(url, 'POST', '/auth/login', { json: { email: uniqueEmail(), password: 'wrong password!' } });
    expect((await attempt()).status).toBe(401);
    expect((await request(url, 'POST', '/auth/refresh', { json: { refreshToken: 'x.y.z' } })).status).toBe(401);
    expect((await request(url, 'POST', '/auth/register', { json: {} })).status).toBe(400);
    const limited = await attempt();
    expect(limited.status).toBe(429);
    expect(limited.headers.get('ratelimit')).toMatch(/^"auth";r=0;t=\d+$/);
    expect(limited.headers.get('ratelimit-policy')).toBe('"auth";q=3;w=900');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await request(url, 'GET', '/health')).status).toBe(200);
  });

  it('limits failed logins per email to 5 per 15 minutes, whatever the client address', async () => {
    server = await startTestServer({ TRUST_PROXY: '1' });
    const { url } = server;
    const victim = await createUser(url);
    const bystander = await createUser(url);
    const login = (email: string, password: string, address: string) =>
      request(url, 'POST', '/auth/login', { json: { email, password }, headers: { 'x-forwarded-for': address } });

    for (let i = 1; i <= 5; i += 1) {
      expect((await login(victim.email, 'wrong password!', `198.51.100.${i}`)).status).toBe(401);
    }
    const blocked = await login(victim.email, victim.password, '198.51.100.99');
    expect(blocked.status).toBe(429);
    expect(blocked.body.type).toBe('urn:problem-type:rate_limited');
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(blocked.headers.get('ratelimit-policy')).toBe('"login";q=5;w=900');

    expect((await login(bystander.email, bystander.password, '198.51.100.1')).status).toBe(200);
  });

  it('does not count successful logins', async () => {
    server = await startTestServer();
    const user = await createUser(server.url);
    for (let i = 0; i < 4; i += 1) {
      await request(server.url, 'POST', '/auth/login', { json: { email: user.email, password: 'wrong password!' } });
    }
    expect((await request(server.url, 'POST', '/auth/login', { json: { email: user.email, password: user.password } })).status).toBe(200);
    for (let i = 0; i < 4; i += 1) {
      expect((await request(server.url, 'POST', '/auth/login', { json: { email: user.email, password: 'wrong password!' } })).status).toBe(401);
    }
  });
});
