import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, type TestUser } from '../helpers/auth.js';
import { dataOf, firstCode, graphql, sampleResource } from '../helpers/graphql.js';
import { asArray, request } from '../helpers/http.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const { names, input } = sampleResource;
const MISSING_ID = '00000000-0000-4000-8000-000000000000';

describe('SEC-G1 GraphQL runs the same operations as REST', () => {
  let server: TestServer;
  let alice: TestUser;
  let bob: TestUser;

  beforeAll(async () => {
    server = await startTestServer();
    alice = await createUser(server);
    bob = await createUser(server);
  });
  afterAll(() => server.close());

  async function create(user: TestUser): Promise<string> {
    const response = await graphql(server.url, user.headers, {
      query: `mutation Create($input: Create${names.type}Input!) { create${names.type}(input: $input) { id } }`,
      variables: { input },
    });
    expect(response.status).toBe(200);
    expect(response.body.errors).toBeUndefined();
    return String(dataOf(response)[`create${names.type}`]?.id);
  }

  it('creates, reads, lists, updates and deletes an item, as REST sees it', async () => {
    const id = await create(alice);
    const rest = await request(server.url, 'GET', `${sampleResource.path}/${id}`, { headers: alice.headers });
    expect(rest.status).toBe(200);
    const read = await graphql(server.url, alice.headers, {
      query: `query One($id: ID!) { ${names.item}(id: $id) { id createdAt } }`,
      variables: { id },
    });
    expect(dataOf(read)[names.item]?.id).toBe(id);
    const list = await graphql(server.url, alice.headers, { query: `{ ${names.list}(limit: 5) { data { id } nextCursor } }` });
    expect(asArray(dataOf(list)[names.list]?.data).map((item) => item.id)).toContain(id);
    const removed = await graphql(server.url, alice.headers, { query: `mutation { delete${names.type}(id: "${id}") }` });
    expect(dataOf(removed)[`delete${names.type}`]).toBe(true);
    expect((await request(server.url, 'GET', `${sampleResource.path}/${id}`, { headers: alice.headers })).status).toBe(404);
  });

  it("never lists another owner's items, and gives null with NOT_FOUND for one by id", async () => {
    const id = await create(alice);
    const list = await graphql(server.url, bob.headers, { query: `{ ${names.list}(limit: 100) { data { id } } }` });
    expect(asArray(dataOf(list)[names.list]?.data).map((item) => item.id)).not.toContain(id);
    for (const query of [
      `{ ${names.item}(id: "${id}") { id } }`,
      `mutation { update${names.type}(id: "${id}", input: {}) { id } }`,
      `mutation { delete${names.type}(id: "${id}") }`,
    ]) {
      const response = await graphql(server.url, bob.headers, { query });
      expect(response.status).toBe(200);
      const [field] = Object.keys(dataOf(response));
      expect(dataOf(response)[field as string]).toBeNull();
      expect(firstCode(response)).toMatch(/^(NOT_FOUND|BAD_USER_INPUT)$/);
    }
    const missing = await graphql(server.url, bob.headers, { query: `{ ${names.item}(id: "${id}") { id } }` });
    expect(firstCode(missing)).toBe('NOT_FOUND');
    expect((await request(server.url, 'GET', `${sampleResource.path}/${id}`, { headers: alice.headers })).status).toBe(200);
  });

  it('checks input with the same Zod schema: BAD_USER_INPUT naming the field', async () => {
    const response = await graphql(server.url, alice.headers, { query: `{ ${names.list}(limit: 1000) { data { id } } }` });
    expect(response.status).toBe(200);
    expect(firstCode(response)).toBe('BAD_USER_INPUT');
    expect(JSON.stringify(response.body.errors)).toContain('limit');
    const unknownId = await graphql(server.url, alice.headers, { query: `{ ${names.item}(id: "${MISSING_ID}") { id } }` });
    expect(firstCode(unknownId)).toBe('NOT_FOUND');
  });

  it('needs authentication before the body is read: 401 problem', async () => {
    const response = await graphql(server.url, {}, { query: '{ apiVersion }' });
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
  });

  it.each([
    ['GET', undefined, undefined, 405],
    ['POST', 'application/x-www-form-urlencoded', 'query=%7BapiVersion%7D', 415],
    [
      'POST',
      'multipart/form-data; boundary=x',
      '--x\r\nContent-Disposition: form-data; name="query"\r\n\r\n{ apiVersion }\r\n--x--\r\n',
      415,
    ],
    ['POST', 'text/plain', '{"query":"{ apiVersion }"}', 415],
    ['POST', 'application/json', '[{"query":"{ apiVersion }"},{"query":"{ apiVersion }"}]', 400],
    ['POST', 'application/json', '{"query":"{ apiVersion }","extra":1}', 400],
    ['POST', 'application/json', '{"query":"{ apiVersion }","__proto__":{"x":1}}', 400],
  ] as const)('%s %s %s: %s', async (method, type, raw, status) => {
    const headers: Record<string, string> = { ...alice.headers, ...(type === undefined ? {} : { 'content-type': type }) };
    const response = await request(server.url, method, '/graphql', { headers, ...(raw === undefined ? {} : { raw }) });
    expect(response.status).toBe(status);
    if (status === 405) expect(response.headers.get('allow')).toMatch(/^POST\b/);
  });

  it('masks an error a resolver throws: neither the response nor the log holds its message', async () => {
    const secret = `secret-${Math.random().toString(36).slice(2)}`;
    const { db } = server;
    const all = db.all.bind(db);
    db.all = () => Promise.reject(new Error(`connection to ${secret} failed`));
    try {
      const response = await graphql(server.url, alice.headers, { query: `{ ${names.list} { data { id } } }` });
      expect(response.status).toBe(200);
      expect(response.text).not.toContain(secret);
      expect(firstCode(response)).toBe('INTERNAL_SERVER_ERROR');
      const requestId = response.headers.get('x-request-id');
      expect(server.logs.some((line) => line.includes('graphql resolver failed') && line.includes(String(requestId)))).toBe(true);
      expect(server.logs.join('\n')).not.toContain(secret);
    } finally {
      db.all = all;
    }
  });

  it('is listed by the OpenAPI document', async () => {
    const document = await request(server.url, 'GET', '/openapi.json');
    expect(Object.keys(document.body.paths ?? {})).toContain('/graphql');
  });
});
