import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from '../helpers/http.js';
import { operations } from '../helpers/operations.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const ALLOWED = 'https://app.example.com';

describe('SEC-H2 CORS', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ CORS_ORIGINS: `${ALLOWED},https://admin.example.com:8443` });
  });
  afterAll(() => server.close());

  it('answers a listed origin with that exact origin and Vary: Origin', async () => {
    const response = await request(server.url, 'GET', '/health', { headers: { origin: ALLOWED } });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    expect(response.headers.get('vary')).toMatch(/\bOrigin\b/);
    expect(response.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it.each(['https://evil.example.com', 'https://app.example.com.evil.com', 'http://app.example.com', 'null'])(
    'sends no CORS grant to an unlisted origin: %s',
    async (origin) => {
      const response = await request(server.url, 'GET', '/health', { headers: { origin } });
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
      expect(response.headers.get('vary')).toMatch(/\bOrigin\b/);
    },
  );

  it('lets a preflight use only the methods and headers the API uses, never *', async () => {
    const response = await request(server.url, 'OPTIONS', '/health', {
      headers: { origin: ALLOWED, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization' },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    const methods = (response.headers.get('access-control-allow-methods') ?? '').split(', ');
    expect(new Set(methods)).toEqual(new Set(operations.map((operation) => operation.method)));
    expect(methods).not.toContain('PUT');
    expect(methods).not.toContain('TRACE');
    expect(response.headers.get('access-control-allow-headers')).toBe('Authorization, Content-Type');
    for (const header of ['access-control-allow-origin', 'access-control-allow-methods', 'access-control-allow-headers']) {
      expect(response.headers.get(header)).not.toContain('*');
    }
  });

  it('lets a preflight use the request headers listed in CORS_ALLOWED_HEADERS, and no other', async () => {
    const custom = await startTestServer({ CORS_ORIGINS: ALLOWED, CORS_ALLOWED_HEADERS: 'Authorization, Content-Type, X-Trace-Id' });
    try {
      const preflight = (headers: string) =>
        request(custom.url, 'OPTIONS', '/health', {
          headers: { origin: ALLOWED, 'access-control-request-method': 'GET', 'access-control-request-headers': headers },
        });
      const allowed = (await preflight('x-trace-id')).headers.get('access-control-allow-headers') ?? '';
      expect(allowed.toLowerCase().split(', ')).toContain('x-trace-id');
      const unlisted = (await preflight('x-unlisted')).headers.get('access-control-allow-headers') ?? '';
      expect(unlisted.toLowerCase().split(', ')).not.toContain('x-unlisted');
      expect(unlisted).not.toContain('*');
    } finally {
      await custom.close();
    }
  });

  it('gives a preflight from an unlisted origin no grant', async () => {
    const response = await request(server.url, 'OPTIONS', '/health', {
      headers: { origin: 'https://evil.example.com', 'access-control-request-method': 'POST' },
    });
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    expect(response.headers.get('access-control-allow-methods')).toBeNull();
  });

  it('sends no CORS header at all when CORS_ORIGINS is empty', async () => {
    const closed = await startTestServer();
    try {
      const response = await request(closed.url, 'GET', '/health', { headers: { origin: ALLOWED } });
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
    } finally {
      await closed.close();
    }
  });
});
