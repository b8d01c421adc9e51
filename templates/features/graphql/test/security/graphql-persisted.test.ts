import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PERSISTED_MANIFEST } from '../../src/graphql/persisted.js';
import { createUser, type TestUser } from '../helpers/auth.js';
import { graphql } from '../helpers/graphql.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

describe('SEC-G1 GRAPHQL_PERSISTED_ONLY=true: only the operations of the manifest run', () => {
  let server: TestServer;
  let user: TestUser;
  let hash: string;

  beforeAll(async () => {
    execFileSync(process.execPath, ['--import', 'tsx', 'src/cli/graphql-persist.ts'], { stdio: 'pipe' });
    const manifest = JSON.parse(readFileSync(PERSISTED_MANIFEST, 'utf8')) as Record<string, string>;
    hash = Object.keys(manifest).find((key) => manifest[key]?.includes('apiVersion')) ?? '';
    server = await startTestServer({ GRAPHQL_PERSISTED_ONLY: 'true' });
    user = await createUser(server);
  });
  afterAll(() => server.close());

  it('runs a persisted operation named by its hash', async () => {
    const response = await graphql(server.url, user.headers, { extensions: { persistedQuery: { version: 1, sha256Hash: hash } } });
    expect(response.status).toBe(200);
    expect(response.body.data?.apiVersion).toBeTypeOf('string');
  });

  it('refuses a raw query, even one in the manifest, and an unknown hash, with 400', async () => {
    expect((await graphql(server.url, user.headers, { query: '{ apiVersion }' })).status).toBe(400);
    const unknown = await graphql(server.url, user.headers, { extensions: { persistedQuery: { version: 1, sha256Hash: '0'.repeat(64) } } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.detail).toMatch(/persisted/);
  });
});
