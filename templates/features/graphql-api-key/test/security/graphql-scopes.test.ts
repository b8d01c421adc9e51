import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueKey } from '../helpers/api-keys.js';
import { createUser, type TestUser } from '../helpers/auth.js';
import { dataOf, firstCode, graphql, sampleResource } from '../helpers/graphql.js';
import { asArray, request } from '../helpers/http.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const { names, input } = sampleResource;

describe('SEC-G1 GraphQL checks the scopes REST checks', () => {
  let server: TestServer;
  let owner: TestUser;
  let readOnly: Record<string, string>;

  beforeAll(async () => {
    server = await startTestServer();
    owner = await createUser(server);
    const key = await issueKey(server, owner, [`${sampleResource.name}:read`]);
    readOnly = key.headers;
  });
  afterAll(() => server.close());

  it('a read-only key running a mutation gets FORBIDDEN, and nothing is written', async () => {
    const response = await graphql(server.url, readOnly, {
      query: `mutation Create($input: Create${names.type}Input!) { create${names.type}(input: $input) { id } }`,
      variables: { input },
    });
    expect(response.status).toBe(200);
    expect(firstCode(response)).toBe('FORBIDDEN');
    expect(response.body.data).toBeNull();
    const listed = await request(server.url, 'GET', sampleResource.path, { headers: owner.headers });
    expect(asArray(listed.body.data)).toHaveLength(0);
  });

  it('the same key may read', async () => {
    const response = await graphql(server.url, readOnly, { query: `{ ${names.list} { data { id } } }` });
    expect(response.body.errors).toBeUndefined();
    expect(asArray(dataOf(response)[names.list]?.data)).toHaveLength(0);
  });
});
