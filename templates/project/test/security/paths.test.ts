import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, promoteUser, type TestUser } from '../helpers/auth.js';
import { rawRequest } from '../helpers/http.js';
import { signedInRoute } from '../helpers/operations.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

/**
 * Paths a router or proxy could read as another path. fetch resolves dot segments itself,
 * so they go out with node:http exactly as written. Each would reach a real route
 * (`/v1/admin/users`, `/health`, a list) if any layer normalised or decoded it.
 */
const REFUSED_PATHS = [
  '/v1/x/../admin/users',
  '/v1/x/%2e%2e/admin/users',
  '/v1/x/%2E%2E/admin/users',
  '/v1/x/.%2e/admin/users',
  '/v1/./admin/users',
  '/v1/admin/users/.',
  '/v1/admin/users/..',
  '/x/../health',
  '/v1%2fadmin%2fusers',
  '/v1/admin%2Fusers',
  '/v1%5cadmin%5cusers',
  '/v1/admin/user%73',
  '/h%65alth',
  '/v1/%61dmin/users',
];

describe('request paths are read the same way by every framework', () => {
  let server: TestServer;
  let admin: TestUser;

  beforeAll(async () => {
    server = await startTestServer();
    admin = await createUser(server);
    await promoteUser(server, admin);
  });
  afterAll(() => server.close());

  it('serves the routes these paths point at when asked plainly', async () => {
    expect((await rawRequest(server.url, 'GET', '/v1/admin/users', admin.headers)).status).toBe(200);
    expect((await rawRequest(server.url, 'GET', '/health')).status).toBe(200);
  });

  it.each(REFUSED_PATHS)('refuses %s with a 400 problem and every security header', async (path) => {
    const response = await rawRequest(server.url, 'GET', path, admin.headers);
    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.headers['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(response.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(JSON.parse(response.text)).toMatchObject({ status: 400, type: 'urn:problem-type:bad_request', detail: 'Malformed URL' });
  });

  it('refuses a dot segment before a signed-in route the same way', async () => {
    const response = await rawRequest(server.url, 'GET', `/v1/x/..${signedInRoute.path}`, admin.headers);
    expect(response.status).toBe(400);
  });
});
