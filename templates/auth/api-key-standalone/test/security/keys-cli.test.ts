import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { declaredScopes } from '../../src/api.js';
import { API_KEY_PREFIX } from '../../src/auth/api-key/prefix.js';
import { createUser } from '../helpers/auth.js';
import { runCommand } from '../helpers/child-server.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { request } from '../helpers/http.js';
import { findOperation } from '../helpers/operations.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const KEY = new RegExp(`^${API_KEY_PREFIX}_[0-9A-Za-z]{61}$`, 'm');

const listRoute = findOperation(
  'list route of a resource',
  (operation) =>
    operation.method === 'GET' &&
    operation.access.kind === 'protected' &&
    operation.access.scope !== undefined &&
    !operation.path.includes('{'),
);
const readScope = listRoute.access.kind === 'protected' ? String(listRoute.access.scope) : '';

// SEC-K1: keys and their users are made with `npm run keys`; over HTTP a key can only read and revoke itself.

describe('npm run keys, against a running server', () => {
  let folder: string;
  let server: TestServer;
  let env: Record<string, string>;

  let database: TestDatabase;

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'keys-'));
    // One database for the in-process server and the command.
    database = await createTestDatabase();
    env = { PATH: process.env.PATH ?? '', DATABASE_URL: database.url };
    server = await startTestServer({ DATABASE_URL: database.url });
  });
  afterAll(async () => {
    await server.close();
    await database.drop();
    rmSync(folder, { recursive: true, force: true });
  });

  const run = (...args: string[]) => runCommand('keys', args, { cwd: folder, env });
  const keyOf = (stdout: string) => String(KEY.exec(stdout)?.[0]);
  const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

  it('create makes the user when needed and prints the key once; list never shows it; rotate and revoke act at once', async () => {
    const email = `cli-${Date.now()}@example.com`;
    const created = await run('--', 'create', '--owner', email, '--scopes', readScope, '--expires', '30d', '--name', 'ci');
    expect(created.status, created.stderr).toBe(0);
    const key = keyOf(created.stdout);
    expect(key).toMatch(KEY);
    const id = key.slice(API_KEY_PREFIX.length + 1, API_KEY_PREFIX.length + 13);
    expect((await request(server.url, 'GET', listRoute.path, { headers: bearer(key) })).status).toBe(200);

    const current = await request(server.url, 'GET', '/v1/api-keys/current', { headers: bearer(key) });
    expect(current.status).toBe(200);
    expect(current.body).toMatchObject({ id, name: 'ci', scopes: [readScope], revokedAt: null });
    expect(Date.parse(String(current.body.expiresAt)) - Date.now()).toBeLessThanOrEqual(30 * 86_400_000);
    expect(current.text).not.toContain(key);

    const listed = await run('--', 'list', '--owner', email);
    expect(listed.status, listed.stderr).toBe(0);
    expect(listed.stdout).toContain(id);
    expect(listed.stdout).not.toContain(key);

    const rotated = await run('--', 'rotate', id, '--grace', '10m');
    expect(rotated.status, rotated.stderr).toBe(0);
    const next = keyOf(rotated.stdout);
    expect(next).not.toBe(key);
    expect((await request(server.url, 'GET', listRoute.path, { headers: bearer(key) })).status).toBe(200);
    expect((await request(server.url, 'GET', listRoute.path, { headers: bearer(next) })).status).toBe(200);
    const again = await run('--', 'rotate', id);
    expect(again.status).toBe(1);
    expect(again.stderr).toContain('already replaced');

    const nextId = next.slice(API_KEY_PREFIX.length + 1, API_KEY_PREFIX.length + 13);
    const revoked = await run('--', 'revoke', nextId);
    expect(revoked.status, revoked.stderr).toBe(0);
    expect((await request(server.url, 'GET', listRoute.path, { headers: bearer(next) })).status).toBe(401);
  }, 60_000);

  it('refuses unknown scopes, an over-long expiry, a bad email and an unknown key', async () => {
    const email = `cli-bad-${Date.now()}@example.com`;
    const unknown = await run('--', 'create', '--owner', email, '--scopes', 'nothing-here:read');
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('unknown scope');
    expect(unknown.stdout).not.toMatch(KEY);
    expect((await run('--', 'create', '--owner', email, '--scopes', readScope, '--expires', '400d')).status).toBe(2);
    expect((await run('--', 'create', '--owner', 'not an email', '--scopes', readScope)).status).toBe(2);
    expect((await run('--', 'revoke', 'AAAAAAAAAAAA')).status).toBe(1);
    expect((await run('--', 'frobnicate')).status).toBe(2);
  }, 60_000);
});

describe('GET and DELETE /v1/api-keys/current', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  it('a key reads its own metadata, never its secret, and can revoke itself', async () => {
    const user = await createUser(server);
    const current = await request(server.url, 'GET', '/v1/api-keys/current', { headers: user.headers });
    expect(current.status).toBe(200);
    expect(current.body.id).toBe(user.keyId);
    expect([...(current.body.scopes as unknown as string[])].sort()).toEqual([...declaredScopes].sort());
    expect(current.text).not.toContain(user.key);
    expect((await request(server.url, 'DELETE', '/v1/api-keys/current', { headers: user.headers })).status).toBe(204);
    expect((await request(server.url, 'GET', '/v1/api-keys/current', { headers: user.headers })).status).toBe(401);
  });

  it('no key is minted over HTTP', async () => {
    const user = await createUser(server);
    const response = await request(server.url, 'POST', '/v1/api-keys', { headers: user.headers, json: { name: 'x', scopes: [readScope] } });
    expect(response.status).toBe(404);
  });
});
