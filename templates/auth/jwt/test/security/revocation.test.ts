import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setUserDisabled } from '../../src/core/users.js';
import { createUser, type TestUser } from '../helpers/auth.js';
import { runCommand } from '../helpers/child-server.js';
import { createTestDatabase } from '../helpers/database.js';
import { request } from '../helpers/http.js';
import { concretePath, isProtected, operations, signedInRoute } from '../helpers/operations.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

// SEC-J5: a revoked login, a deleted user and a disabled user get the same 401 on every
// route from the next request on, and never a 500.

describe('revocation reaches access tokens at once', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ AUTH_RATE_LIMIT_MAX: '1000' });
  });
  afterAll(() => server.close());

  const signedIn = (headers: Record<string, string>) => request(server.url, 'GET', signedInRoute.path, { headers });

  async function expectRefusedEverywhere(headers: Record<string, string>): Promise<void> {
    for (const operation of operations.filter(isProtected)) {
      const response = await request(server.url, operation.method, concretePath(operation), {
        headers,
        ...(operation.body.kind === 'json' ? { json: {} } : {}),
      });
      expect(response.status, `${operation.method} ${operation.path}`).toBe(401);
      expect(response.body.type).toBe('urn:problem-type:unauthorized');
    }
  }

  async function secondLogin(user: TestUser): Promise<Record<string, string>> {
    const response = await request(server.url, 'POST', '/auth/login', { json: { email: user.email, password: user.password } });
    expect(response.status).toBe(200);
    return { authorization: `Bearer ${String(response.body.accessToken)}` };
  }

  it('logout stops the access tokens of that login, and only of that login', async () => {
    const user = await createUser(server);
    const otherDevice = await secondLogin(user);
    expect((await signedIn(user.headers)).status).toBe(200);
    expect((await request(server.url, 'POST', '/auth/logout', { json: { refreshToken: user.refreshToken } })).status).toBe(204);
    await expectRefusedEverywhere(user.headers);
    expect((await signedIn(otherDevice)).status).toBe(200);
  });

  it('refresh-token reuse revokes the access tokens of the whole family', async () => {
    const user = await createUser(server);
    const rotated = await request(server.url, 'POST', '/auth/refresh', { json: { refreshToken: user.refreshToken } });
    expect(rotated.status).toBe(200);
    const newest = { authorization: `Bearer ${String(rotated.body.accessToken)}` };
    expect((await signedIn(newest)).status).toBe(200);
    expect((await request(server.url, 'POST', '/auth/refresh', { json: { refreshToken: user.refreshToken } })).status).toBe(401);
    await expectRefusedEverywhere(newest);
    await expectRefusedEverywhere(user.headers);
  });

  it("a deleted user's tokens: 401 on every route, never 500", async () => {
    const user = await createUser(server);
    expect((await signedIn(user.headers)).status).toBe(200);
    await server.db.run('DELETE FROM "users" WHERE "id" = ?', [user.id]);
    await expectRefusedEverywhere(user.headers);
    expect((await request(server.url, 'POST', '/auth/refresh', { json: { refreshToken: user.refreshToken } })).status).toBe(401);
  });

  it('a disabled user: 401 everywhere and no new login; enabled again, it signs in', async () => {
    const user = await createUser(server);
    expect(await setUserDisabled(server.db, user.email, true)).toBe(user.id);
    await expectRefusedEverywhere(user.headers);
    expect((await request(server.url, 'POST', '/auth/refresh', { json: { refreshToken: user.refreshToken } })).status).toBe(401);
    const login = await request(server.url, 'POST', '/auth/login', { json: { email: user.email, password: user.password } });
    expect(login.status).toBe(401);
    expect(login.body.type).toBe('urn:problem-type:invalid_credentials');

    await setUserDisabled(server.db, user.email, false);
    expect((await signedIn(await secondLogin(user))).status).toBe(200);
  });

  it('npm run user:disable and user:enable act on a running server at once', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'users-'));
    const database = await createTestDatabase();
    const env = { PATH: process.env.PATH ?? '', DATABASE_URL: database.url };
    const fileServer = await startTestServer({ DATABASE_URL: env.DATABASE_URL });
    try {
      const user = await createUser(fileServer);
      const run = (...args: string[]) => runCommand('user-disable', args, { cwd: folder, env });
      const disabled = await run('--', user.email);
      expect(disabled.status, disabled.stderr).toBe(0);
      expect(disabled.stdout).toContain(user.id);
      expect((await request(fileServer.url, 'GET', signedInRoute.path, { headers: user.headers })).status).toBe(401);
      expect((await run('--', 'nobody@example.com')).status).toBe(1);
      expect((await run('--', 'not an email')).status).toBe(2);
      expect((await run('--enable', '--', user.email)).status).toBe(0);
      const login = await request(fileServer.url, 'POST', '/auth/login', { json: { email: user.email, password: user.password } });
      expect(login.status).toBe(200);
    } finally {
      await fileServer.close();
      await database.drop();
      rmSync(folder, { recursive: true, force: true });
    }
  }, 60_000);
});
