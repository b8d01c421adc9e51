import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from '../helpers/http.js';
import { securitySchemes } from '../../src/api.js';
import { operations } from '../helpers/operations.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

type Node = Record<string, unknown>;

const isNode = (value: unknown): value is Node => typeof value === 'object' && value !== null && !Array.isArray(value);
const node = (value: unknown): Node => (isNode(value) ? value : {});

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
  let document: Node;

  /** Follows a local $ref. */
  const resolve = (value: unknown): Node => {
    const target = node(value).$ref;
    if (typeof target !== 'string') return node(value);
    return target
      .slice(2)
      .split('/')
      .reduce<Node>((current, key) => node(current[key]), document);
  };
  const eachOperation = () =>
    Object.entries(node(document.paths)).flatMap(([path, item]) =>
      Object.entries(node(item)).map(([method, operation]) => ({ path, method, operation: node(operation) })),
    );

  beforeAll(async () => {
    server = await startTestServer();
    const response = await request(server.url, 'GET', '/openapi.json');
    expect(response.status).toBe(200);
    document = JSON.parse(response.text) as Node;
  });
  afterAll(() => server.close());

  it('is OpenAPI 3.1 and documents exactly the served operations', () => {
    expect(document.openapi).toBe('3.1.0');
    const documented = eachOperation().map(({ path, method }) => `${method.toUpperCase()} ${path}`);
    expect(documented.sort()).toEqual(operations.map((operation) => `${operation.method} ${operation.path}`).sort());
  });

  it('declares the security of every operation: its schemes, with the role or scope it needs', () => {
    for (const operation of operations) {
      const security = node(node(node(document.paths)[operation.path])[operation.method.toLowerCase()]).security;
      const { access } = operation;
      const expected =
        access.kind === 'public'
          ? [{}]
          : (access.schemes ?? securitySchemes.map((scheme) => scheme.name)).map((name) => ({
              [name]: [access.role, access.scope].filter((scope) => scope !== undefined),
            }));
      expect(security, `${operation.method} ${operation.path}`).toEqual(expected);
    }
    for (const scheme of securitySchemes) expect(node(node(document.components).securitySchemes)[scheme.name]).toEqual(scheme.scheme);
  });

  it('documents 401, 429 and 500 problems, RateLimit headers on 2xx/4xx and Retry-After on 429', () => {
    for (const { path, method, operation } of eachOperation()) {
      const responses = node(operation.responses);
      const name = `${method} ${path}`;
      expect(Object.keys(responses), name).toEqual(expect.arrayContaining(['429', '500']));
      const anonymous = JSON.stringify(operation.security) === '[{}]';
      if (!anonymous) expect(Object.keys(responses), name).toContain('401');
      for (const [status, raw] of Object.entries(responses)) {
        const response = resolve(raw);
        const headers = node(response.headers);
        if (/^[24]/.test(status)) {
          expect(headers.RateLimit, `${name} ${status}`).toBeDefined();
          expect(headers['Access-Control-Allow-Origin'], `${name} ${status}`).toBeDefined();
        }
        if (status === '429') expect(headers['Retry-After'], name).toBeDefined();
        if (/^[45]/.test(status)) expect(Object.keys(node(response.content))).toEqual(['application/problem+json']);
      }
    }
  });

  it('bounds every string, array and integer, and closes every object', () => {
    for (const schema of objects(document)) {
      const types: unknown[] = Array.isArray(schema.type) ? schema.type : [schema.type];
      const where = JSON.stringify(schema).slice(0, 120);
      if (types.includes('string')) expect('maxLength' in schema || 'enum' in schema || 'const' in schema, where).toBe(true);
      if (types.includes('array')) expect('maxItems' in schema, where).toBe(true);
      if (types.includes('integer')) expect('minimum' in schema && 'maximum' in schema && 'format' in schema, where).toBe(true);
      if ('additionalProperties' in schema) expect(schema.additionalProperties, where).toBe(false);
    }
  });
});
