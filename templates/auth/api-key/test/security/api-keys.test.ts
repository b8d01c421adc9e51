import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checksum } from '../../src/auth/api-key/format.js';
import { API_KEY_PREFIX } from '../../src/auth/api-key/prefix.js';
import { setUserDisabled } from '../../src/core/users.js';
import { issueKey, revokeKey, rotateKey, type IssuedKey } from '../helpers/api-keys.js';
import { createUser, type TestUser } from '../helpers/auth.js';
import { request, type Response } from '../helpers/http.js';
import { findOperation, operations } from '../helpers/operations.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

// SEC-K1: API keys read from `Authorization: Bearer` only, checked on every request.

/** A path whose POST creates from a JSON body (a resource's, not an upload's). */
const createsFromJson = (path: string) =>
  operations.some((operation) => operation.method === 'POST' && operation.path === path && operation.body.kind === 'json');

const listRoute = findOperation(
  'list route of a resource',
  (operation) =>
    operation.method === 'GET' &&
    operation.access.kind === 'protected' &&
    operation.access.scope?.endsWith(':read') === true &&
    !operation.path.includes('{') &&
    createsFromJson(operation.path),
);
const readScope = listRoute.access.kind === 'protected' ? String(listRoute.access.scope) : '';
const writeScope = readScope.replace(/:read$/, ':write');
const createRoute = findOperation(
  'create route of the same resource',
  (operation) => operation.method === 'POST' && operation.path === listRoute.path,
);

const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

/** Replaces the character at `index` by another base62 character. */
function flip(key: string, index: number): string {
  const replacement = key[index] === 'a' ? 'b' : 'a';
  return key.slice(0, index) + replacement + key.slice(index + 1);
}

/** A key whose checksum is right for what precedes it. */
function withChecksum(unchecked: string): string {
  return unchecked + checksum(unchecked);
}

function expectUnauthorized(response: Response): void {
  expect(response.status).toBe(401);
  expect(response.body.type).toBe('urn:problem-type:unauthorized');
  expect(response.headers.get('www-authenticate')).toMatch(/^Bearer /);
}

