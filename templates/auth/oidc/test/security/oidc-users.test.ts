import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setUserDisabled } from '../../src/core/users.js';
import { ALL_SCOPES, createUser, testIssuer } from '../helpers/auth.js';
import { runCommand } from '../helpers/child-server.js';
import { createTestDatabase } from '../helpers/database.js';
import { request } from '../helpers/http.js';
import { signedInRoute } from '../helpers/operations.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

// SEC-O1: (iss, sub) is the identity; the email claim never links anything.
describe('SEC-O1 local users of OIDC subjects', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  const me = (headers: Record<string, string>) => request(server.url, 'GET', signedInRoute.path, { headers });

  it('a subject gets one local user, created on first sight and found again with a new token', async () => {
    const user = await createUser(server);
    const again = await testIssuer.token(user.subject, ALL_SCOPES);
    expect((await me({ authorization: `Bearer ${again}` })).body.id).toBe(user.id);
    const rows = await server.db.all<{ id: string }>('SELECT "user_id" AS "id" FROM "oidc_subjects" WHERE "subject" = ?', [user.subject]);
    expect(rows).toEqual([{ id: user.id }]);
  });

  it('is never linked by the email claim', async () => {
    const email = `shared-${randomUUID()}@example.com`;
    const first = await createUser(server, { email });
    const second = await createUser(server, { email });
    expect(second.id).not.toBe(first.id);
    const stored = await server.db.get<{ email: string | null }>('SELECT "email" FROM "users" WHERE "id" = ?', [first.id]);
    expect(stored?.email).toBeNull();
  });

  it('a disabled user: 401 with any of its tokens; enabled again (by user id), it works', async () => {
    const user = await createUser(server);
    expect(await setUserDisabled(server.db, user.id, true)).toBe(user.id);
    expect((await me(user.headers)).status).toBe(401);
    expect((await me({ authorization: `Bearer ${await testIssuer.token(user.subject, ALL_SCOPES)}` })).status).toBe(401);
    await setUserDisabled(server.db, user.id, false);
    expect((await me(user.headers)).status).toBe(200);
  });

  it('a deleted user: 401, and its subject does not come back as a new user', async () => {
    const user = await createUser(server);
    await server.db.run('DELETE FROM "users" WHERE "id" = ?', [user.id]);
    expect((await me(user.headers)).status).toBe(401);
    expect((await me({ authorization: `Bearer ${await testIssuer.token(user.subject, ALL_SCOPES)}` })).status).toBe(401);
    const found = await server.db.all('SELECT "id" FROM "users" WHERE "name" = ?', [user.subject]);
    expect(found).toHaveLength(0);
  });

  it('the same subject at the same time becomes one user', async () => {
    const subject = `subject-${randomUUID()}`;
    const tokens = await Promise.all(Array.from({ length: 5 }, () => testIssuer.token(subject, ALL_SCOPES)));
    const responses = await Promise.all(tokens.map((token) => me({ authorization: `Bearer ${token}` })));
    expect(new Set(responses.map((response) => response.body.id)).size).toBe(1);
  });

  it('npm run admin:promote and user:disable take the user id of an OIDC user', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'users-'));
    const database = await createTestDatabase();
    const env = { PATH: process.env.PATH ?? '', DATABASE_URL: database.url };
    const fileServer = await startTestServer({ DATABASE_URL: env.DATABASE_URL });
    try {
      const user = await createUser(fileServer);
      const run = (script: string, ...args: string[]) => runCommand(script, args, { cwd: folder, env });
      const admins = () => request(fileServer.url, 'GET', '/v1/admin/users', { headers: user.headers });
      expect((await admins()).status).toBe(403);
      const promoted = await run('admin-promote', '--', user.id);
      expect(promoted.status, promoted.stderr).toBe(0);
      expect((await admins()).status).toBe(200);
      const listed = (await admins()).body.data;
      expect(listed).toEqual(expect.arrayContaining([expect.objectContaining({ id: user.id, email: null, role: 'admin' })]));
      const disabled = await run('user-disable', '--', user.id);
      expect(disabled.status, disabled.stderr).toBe(0);
      const signedIn = () => request(fileServer.url, 'GET', signedInRoute.path, { headers: user.headers });
      expect((await signedIn()).status).toBe(401);
      expect((await run('user-disable', '--', randomUUID())).status).toBe(1);
      expect((await run('user-disable', '--enable', '--', user.id)).status).toBe(0);
      expect((await signedIn()).status).toBe(200);
    } finally {
      await fileServer.close();
      await database.drop();
      rmSync(folder, { recursive: true, force: true });
    }
  }, 60_000);
});
