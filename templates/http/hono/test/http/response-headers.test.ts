import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, type TestUser } from '../helpers/auth.js';
import { rawRequest } from '../helpers/http.js';
import { signedInRoute } from '../helpers/operations.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

// src/http/response-headers.ts sets the headers of every answer on Node's response.

describe('headers set on Node’s response', () => {
  let server: TestServer;
  let user: TestUser;

  beforeAll(async () => {
    server = await startTestServer({ RATE_LIMIT_MAX: '3' });
    user = await createUser(server.url);
  });
  afterAll(() => server.close());

  it('are sent once each, with the per-user policy appended to the per-address one', async () => {
    const response = await rawRequest(server.url, 'GET', signedInRoute.path, user.headers);
    expect(response.status).toBe(200);
    expect(response.headers['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(response.headers['ratelimit-policy']).toMatch(/^"ip";q=3;w=60, "user";q=\d+;w=60$/);
    expect(response.headers.ratelimit).toMatch(/^"ip";r=0;t=\d+, "user";r=\d+;t=\d+$/);
  });

  it('give way to the same header set by the answer itself (a 429 names its own policy)', async () => {
    const response = await rawRequest(server.url, 'GET', '/health');
    expect(response.status).toBe(429);
    expect(response.headers.ratelimit).toMatch(/^"ip";r=0;t=\d+$/);
    expect(response.headers['retry-after']).toMatch(/^\d+$/);
    expect(response.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});
