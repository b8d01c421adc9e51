import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../helpers/auth.js';
import { rawRequest, request } from '../helpers/http.js';
import { concretePath, operations, signedInRoute } from '../helpers/operations.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

describe('SEC-E1 unknown routes, wrong methods, unhandled errors', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  it('answers an unknown route with 404 problem+json', async () => {
    const response = await request(server.url, 'GET', '/v1/does-not-exist?x=1');
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(Object.keys(response.body).sort()).toEqual(['requestId', 'status', 'title', 'type']);
    expect(response.body.status).toBe(404);
    expect(response.body.requestId).toBe(response.headers.get('x-request-id'));
  });

  it.each(['/v1/x/%E0%A4%A', '/%E0%A4%A', '/v1/admin/%ZZ'])(
    'answers the malformed URL %s with a 400 problem and every header',
    async (path) => {
      const response = await rawRequest(server.url, 'GET', path);
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(response.status).toBeLessThan(405);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.headers['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'");
      expect(response.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    },
  );

  it('answers TRACE on a known route with 405 and Allow', async () => {
    const response = await rawRequest(server.url, 'TRACE', '/health');
    expect(response.status).toBe(405);
    expect(response.headers.allow).toBe('GET, HEAD, OPTIONS');
    expect(response.headers['content-type']).toContain('application/problem+json');
  });

  const paths = [...new Set(operations.map((operation) => operation.path))];

  it.each(paths)('answers a method a route does not serve with 405 and Allow: %s', async (path) => {
    const served: string[] = operations.filter((operation) => operation.path === path).map((operation) => operation.method);
    const unserved = ['PUT', 'PATCH', 'DELETE', 'POST'].find((method) => !served.includes(method));
    if (unserved === undefined) return;
    const response = await request(server.url, unserved, concretePath({ path }));
    expect(response.status).toBe(405);
    const allow = (response.headers.get('allow') ?? '').split(', ');
    expect(allow).toEqual(expect.arrayContaining(served));
    expect(allow).not.toContain(unserved);
  });

  it.each(operations.map((operation) => [`${operation.method} ${operation.path}`, operation] as const))(
    'serves every documented operation: %s',
    async (_name, operation) => {
      const response = await request(server.url, operation.method, concretePath(operation));
      expect(response.status).not.toBe(404);
      expect(response.status).not.toBe(405);
    },
  );

  it('answers an unexpected failure with a generic 500 and logs it', async () => {
    const broken = await startTestServer();
    const user = await createUser(broken);
    await broken.db.close();
    try {
      const response = await request(broken.url, 'GET', signedInRoute.path, { headers: user.headers });
      expect(response.status).toBe(500);
      expect(response.body).toEqual({
        type: 'urn:problem-type:internal_error',
        title: 'Internal server error',
        status: 500,
        requestId: response.headers.get('x-request-id'),
      });
      const logged = broken.logs.map((line) => JSON.parse(line) as { level: string; requestId?: string });
      expect(logged).toContainEqual(expect.objectContaining({ level: 'error', requestId: response.body.requestId }));
    } finally {
      await broken.close();
    }
  });
});
