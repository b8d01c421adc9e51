import fs from 'fs-extra';
import { serverAudits, type AuditResult } from 'graphql-http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoTempDir } from '../helpers/cli.js';
import { generateBuiltProject, login, startServer, type RunningServer } from '../helpers/project.js';

// One generated `--graphql` project, type-checked, built and served by node, audited with
// graphql-http's GraphQL-over-HTTP server audits over real HTTP (signed in: POST /graphql
// needs a caller).
describe('a --graphql project against the GraphQL-over-HTTP audits', () => {
  let dir: string;
  let server: RunningServer;
  let results: AuditResult[];

  beforeAll(async () => {
    dir = path.join(await repoTempDir('graphql-'), 'api');
    await generateBuiltProject(dir, ['--framework', 'express', '--graphql']);
    server = await startServer(dir, ['node', ['dist/server.js']], {
      DATABASE_URL: 'sqlite::memory:',
      NODE_ENV: 'development',
      PRINCIPAL_RATE_LIMIT_MAX: '100000',
      RATE_LIMIT_MAX: '100000',
    });
    const token = await login(server.url);
    const signedIn = (input: string | URL | Request, init: RequestInit = {}) =>
      fetch(input, { ...init, headers: { ...(init.headers as Record<string, string>), authorization: `Bearer ${token}` } });
    results = await Promise.all(serverAudits({ url: `${server.url}/graphql`, fetchFn: signedIn }).map((audit) => audit.fn()));
  }, 180_000);

  afterAll(async () => {
    await server?.stop();
    if (dir !== undefined) await fs.remove(path.dirname(dir));
  });

  it('passes every MUST audit (none of them needs GET)', () => {
    const must = results.filter((result) => result.name.startsWith('MUST'));
    expect(must.length).toBeGreaterThan(10);
    const failed = must.filter((result) => result.status !== 'ok').map((result) => `${result.id} ${result.name}`);
    expect(failed).toEqual([]);
  });

  it('refuses the GET audits with 405 and batches, bad JSON and wrong parameter types with 400', () => {
    const byId = new Map(results.map((result) => [result.id, result]));
    // Parse failure (BCF8), and invalid {query}, {operationName}, {variables} types (LKJ*, 6C0*, 476*).
    for (const id of ['BCF8', 'LKJ0', 'LKJ1', 'LKJ2', 'LKJ3', '6C00', '6C01', '6C02', '6C03', '4760', '4761', '4762', '4763']) {
      expect(byId.get(id)?.status, id).toBe('ok');
    }
  });
});
