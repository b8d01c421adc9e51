import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../helpers/auth.js';
import { request } from '../helpers/http.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

describe('SEC-J5 refresh token rotation with reuse detection', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  const refresh = (refreshToken: string) => request(server.url, 'POST', '/auth/refresh', { json: { refreshToken } });
  const me = (accessToken: string) => request(server.url, 'GET', '/auth/me', { headers: { authorization: `Bearer ${accessToken}` } });

  it('a refresh token works once and returns a new pair', async () => {
    const user = await createUser(server);
    const first = await refresh(user.refreshToken);
    expect(first.status).toBe(200);
    expect(Object.keys(first.body).sort()).toEqual(['accessToken', 'expiresIn', 'refreshToken', 'tokenType']);
    expect(first.body.refreshToken).not.toBe(user.refreshToken);
    expect((await me(String(first.body.accessToken))).status).toBe(200);
    const second = await refresh(String(first.body.refreshToken));
    expect(second.status).toBe(200);
  });

  it('reusing a spent token gives 401 and revokes the whole family, newest token included', async () => {
    const user = await createUser(server);
    const rotated = await refresh(user.refreshToken);
    const newest = String(rotated.body.refreshToken);

    const replay = await refresh(user.refreshToken);
    expect(replay.status).toBe(401);
    expect((await refresh(newest)).status).toBe(401);

    const otherSession = await request(server.url, 'POST', '/auth/login', { json: { email: user.email, password: user.password } });
    expect((await refresh(String(otherSession.body.refreshToken))).status).toBe(200);
  });

  it('logs the reuse at warn with the user id', async () => {
    const user = await createUser(server);
    await refresh(user.refreshToken);
    await refresh(user.refreshToken);
    const events = server.logs.map((line) => JSON.parse(line) as { level: string; event?: string; userId?: string });
    expect(events).toContainEqual(expect.objectContaining({ level: 'warn', event: 'refresh_token_reuse', userId: user.id }));
  });

  it('logout revokes the family', async () => {
    const user = await createUser(server);
    const rotated = await refresh(user.refreshToken);
    const logout = await request(server.url, 'POST', '/auth/logout', { json: { refreshToken: String(rotated.body.refreshToken) } });
    expect(logout.status).toBe(204);
    expect((await refresh(String(rotated.body.refreshToken))).status).toBe(401);
  });

  it('stores refresh tokens only as hashes', async () => {
    const user = await createUser(server);
    const rows = await server.db.all<Record<string, unknown>>('SELECT * FROM "refresh_tokens"');
    expect(rows.length).toBeGreaterThan(0);
    const stored = JSON.stringify(rows);
    expect(stored).not.toContain(user.refreshToken);
    expect(stored).not.toContain(user.refreshToken.split('.')[2]);
  });
});
