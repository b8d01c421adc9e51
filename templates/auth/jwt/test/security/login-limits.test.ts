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

  it('limits register and login per client address (AUTH_RATE_LIMIT_MAX); refresh and logout have their own bucket', async () => {
    server = await startTestServer({ AUTH_RATE_LIMIT_MAX: '3', AUTH_RATE_LIMIT_WINDOW: '15m', REFRESH_RATE_LIMIT_MAX: '2' });
    const { url } = server;
    const attempt = () => request(url, 'POST', '/auth/login', { json: { email: uniqueEmail(), password: 'wrong password!' } });
    expect((await attempt()).status).toBe(401);
    expect((await request(url, 'POST', '/auth/register', { json: {} })).status).toBe(400);
    expect((await attempt()).status).toBe(401);
    const limited = await attempt();
    expect(limited.status).toBe(429);
    expect(limited.headers.get('ratelimit')).toMatch(/^"auth";r=0;t=\d+$/);
    expect(limited.headers.get('ratelimit-policy')).toBe('"auth";q=3;w=900');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);

    const refresh = () => request(url, 'POST', '/auth/refresh', { json: { refreshToken: 'x.y.z' } });
    expect((await refresh()).status).toBe(401);
    expect((await request(url, 'POST', '/auth/logout', { json: { refreshToken: 'x.y.z' } })).status).toBe(401);
    const refreshLimited = await refresh();
    expect(refreshLimited.status).toBe(429);
    expect(refreshLimited.headers.get('ratelimit-policy')).toBe('"refresh";q=2;w=60');
    expect((await request(url, 'GET', '/health')).status).toBe(200);
  });

  const loginFrom = (url: string, email: string, password: string, address: string) =>
    request(url, 'POST', '/auth/login', { json: { email, password }, headers: { 'x-forwarded-for': address } });

  it('stops a guesser after 5 failures per email and address, while the owner elsewhere still signs in', async () => {
    server = await startTestServer({ TRUST_PROXY: '1' });
    const { url } = server;
    const victim = await createUser(server);
    for (let i = 1; i <= 5; i += 1) {
      expect((await loginFrom(url, victim.email, 'wrong password!', '198.51.100.1')).status).toBe(401);
    }
    const blocked = await loginFrom(url, victim.email, victim.password, '198.51.100.1');
    expect(blocked.status).toBe(429);
    expect(blocked.body.type).toBe('urn:problem-type:rate_limited');
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(blocked.headers.get('ratelimit-policy')).toBe('"login";q=5;w=900');

    expect((await loginFrom(url, victim.email, victim.password, '203.0.113.9')).status).toBe(200);
  });

  it('counts IPv6 guessers per /64', async () => {
    server = await startTestServer({ TRUST_PROXY: '1' });
    const { url } = server;
    const victim = await createUser(server);
    for (let i = 1; i <= 5; i += 1) {
      expect((await loginFrom(url, victim.email, 'wrong password!', `2001:db8:1:2::${i}`)).status).toBe(401);
    }
    expect((await loginFrom(url, victim.email, victim.password, '2001:db8:1:2:ffff::99')).status).toBe(429);
    expect((await loginFrom(url, victim.email, victim.password, '2001:db8:1:3::1')).status).toBe(200);
  });

  it('bounds failures spread over many addresses per email (LOGIN_EMAIL_FAILURE_MAX)', async () => {
    server = await startTestServer({ TRUST_PROXY: '1', LOGIN_EMAIL_FAILURE_MAX: '7' });
    const { url } = server;
    const victim = await createUser(server);
    const bystander = await createUser(server);
    for (let i = 1; i <= 7; i += 1) {
      expect((await loginFrom(url, victim.email, 'wrong password!', `198.51.100.${i}`)).status).toBe(401);
    }
    const blocked = await loginFrom(url, victim.email, victim.password, '198.51.100.99');
    expect(blocked.status).toBe(429);
    expect(blocked.headers.get('ratelimit-policy')).toBe('"login-email";q=7;w=3600');
    expect((await loginFrom(url, bystander.email, bystander.password, '198.51.100.1')).status).toBe(200);
  });

  it('counts only failures: simultaneous correct logins all succeed', async () => {
    const started = await startTestServer({ AUTH_RATE_LIMIT_MAX: '100' });
    server = started;
    const user = await createUser(started);
    const login = (password: string) => request(started.url, 'POST', '/auth/login', { json: { email: user.email, password } });
    const together = await Promise.all(Array.from({ length: 7 }, () => login(user.password)));
    expect(together.map((response) => response.status)).toEqual(Array(7).fill(200));
    for (let i = 0; i < 4; i += 1) expect((await login('wrong password!')).status).toBe(401);
    expect((await login(user.password)).status).toBe(200);
    for (let i = 0; i < 4; i += 1) expect((await login('wrong password!')).status).toBe(401);
  });
});
