import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_QUERY_LENGTH, MAX_QUERY_PARAMETERS } from '../../src/core/http-policy.js';
import { createUser, promoteUser, type TestUser } from '../helpers/auth.js';
import { request } from '../helpers/http.js';
import { concretePath, findOperation, signedInRoute } from '../helpers/operations.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const bodyRoute = findOperation('route with a JSON body', (operation) => operation.body.kind === 'json');

describe('strict input', () => {
  let server: TestServer;
  let user: TestUser;
  let admin: TestUser;

  beforeAll(async () => {
    server = await startTestServer({ BODY_LIMIT: '2kb' });
    user = await createUser(server);
    admin = await createUser(server);
    await promoteUser(server, admin);
  });
  afterAll(() => server.close());

  const postRaw = (raw: string, contentType = 'application/json') =>
    request(server.url, bodyRoute.method, concretePath(bodyRoute), {
      raw,
      headers: { ...(bodyRoute.access.kind === 'public' ? {} : user.headers), 'content-type': contentType },
    });

  describe('SEC-V1 strict schemas, credentials from headers only', () => {
    it('refuses an unknown query parameter with 400', async () => {
      const response = await request(server.url, 'GET', '/health?debug=true');
      expect(response.status).toBe(400);
      expect(response.body.errors).toEqual([expect.objectContaining({ path: 'query' })]);
    });

    it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty'])('refuses a query parameter named %s with 400', async (name) => {
      const response = await request(server.url, 'GET', `/health?${name}=1`);
      expect(response.status).toBe(400);
      expect(response.body.errors).toEqual([expect.objectContaining({ path: 'query' })]);
    });

    it('refuses an unknown query parameter on a list with 400', async () => {
      const response = await request(server.url, 'GET', '/v1/admin/users?role=admin', { headers: admin.headers });
      expect(response.status).toBe(400);
    });

    it.each(['access_token', 'api_key', 'token'])('ignores credentials passed in the URL as ?%s=', async (name) => {
      for (const value of Object.values(user.headers)) {
        const credential = value.replace(/^Bearer /, '');
        const response = await request(server.url, 'GET', `${signedInRoute.path}?${name}=${encodeURIComponent(credential)}`);
        expect(response.status).toBe(401);
      }
    });
  });

  describe('SEC-V2 JSON bodies', () => {
    it.each([
      ['__proto__', '{"__proto__": {"role": "admin"}}'],
      ['constructor.prototype', '{"constructor": {"prototype": {"role": "admin"}}}'],
      ['prototype', '{"a": {"prototype": 1}}'],
      ['escaped __proto__', '{"\\u005f_proto__": {"role": "admin"}}'],
    ])('refuses a %s key with 400', async (_name, raw) => {
      const response = await postRaw(raw);
      expect(response.status).toBe(400);
      expect(response.body.type).toBe('urn:problem-type:forbidden_json_key');
      expect(({} as Record<string, unknown>).role).toBeUndefined();
    });

    it.each(['{"a":', '{a: 1}', "{'a': 1}", '', '[1, 2,]'])('refuses malformed JSON with 400: %j', async (raw) => {
      const response = await postRaw(raw);
      expect(response.status).toBe(400);
    });

    it.each(['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml'])(
      'refuses a body of type %s with 415',
      async (type) => {
        const response = await postRaw('{"a": 1}', type);
        expect(response.status).toBe(415);
        expect(response.headers.get('content-type')).toContain('application/problem+json');
      },
    );
  });

  describe('SEC-V3 limits and malformed parameters', () => {
    it('refuses a body over BODY_LIMIT with 413 before parsing it', async () => {
      const response = await postRaw(`{"a": "${'x'.repeat(3_000)}", "__proto__": {}}`);
      expect(response.status).toBe(413);
      expect(response.body.type).toBe('urn:problem-type:payload_too_large');
    });

    it.each(['101', '0', '-1', '1.5', 'abc', '1e9', '1e1', '0x10', '0b11', '0o7', '%205', '5%20', '+5', '', '00000000000000000005'])(
      'refuses limit=%s with 400: plain decimal digits only',
      async (limit) => {
        const response = await request(server.url, 'GET', `/v1/admin/users?limit=${limit}`, { headers: admin.headers });
        expect(response.status).toBe(400);
      },
    );

    it('accepts limit=007 as 7', async () => {
      const response = await request(server.url, 'GET', '/v1/admin/users?limit=007', { headers: admin.headers });
      expect(response.status).toBe(200);
    });

    it(`answers a query string over ${MAX_QUERY_LENGTH} characters with 414, before parsing it`, async () => {
      const response = await request(server.url, 'GET', `/health?${'a&'.repeat(8_000)}`);
      expect(response.status).toBe(414);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.body.type).toBe('urn:problem-type:uri_too_long');
    });

    it(`answers more than ${MAX_QUERY_PARAMETERS} query parameters with 400 naming the cap`, async () => {
      const response = await request(server.url, 'GET', `/health?${'a&'.repeat(MAX_QUERY_PARAMETERS)}a`);
      expect(response.status).toBe(400);
      expect(response.body.detail).toContain(String(MAX_QUERY_PARAMETERS));
    });

    it('accepts limit=100 and pages with an opaque cursor', async () => {
      const first = await request(server.url, 'GET', '/v1/admin/users?limit=1', { headers: admin.headers });
      expect(first.status).toBe(200);
      expect(first.body.data).toHaveLength(1);
      const next = await request(server.url, 'GET', `/v1/admin/users?limit=100&cursor=${first.body.nextCursor}`, {
        headers: admin.headers,
      });
      expect(next.status).toBe(200);
      expect(next.body.data).toHaveLength(1);
      expect(next.body.data?.[0]?.id).not.toBe(first.body.data?.[0]?.id);
      expect(next.body.nextCursor).toBeNull();
    });

    it('refuses a malformed or tampered cursor with 400, never 500', async () => {
      const first = await request(server.url, 'GET', '/v1/admin/users?limit=1', { headers: admin.headers });
      const cursor = String(first.body.nextCursor);
      const tampered = [
        'not-a-cursor',
        '!!!!',
        `x${cursor.slice(1)}`,
        `${cursor}A`,
        cursor.slice(0, -2),
        Buffer.from('["2020-01-01T00:00:00.000Z","1"]').toString('base64url'),
        Buffer.from('{"createdAt":1}').toString('base64url'),
        'A'.repeat(300),
      ];
      for (const value of tampered) {
        const response = await request(server.url, 'GET', `/v1/admin/users?cursor=${encodeURIComponent(value)}`, {
          headers: admin.headers,
        });
        expect(response.status, value).toBe(400);
      }
    });
  });
});
