import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request, type Json } from '../helpers/http.js';
import { operations } from '../helpers/operations.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

type Node = Record<string, unknown>;

const isNode = (value: unknown): value is Node => typeof value === 'object' && value !== null;

/** Every object in the document, depth first. */
function* objects(value: unknown): Generator<Node> {
  if (Array.isArray(value)) for (const item of value) yield* objects(item);
  else if (isNode(value)) {
    yield value;
    for (const child of Object.values(value)) yield* objects(child);
  }
}

describe('GET /openapi.json', () => {
  let server: TestServer;
  let document: Json;

  const resolve = (node: Json): Json => {
    const target = node.$ref;
    if (typeof target !== 'string') return node;
    return target
      .slice(2)
      .split('/')
      .reduce<Json>((current, key) => current[key] ?? ({} as Json), document);
  };
  const eachOperation = () =>
    Object.entries(document.paths ?? {}).flatMap(([path, item]) =>
      Object.entries(item).map(([method, operation]) => ({ path, method, operation })),
    );

  beforeAll(async () => {
    server = await startTestServer();
    const response = await request(server.url, 'GET', '/openapi.json');
    expect(response.status).toBe(200);
    document = response.body;
  });
  afterAll(() => server.close());

  it('is OpenAPI 3.1 and documents exactly the served operations', () => {
    expect(document.openapi).toBe('3.1.0');
    const documented = eachOperation().map(({ path, method }) => `${method.toUpperCase()} ${path}`);
    expect(documented.sort()).toEqual(operations.map((operation) => `${operation.method} ${operation.path}`).sort());
  });

  it('declares bearer security on every non-public operation, and a distinct one for admin routes', () => {
    for (const operation of operations) {
      const security = document.paths?.[operation.path]?.[operation.method.toLowerCase()]?.security;
      if (operation.access === 'user') expect(security, operation.path).toEqual([{ bearerAuth: [] }]);
      if (operation.access === 'admin') expect(security, operation.path).toEqual([{ bearerAuth: ['admin'] }]);
      if (operation.access === 'public' || operation.access === 'refresh-token') expect(security).toEqual([{}]);
    }
    expect(document.components?.securitySchemes?.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
  });

  it('documents 401, 429 and 500 problem responses, with RateLimit headers on 2xx/4xx and Retry-After on 429', () => {
    for (const { path, method, operation } of eachOperation()) {
      const responses = operation.responses ?? ({} as Json);
      const name = `${method} ${path}`;
      expect(Object.keys(responses), name).toEqual(expect.arrayContaining(['429', '500']));
      if (!(operation.security?.[0] && Object.keys(operation.security[0]).length === 0)) {
        expect(Object.keys(responses), name).toContain('401');
      }
      for (const [status, raw] of Object.entries(responses)) {
        const response = resolve(raw);
        if (/^[24]/.test(status)) expect(response.headers?.RateLimit, `${name} ${status}`).toBeDefined();
        if (/^[24]/.test(status)) expect(response.headers?.['Access-Control-Allow-Origin'], `${name} ${status}`).toBeDefined();
        if (status === '429') expect(response.headers?.['Retry-After'], name).toBeDefined();
        if (/^[45]/.test(status)) expect(Object.keys(response.content ?? {})).toEqual(['application/problem+json']);
      }
    }
  });

  it('bounds every string, array and integer', () => {
    for (const node of objects(document)) {
      const types = Array.isArray(node.type) ? node.type : [node.type];
      const where = JSON.stringify(node).slice(0, 120);
      if (types.includes('string')) {
        expect('maxLength' in node || 'enum' in node || 'const' in node, where).toBe(true);
      }
      if (types.includes('array')) expect('maxItems' in node, where).toBe(true);
      if (types.includes('integer')) {
        expect('minimum' in node && 'maximum' in node && 'format' in node, where).toBe(true);
      }
      if (types.includes('object') && 'additionalProperties' in node) expect(node.additionalProperties, where).toBe(false);
    }
  });
});
