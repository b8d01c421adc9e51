import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, uniqueEmail, type TestUser } from '../helpers/auth.js';
import { request } from '../helpers/http.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

interface Entry {
  readonly level: string;
  readonly event?: string;
  readonly userId?: string;
}

describe('SEC-L1 security events of the credential routes', () => {
  let server: TestServer;
  let user: TestUser;
  const entries = () => server.logs.map((line) => JSON.parse(line) as Entry);

  beforeAll(async () => {
    server = await startTestServer();
    user = await createUser(server);
  });
  afterAll(() => server.close());

  it('logs a failed login at warn with the user id, never the email', async () => {
    await request(server.url, 'POST', '/auth/login', { json: { email: user.email, password: 'wrong password!' } });
    expect(entries()).toContainEqual(expect.objectContaining({ level: 'warn', event: 'login_failed', userId: user.id }));
    expect(server.logs.join('')).not.toContain(user.email);
  });

  it('logs a failed login for an unknown email without the email', async () => {
    const email = uniqueEmail();
    await request(server.url, 'POST', '/auth/login', { json: { email, password: 'wrong password!' } });
    expect(entries().filter((entry) => entry.event === 'login_failed').length).toBeGreaterThanOrEqual(2);
    expect(server.logs.join('')).not.toContain(email);
  });

  it('never logs passwords or tokens', async () => {
    const login = await request(server.url, 'POST', '/auth/login', { json: { email: user.email, password: user.password } });
    await request(server.url, 'POST', '/auth/refresh', { json: { refreshToken: String(login.body.refreshToken) } });
    const text = server.logs.join('');
    for (const secret of [
      user.password,
      'wrong password!',
      user.accessToken,
      user.refreshToken,
      String(login.body.accessToken),
      String(login.body.refreshToken),
    ]) {
      expect(text).not.toContain(secret);
    }
    expect(text).not.toMatch(/argon2/);
  });
});
