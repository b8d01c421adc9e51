import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { operations, securitySchemes } from '../../src/api.js';
import { buildOpenApiDocument } from '../../src/core/openapi.js';
import { request } from '../helpers/http.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

// Three operations of the body kinds features build on, appended to the declared list
// for this file only: the adapter must mount them like any other operation.
vi.mock('../../src/api.js', async (importOriginal) => {
  const api = await importOriginal<typeof import('../../src/api.js')>();
  const { z } = await import('zod');
  const { BytesResponse, NO_BODY, operationsOf, PUBLIC } = await import('../../src/core/operation.js');
  const operation = operationsOf<unknown>();
  const digest = z.strictObject({ mediaType: z.string(), length: z.number(), sha256: z.string() });
  const extra = [
    operation({
      method: 'POST',
      path: '/test/raw',
      operationId: 'testRaw',
      summary: 'Echoes a digest of the exact bytes',
      tag: 'test',
      access: PUBLIC,
      query: z.strictObject({}),
      body: { kind: 'raw', mediaTypes: ['application/json', 'application/x-www-form-urlencoded'], maxBytes: () => 64 },
      success: { status: 200, description: 'Digest', schema: digest },
      async handle({ body }) {
        return { mediaType: body.mediaType, length: body.bytes.length, sha256: createHash('sha256').update(body.bytes).digest('hex') };
      },
    }),
    operation({
      method: 'POST',
      path: '/test/stream',
      operationId: 'testStream',
      summary: 'Counts the bytes of a streamed body',
      tag: 'test',
      access: PUBLIC,
      query: z.strictObject({}),
      body: { kind: 'stream', mediaTypes: ['application/octet-stream'] },
      success: { status: 200, description: 'Digest', schema: digest },
      async handle({ body }) {
        const hash = createHash('sha256');
        let length = 0;
        for await (const chunk of body.stream as AsyncIterable<Buffer>) {
          length += chunk.length;
          hash.update(chunk);
        }
        return { mediaType: body.mediaType, length, sha256: hash.digest('hex') };
      },
    }),
    operation({
      method: 'GET',
      path: '/test/page',
      operationId: 'testPage',
      summary: 'A page with its own headers',
      tag: 'test',
      access: PUBLIC,
      query: z.strictObject({ streamed: z.enum(['yes', 'no']).optional() }),
      body: NO_BODY,
      success: { status: 200, description: 'Page', mediaType: 'text/html' },
      async handle({ query }) {
        const page = '<!doctype html><title>t</title><p>hello</p>';
        const headers = { 'content-security-policy': "default-src 'none'; style-src 'self'", 'x-page': 'yes' };
        return new BytesResponse('text/html; charset=utf-8', query.streamed === 'yes' ? Readable.from([Buffer.from(page)]) : page, headers);
      },
    }),
  ];
  return { ...api, operations: [...api.operations, ...extra] };
});

const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');

describe('body kinds and byte answers, through the framework adapter', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  describe('raw', () => {
    it('hands over the exact bytes, whatever JSON would make of them', async () => {
      const raw = '{"b":1,  "a":"\\u00e9"}';
      const response = await request(server.url, 'POST', '/test/raw', {
        raw,
        headers: { 'content-type': 'Application/JSON; charset=utf-8' },
      });
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ mediaType: 'application/json', length: Buffer.byteLength(raw), sha256: sha256(raw) });
    });

    it('accepts each declared media type and refuses others with 415', async () => {
      const form = await request(server.url, 'POST', '/test/raw', {
        raw: 'a=1&b=2',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      expect(form.status).toBe(200);
      for (const type of ['text/plain', 'application/jsonx', 'multipart/form-data; boundary=x']) {
        const response = await request(server.url, 'POST', '/test/raw', { raw: '{}', headers: { 'content-type': type } });
        expect(response.status, type).toBe(415);
        expect(response.headers.get('content-type')).toContain('application/problem+json');
      }
    });

    it('refuses a body sent with no Content-Type with 415', async () => {
      const response = await fetch(`${server.url}/test/raw`, { method: 'POST', body: new Uint8Array([123, 125]) });
      expect(response.status).toBe(415);
    });

    it('gives 413 past the limit, declared or streamed, and the limit itself passes', async () => {
      const atLimit = await request(server.url, 'POST', '/test/raw', {
        raw: `"${'a'.repeat(62)}"`,
        headers: { 'content-type': 'application/json' },
      });
      expect(atLimit.status).toBe(200);
      const declared = await request(server.url, 'POST', '/test/raw', {
        raw: `"${'a'.repeat(63)}"`,
        headers: { 'content-type': 'application/json' },
      });
      expect(declared.status).toBe(413);
      const chunked = await fetch(`${server.url}/test/raw`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: Readable.toWeb(Readable.from([Buffer.alloc(40, 97), Buffer.alloc(40, 97)])) as ReadableStream,
        duplex: 'half',
      } as RequestInit);
      expect(chunked.status).toBe(413);
    });
  });

  describe('stream', () => {
    it('leaves the body for the handler to stream, chunk by chunk', async () => {
      const chunks = Array.from({ length: 64 }, (_, index) => Buffer.alloc(16_384, index));
      const response = await fetch(`${server.url}/test/stream`, {
        method: 'POST',
        headers: { 'content-type': 'application/octet-stream' },
        body: Readable.toWeb(Readable.from(chunks)) as ReadableStream,
        duplex: 'half',
      } as RequestInit);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({
        mediaType: 'application/octet-stream',
        length: 64 * 16_384,
        sha256: sha256(Buffer.concat(chunks)),
      });
    });

    it('refuses another media type with 415 before the handler reads anything', async () => {
      const response = await request(server.url, 'POST', '/test/stream', { raw: 'x', headers: { 'content-type': 'text/plain' } });
      expect(response.status).toBe(415);
    });
  });

  describe('BytesResponse', () => {
    it.each(['no', 'yes'])(
      'writes the bytes with their own type and headers (streamed: %s), keeping the other security headers',
      async (streamed) => {
        const response = await fetch(`${server.url}/test/page?streamed=${streamed}`);
        expect(response.status).toBe(200);
        expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
        expect(response.headers.get('content-security-policy')).toBe("default-src 'none'; style-src 'self'");
        expect(response.headers.get('x-page')).toBe('yes');
        expect(response.headers.get('x-content-type-options')).toBe('nosniff');
        expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
        expect(await response.text()).toBe('<!doctype html><title>t</title><p>hello</p>');
      },
    );

    it('documents the media types of raw bodies and byte answers', () => {
      const document = buildOpenApiDocument({ title: 't', version: '1', description: 'd', operations, securitySchemes });
      expect(document).toMatchObject({
        paths: {
          '/test/page': { get: { responses: { 200: { content: { 'text/html': {} } } } } },
          '/test/raw': { post: { requestBody: { content: { 'application/json': {}, 'application/x-www-form-urlencoded': {} } } } },
        },
      });
    });
  });
});
