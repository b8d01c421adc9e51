import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, type TestUser } from '../helpers/auth.js';
import { graphql, sampleResource } from '../helpers/graphql.js';
import { asArray, type Response } from '../helpers/http.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const { names } = sampleResource;
const LIMITS = {
  GRAPHQL_MAX_DEPTH: '4',
  GRAPHQL_MAX_ALIASES: '3',
  GRAPHQL_MAX_DIRECTIVES: '3',
  GRAPHQL_MAX_TOKENS: '200',
  GRAPHQL_MAX_COST: '30',
};

/** A selection nested `depth` levels deep under the list field (`data { id }` is two of them). */
const listed = `${names.list} { data { id } }`;

function expectRefused(response: Response, pattern: RegExp): void {
  expect(response.status).toBe(400);
  expect(response.headers.get('content-type')).toContain('application/problem+json');
  const messages = asArray(response.body.errors).map((error) => String(error.message));
  expect(messages.join('\n')).toMatch(pattern);
}

describe('SEC-G1 GraphQL limits: a document over any of them gets 400 and runs nothing', () => {
  let server: TestServer;
  let user: TestUser;

  beforeAll(async () => {
    server = await startTestServer(LIMITS);
    user = await createUser(server);
  });
  afterAll(() => server.close());

  const run = (query: string) => graphql(server.url, user.headers, { query });

  it('serves a document within every limit', async () => {
    const response = await run(`{ ${listed} apiVersion }`);
    expect(response.status).toBe(200);
    expect(response.body.errors).toBeUndefined();
  });

  it('refuses depth over the limit: inline, through a named fragment, through a fragment named __schema', async () => {
    // Depth 5 (id inside two inline fragments inside data), limit 4.
    expectRefused(await run(`{ ${names.list} { data { ... on ${names.type} { ... on ${names.type} { id } } } } }`), /depth/i);
    expectRefused(
      await run(`{ ${names.list} { data { ...F } } } fragment F on ${names.type} { ...G } fragment G on ${names.type} { id }`),
      /depth/i,
    );
    expectRefused(
      await run(
        `{ ${names.list} { data { ...__schema } } } fragment __schema on ${names.type} { ...G } fragment G on ${names.type} { id }`,
      ),
      /depth/i,
    );
  });

  it('refuses aliases over the limit, also inside a fragment', async () => {
    expectRefused(await run('{ a: apiVersion b: apiVersion c: apiVersion d: apiVersion }'), /alias/i);
    expectRefused(await run('{ ...F } fragment F on Query { a: apiVersion b: apiVersion c: apiVersion d: apiVersion }'), /alias/i);
  });

  it('refuses directives over the limit', async () => {
    expectRefused(await run('{ apiVersion @include(if: true) @skip(if: false) @include(if: true) @skip(if: false) }'), /directive/i);
  });

  it('refuses a document over the token limit before parsing all of it', async () => {
    expectRefused(await run(`{ ${'apiVersion '.repeat(250)}}`), /token/i);
  });

  it('refuses a document over the cost limit', async () => {
    const fields = Array.from({ length: 3 }, (_, index) => `l${index}: ${names.list} { data { id createdAt updatedAt } nextCursor }`).join(
      ' ',
    );
    expectRefused(await run(`{ ${fields} }`), /cost/i);
  });

  it('refuses a fragment cycle', async () => {
    expectRefused(
      await run(`{ ${names.list} { data { ...A } } } fragment A on ${names.type} { ...B } fragment B on ${names.type} { ...A }`),
      /cycl|spread itself|depth/i,
    );
  });
});

describe('SEC-G1 GraphQL in production: no introspection, no suggestions', () => {
  let server: TestServer;
  let user: TestUser;

  beforeAll(async () => {
    server = await startTestServer({ NODE_ENV: 'production' });
    user = await createUser(server);
  });
  afterAll(() => server.close());

  it('refuses __schema and __type', async () => {
    expectRefused(await graphql(server.url, user.headers, { query: '{ __schema { types { name } } }' }), /introspection/i);
    expectRefused(await graphql(server.url, user.headers, { query: '{ __type(name: "Query") { name } }' }), /introspection/i);
  });

  it('names no field the client did not ask for', async () => {
    const response = await graphql(server.url, user.headers, { query: '{ apiVersio }' });
    expect(response.status).toBe(400);
    expect(response.text).not.toContain('Did you mean');
    expect(response.text).not.toContain('"apiVersion"');
  });
});

describe('GraphQL in development: introspection and suggestions help', () => {
  let server: TestServer;
  let user: TestUser;

  beforeAll(async () => {
    server = await startTestServer();
    user = await createUser(server);
  });
  afterAll(() => server.close());

  it('answers __schema and suggests fields', async () => {
    const schema = await graphql(server.url, user.headers, { query: '{ __schema { queryType { name } } }' });
    expect(schema.status).toBe(200);
    const typo = await graphql(server.url, user.headers, { query: '{ apiVersio }' });
    expect(typo.text).toContain('Did you mean');
  });
});
