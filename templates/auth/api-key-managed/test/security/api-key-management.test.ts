import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_KEY_PREFIX } from '../../src/auth/api-key/prefix.js';
import { issueKey } from '../helpers/api-keys.js';
import { createUser, promoteUser, type TestUser } from '../helpers/auth.js';
import { asArray, request } from '../helpers/http.js';
import { findOperation } from '../helpers/operations.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

// SEC-K1: signed-in users manage their own keys with an access token; a key manages nothing.

const listRoute = findOperation(
  'list route of a resource',
  (operation) =>
    operation.method === 'GET' &&
    operation.access.kind === 'protected' &&
    operation.access.scope !== undefined &&
    !operation.path.includes('{'),
);
const readScope = listRoute.access.kind === 'protected' ? String(listRoute.access.scope) : '';

describe('/v1/api-keys', () => {
  let server: TestServer;
  let owner: TestUser;
  beforeAll(async () => {
    server = await startTestServer();
    owner = await createUser(server);
  });
  afterAll(() => server.close());

  it('shows the key in the create response only: never in a list, a read or a log', async () => {
    const created = await request(server.url, 'POST', '/v1/api-keys', {
      headers: owner.headers,
      json: { name: 'deploy', scopes: [readScope], expiresIn: 3_600 },
    });
    expect(created.status).toBe(201);
    expect(Object.keys(created.body).sort()).toEqual(['createdAt', 'expiresAt', 'id', 'key', 'name', 'scopes', 'start']);
    const key = String(created.body.key);
    expect(key).toMatch(new RegExp(`^${API_KEY_PREFIX}_[0-9A-Za-z]{61}$`));
    expect(Date.parse(String(created.body.expiresAt)) - Date.now()).toBeLessThanOrEqual(3_600_000);

    const listed = await request(server.url, 'GET', '/v1/api-keys', { headers: owner.headers });
    expect(listed.status).toBe(200);
    expect(asArray(listed.body.data).map((entry) => entry.id)).toContain(created.body.id);
    const read = await request(server.url, 'GET', `/v1/api-keys/${String(created.body.id)}`, { headers: owner.headers });
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ name: 'deploy', lastUsedAt: null, revokedAt: null, replacedBy: null });
    for (const text of [listed.text, read.text, server.logs.join('\n')]) {
      expect(text).not.toContain(key);
      expect(text).not.toMatch(/secret|hash/i);
    }
  });

  it('every key expires: the default TTL, never past API_KEY_MAX_TTL; unknown scopes are 400', async () => {
    const made = await issueKey(server, owner, [readScope]);
    const days = (Date.parse(made.expiresAt) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(89);
    expect(days).toBeLessThanOrEqual(90);
    const tooLong = await request(server.url, 'POST', '/v1/api-keys', {
      headers: owner.headers,
      json: { name: 'x', scopes: [readScope], expiresIn: 400 * 86_400 },
    });
    expect(tooLong.status).toBe(400);
    const unknown = await request(server.url, 'POST', '/v1/api-keys', {
      headers: owner.headers,
      json: { name: 'x', scopes: ['nothing-here:read'] },
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.type).toBe('urn:problem-type:validation_failed');
  });

  it("another owner's key is 404 to read, rotate or revoke, and never listed", async () => {
    const other = await createUser(server);
    const theirs = await issueKey(server, other, [readScope]);
    expect((await request(server.url, 'GET', `/v1/api-keys/${theirs.id}`, { headers: owner.headers })).status).toBe(404);
    expect((await request(server.url, 'POST', `/v1/api-keys/${theirs.id}/rotate`, { headers: owner.headers, json: {} })).status).toBe(404);
    expect((await request(server.url, 'DELETE', `/v1/api-keys/${theirs.id}`, { headers: owner.headers })).status).toBe(404);
    const listed = await request(server.url, 'GET', '/v1/api-keys', { headers: owner.headers });
    expect(asArray(listed.body.data).map((entry) => entry.id)).not.toContain(theirs.id);
    expect((await request(server.url, 'GET', listRoute.path, { headers: theirs.headers })).status).toBe(200);
  });

  it('a key cannot mint, list, rotate or revoke keys: 403', async () => {
    const key = await issueKey(server, owner, [readScope]);
    const attempts = [
      request(server.url, 'POST', '/v1/api-keys', { headers: key.headers, json: { name: 'x', scopes: [readScope] } }),
      request(server.url, 'GET', '/v1/api-keys', { headers: key.headers }),
      request(server.url, 'GET', `/v1/api-keys/${key.id}`, { headers: key.headers }),
      request(server.url, 'POST', `/v1/api-keys/${key.id}/rotate`, { headers: key.headers, json: {} }),
      request(server.url, 'DELETE', `/v1/api-keys/${key.id}`, { headers: key.headers }),
    ];
    for (const response of await Promise.all(attempts)) {
      expect(response.status).toBe(403);
      expect(response.body.type).toBe('urn:problem-type:forbidden');
    }
    expect((await request(server.url, 'GET', listRoute.path, { headers: key.headers })).status).toBe(200);
  });

  it("an admin's key never reaches an admin route: 403, while the admin's access token does", async () => {
    const admin = await createUser(server);
    const key = await issueKey(server, admin, [readScope]);
    await promoteUser(server, admin);
    expect((await request(server.url, 'GET', '/v1/admin/users', { headers: admin.headers })).status).toBe(200);
    const refused = await request(server.url, 'GET', '/v1/admin/users', { headers: key.headers });
    expect(refused.status).toBe(403);
  });

  it('rotation: bounded grace, never a longer life; a revoked, expired or replaced key is 409', async () => {
    const key = await issueKey(server, owner, [readScope]);
    const rotate = (id: string, json: object) => request(server.url, 'POST', `/v1/api-keys/${id}/rotate`, { headers: owner.headers, json });
    expect((await rotate(key.id, { graceSeconds: 8 * 86_400 })).status).toBe(400);
    const rotated = await rotate(key.id, { graceSeconds: 0 });
    expect(rotated.status).toBe(201);
    expect(rotated.body.expiresAt).toBe(key.expiresAt);
    expect((await request(server.url, 'GET', listRoute.path, { headers: key.headers })).status).toBe(401);
    expect((await rotate(key.id, {})).status).toBe(409);

    const revoked = await issueKey(server, owner, [readScope]);
    expect((await request(server.url, 'DELETE', `/v1/api-keys/${revoked.id}`, { headers: owner.headers })).status).toBe(204);
    expect((await rotate(revoked.id, {})).status).toBe(409);
    const read = await request(server.url, 'GET', `/v1/api-keys/${revoked.id}`, { headers: owner.headers });
    expect(read.body.revokedAt).not.toBeNull();

    const expired = await issueKey(server, owner, [readScope]);
    await server.db.run('UPDATE "api_keys" SET "expires_at" = ? WHERE "id" = ?', [new Date(Date.now() - 1_000).toISOString(), expired.id]);
    expect((await rotate(expired.id, {})).status).toBe(409);
  });
});
