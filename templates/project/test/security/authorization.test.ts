import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, promoteUser, type TestUser } from '../helpers/auth.js';
import { asArray, request } from '../helpers/http.js';
import { concretePath, isProtected, isPublic, operations } from '../helpers/operations.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const protectedOperations = operations.filter(isProtected);

describe('authorization', () => {
  let server: TestServer;
  let user: TestUser;
  let admin: TestUser;

  beforeAll(async () => {
    server = await startTestServer();
    user = await createUser(server);
    admin = await createUser(server);
    await promoteUser(server, admin);
  });
  afterAll(() => server.close());

  describe('SEC-A1 every route needs authentication unless it is public', () => {
    it.each(protectedOperations.map((operation) => [`${operation.method} ${operation.path}`, operation] as const))(
      '%s without credentials: 401',
      async (_name, operation) => {
        const response = await request(server.url, operation.method, concretePath(operation), {
          ...(operation.body.kind === 'json' ? { json: {} } : {}),
        });
        expect(response.status).toBe(401);
        expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
        expect(response.headers.get('content-type')).toContain('application/problem+json');
      },
    );

    it.each(['Basic dXNlcjpwYXNz', 'Bearer', 'Bearer ', 'Bearer not.a.token', 'Token abc'])(
      'refuses the Authorization header %j with 401',
      async (authorization) => {
        const response = await request(server.url, 'GET', '/v1/admin/users', { headers: { authorization } });
        expect(response.status).toBe(401);
      },
    );

    it('lists exactly the public operations as public', () => {
      const open = operations.filter(isPublic).map((operation) => `${operation.method} ${operation.path}`);
      expect(open).toEqual(expect.arrayContaining(['GET /health', 'GET /openapi.json']));
      expect(open.every((name) => !name.startsWith('GET /v1/') && !name.includes('{'))).toBe(true);
    });
  });

  describe('SEC-A3 function level: admin routes', () => {
    it('answers a signed-in user who is not an admin with 403', async () => {
      const response = await request(server.url, 'GET', '/v1/admin/users', { headers: user.headers });
      expect(response.status).toBe(403);
      expect(response.body.type).toBe('urn:problem-type:forbidden');
    });

    it('serves an admin, with no secret in the listing (SEC-V4)', async () => {
      const response = await request(server.url, 'GET', '/v1/admin/users?limit=100', { headers: admin.headers });
      expect(response.status).toBe(200);
      const users = asArray(response.body.data);
      expect(users.map((entry) => entry.id)).toEqual(expect.arrayContaining([user.id, admin.id]));
      for (const entry of users) expect(Object.keys(entry).sort()).toEqual(['createdAt', 'email', 'id', 'name', 'role']);
      expect(response.text).not.toMatch(/argon2|password|hash/i);
    });

    it('reads the role from the database on every request', async () => {
      const next = await createUser(server);
      expect((await request(server.url, 'GET', '/v1/admin/users', { headers: next.headers })).status).toBe(403);
      await promoteUser(server, next);
      expect((await request(server.url, 'GET', '/v1/admin/users', { headers: next.headers })).status).toBe(200);
    });
  });
});
