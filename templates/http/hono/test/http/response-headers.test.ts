import { type Context, Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { SECURITY_HEADERS } from '../../src/core/security-headers.js';
import { appendHeader, headersOf, respond, startHeaders } from '../../src/http/response-headers.js';
import type { AppEnv } from '../../src/http/types.js';

/** A Hono app whose one route answers through the header record, as the adapter does. */
function appAnswering(answer: (c: Context<AppEnv>) => Response): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use(async (c, next) => {
    c.set('requestId', 'req-1');
    startHeaders(c, 'req-1');
    await next();
  });
  app.get('/', answer);
  return app;
}

describe('the header record of an answer', () => {
  it('carries the security headers and the request id onto the answer', async () => {
    const app = appAnswering((c) => respond(c, 200, '{}', 'application/json; charset=utf-8'));
    const response = await app.request('/');
    expect(response.status).toBe(200);
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) expect(response.headers.get(name)).toBe(value);
    expect(response.headers.get('x-request-id')).toBe('req-1');
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await response.text()).toBe('{}');
  });

  it('joins appended values with ", " and lets an answer replace a same-name header', async () => {
    const app = appAnswering((c) => {
      const headers = headersOf(c);
      appendHeader(headers, 'ratelimit', '"ip";r=9;t=60');
      appendHeader(headers, 'ratelimit', '"user";r=4;t=60');
      return respond(c, 200, 'bytes', 'application/pdf', { 'content-security-policy': "sandbox; default-src 'none'" });
    });
    const response = await app.request('/');
    expect(response.headers.get('ratelimit')).toBe('"ip";r=9;t=60, "user";r=4;t=60');
    expect(response.headers.get('content-security-policy')).toBe("sandbox; default-src 'none'");
    expect(response.headers.get('content-type')).toBe('application/pdf');
  });

  it('gives an answer made before the record existed the security headers and a request id', async () => {
    const app = new Hono<AppEnv>();
    app.get('/', (c) => respond(c, 204, null));
    const response = await app.request('/');
    expect(response.status).toBe(204);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});
