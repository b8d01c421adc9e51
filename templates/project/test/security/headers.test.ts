import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../helpers/auth.js';
import { rawRequest, request } from '../helpers/http.js';
import { signedInJsonRoute, signedInRoute } from '../helpers/operations.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const EXPECTED = {
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
  'cross-origin-resource-policy': 'same-origin',
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('SEC-H1 security headers', () => {
  let server: TestServer;
  let auth: Record<string, string>;

  beforeAll(async () => {
    server = await startTestServer({ BODY_LIMIT: '1kb' });
    auth = (await createUser(server)).headers;
  });
  afterAll(() => server.close());

  const cases: [string, () => Promise<{ status: number; header: (name: string) => string | null }>][] = [
    ['200 /health', () => fetchCase('GET', '/health')],
    ['200 authenticated', () => fetchCase('GET', signedInRoute.path, { headers: auth })],
    ['401 without a token', () => fetchCase('GET', '/v1/admin/users')],
    ['403 for a non-admin', () => fetchCase('GET', '/v1/admin/users', { headers: auth })],
    ['404 unknown route', () => fetchCase('GET', '/no/such/route')],
    ['400 unknown query parameter', () => fetchCase('GET', '/health?debug=1')],
    [
      '413 body too large',
      () =>
        fetchCase('POST', signedInJsonRoute.path, {
          raw: `"${'x'.repeat(4_096)}"`,
          headers: { ...auth, 'content-type': 'application/json' },
        }),
    ],
    [
      '415 wrong content type',
      () =>
        fetchCase('POST', signedInJsonRoute.path, {
          raw: 'a=b',
          headers: { ...auth, 'content-type': 'application/x-www-form-urlencoded' },
        }),
    ],
    [
      '405 TRACE',
      async () => {
        const response = await rawRequest(server.url, 'TRACE', '/health');
        return { status: response.status, header: (name) => String(response.headers[name] ?? '') || null };
      },
    ],
  ];

  async function fetchCase(method: string, path: string, options: Parameters<typeof request>[3] = {}) {
    const response = await request(server.url, method, path, options);
    return { status: response.status, header: (name: string) => response.headers.get(name) };
  }

  it.each(cases)('are on every response: %s', async (_name, send) => {
    const response = await send();
    for (const [name, value] of Object.entries(EXPECTED)) expect(response.header(name), name).toBe(value);
    expect(response.header('x-powered-by')).toBeNull();
    expect(response.header('x-request-id')).toMatch(UUID);
  });

  it('give each response its own request id, never one chosen by the client', async () => {
    const first = await request(server.url, 'GET', '/health', { headers: { 'x-request-id': 'client-chosen' } });
    const second = await request(server.url, 'GET', '/health');
    expect(first.headers.get('x-request-id')).not.toBe('client-chosen');
    expect(first.headers.get('x-request-id')).not.toBe(second.headers.get('x-request-id'));
  });
});