describe('SEC-K1 API keys', () => {
  let server: TestServer;
  let owner: TestUser;
  let key: IssuedKey;
  const list = (headers: Record<string, string>) => request(server.url, 'GET', listRoute.path, { headers });

  beforeAll(async () => {
    server = await startTestServer();
    owner = await createUser(server);
    key = await issueKey(server, owner, [writeScope]);
  });
  afterAll(() => server.close());

  it('has the documented shape, and works as a bearer credential', async () => {
    expect(key.key).toMatch(new RegExp(`^${API_KEY_PREFIX}_[0-9A-Za-z]{61}$`));
    expect(key.key.slice(API_KEY_PREFIX.length + 1, API_KEY_PREFIX.length + 13)).toBe(key.id);
    expect((await list(key.headers)).status).toBe(200);
  });

  it('one flipped character, a valid checksum with an unknown id, a forged secret with a recomputed checksum: the same 401', async () => {
    const lead = `${API_KEY_PREFIX}_`;
    const id = key.key.slice(lead.length, lead.length + 12);
    const secret = key.key.slice(lead.length + 12, lead.length + 55);
    const forgedSecret = flip(secret, 5);
    const candidates = [
      flip(key.key, lead.length + 20),
      flip(key.key, key.key.length - 1),
      withChecksum(lead + flip(id, 0) + secret),
      withChecksum(lead + id + forgedSecret),
      `${key.key}x`,
      key.key.slice(0, -1),
      lead,
      'not-a-key',
    ];
    const bodies = new Set<string>();
    for (const candidate of candidates) {
      const response = await list(bearer(candidate));
      expectUnauthorized(response);
      bodies.add(JSON.stringify({ ...response.body, requestId: '' }));
    }
    const missing = await list({});
    expectUnauthorized(missing);
    bodies.add(JSON.stringify({ ...missing.body, requestId: '' }));
    expect(bodies.size).toBe(1);
    expect((await list(key.headers)).status).toBe(200);
  });

  it('is read from Authorization only: X-API-Key and ?api_key= are ignored', async () => {
    expectUnauthorized(await list({ 'x-api-key': key.key }));
    expectUnauthorized(await request(server.url, 'GET', `${listRoute.path}?api_key=${encodeURIComponent(key.key)}`));
    expectUnauthorized(await list({ authorization: key.key }));
  });

  it('holds its scopes only: write implies read, a missing scope is 403 insufficient_scope with the challenge', async () => {
    const reader = await issueKey(server, owner, [readScope]);
    expect((await list(reader.headers)).status).toBe(200);
    const refused = await request(server.url, 'POST', createRoute.path, { headers: reader.headers, json: {} });
    expect(refused.status).toBe(403);
    expect(refused.body.type).toBe('urn:problem-type:insufficient_scope');
    expect(refused.headers.get('www-authenticate')).toBe(`Bearer error="insufficient_scope", scope="${writeScope}"`);
    expect((await request(server.url, 'POST', createRoute.path, { headers: key.headers, json: {} })).status).toBe(400);
  });

  it('expired: 401 from the next request on', async () => {
    const expiring = await issueKey(server, owner, [readScope]);
    expect((await list(expiring.headers)).status).toBe(200);
    await server.db.run('UPDATE "api_keys" SET "expires_at" = ? WHERE "id" = ?', [new Date(Date.now() - 1_000).toISOString(), expiring.id]);
    expectUnauthorized(await list(expiring.headers));
  });

  it('revoked: 401 on the very next request, other keys unaffected', async () => {
    const revoked = await issueKey(server, owner, [readScope]);
    expect((await list(revoked.headers)).status).toBe(200);
    await revokeKey(server, owner, revoked);
    expectUnauthorized(await list(revoked.headers));
    expect((await list(key.headers)).status).toBe(200);
  });

  it('rotation: both keys work during the grace period, then only the new one; the expiry never grows', async () => {
    const old = await issueKey(server, owner, [readScope]);
    const next = await rotateKey(server, owner, old, 600);
    expect(next.key).not.toBe(old.key);
    expect(next.expiresAt).toBe(old.expiresAt);
    expect((await list(old.headers)).status).toBe(200);
    expect((await list(next.headers)).status).toBe(200);
    const row = await server.db.get<{ expiresAt: string; replacedBy: string }>(
      'SELECT "expires_at" AS "expiresAt", "replaced_by" AS "replacedBy" FROM "api_keys" WHERE "id" = ?',
      [old.id],
    );
    expect(row?.replacedBy).toBe(next.id);
    expect(Date.parse(row?.expiresAt ?? '')).toBeLessThanOrEqual(Date.now() + 600_000);
    // The grace period ends.
    await server.db.run('UPDATE "api_keys" SET "expires_at" = ? WHERE "id" = ?', [new Date(Date.now() - 1_000).toISOString(), old.id]);
    expectUnauthorized(await list(old.headers));
    expect((await list(next.headers)).status).toBe(200);
  });

  it("a disabled or deleted owner's keys: 401 at once", async () => {
    const disabled = await createUser(server);
    const disabledKey = await issueKey(server, disabled, [readScope]);
    expect((await list(disabledKey.headers)).status).toBe(200);
    await setUserDisabled(server.db, disabled.email, true);
    expectUnauthorized(await list(disabledKey.headers));

    const deleted = await createUser(server);
    const deletedKey = await issueKey(server, deleted, [readScope]);
    expect((await list(deletedKey.headers)).status).toBe(200);
    await server.db.run('DELETE FROM "users" WHERE "id" = ?', [deleted.id]);
    expectUnauthorized(await list(deletedKey.headers));
  });

  it('records lastUsedAt off the request path, at most once a minute', async () => {
    const used = await issueKey(server, owner, [readScope]);
    const lastUsed = async () =>
      (
        await server.db.get<{ lastUsedAt: string | null }>('SELECT "last_used_at" AS "lastUsedAt" FROM "api_keys" WHERE "id" = ?', [
          used.id,
        ])
      )?.lastUsedAt ?? null;
    expect(await lastUsed()).toBeNull();
    expect((await list(used.headers)).status).toBe(200);
    await expect.poll(lastUsed).not.toBeNull();
    const first = await lastUsed();
    expect((await list(used.headers)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await lastUsed()).toBe(first);
  });

  it('logs name the key by its id, never the key or its secret', async () => {
    const logged = await issueKey(server, owner, [readScope]);
    expect((await list(logged.headers)).status).toBe(200);
    expectUnauthorized(await list(bearer(withChecksum(`${logged.key.slice(0, -12)}abcdef`))));
    await new Promise((resolve) => setTimeout(resolve, 20));
    const logs = server.logs.join('\n');
    expect(logs).toContain(logged.id);
    const secret = logged.key.slice(API_KEY_PREFIX.length + 13, API_KEY_PREFIX.length + 56);
    for (const text of [logged.key, key.key, secret]) expect(logs).not.toContain(text);
    expect(logs).not.toContain(`${API_KEY_PREFIX}_${logged.id}`);
  });
});

describe('SEC-K1 per-key rate limit', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ PRINCIPAL_RATE_LIMIT_MAX: '3' });
  });
  afterAll(() => server.close());

  it("counts each key apart: a second key of the same owner is not limited by the first's 429", async () => {
    const owner = await createUser(server);
    const first = await issueKey(server, owner, [readScope]);
    const second = await issueKey(server, owner, [readScope]);
    for (let i = 0; i < 3; i++) expect((await request(server.url, 'GET', listRoute.path, { headers: first.headers })).status).toBe(200);
    const limited = await request(server.url, 'GET', listRoute.path, { headers: first.headers });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);
    expect((await request(server.url, 'GET', listRoute.path, { headers: second.headers })).status).toBe(200);
  });
});
