import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operations } from '../helpers/operations.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const declared = new Set(operations.map((operation) => `${operation.method} ${operation.path}`));

describe('SEC-A4 served equals declared', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  it('serves exactly the declared operations: a route added beside them fails here', () => {
    const served = server.app
      .servedRoutes()
      // HEAD answers GET's route without a body; the framework adds it by itself.
      .filter((route) => !(route.method === 'HEAD' && declared.has(`GET ${route.path}`)))
      .map((route) => `${route.method} ${route.path}`);
    expect(
      served.filter((route) => !declared.has(route)),
      'routes the framework serves that no operation declares',
    ).toEqual([]);
    expect(
      [...declared].filter((route) => !served.includes(route)),
      'declared operations the framework does not serve',
    ).toEqual([]);
    expect(served).toHaveLength(declared.size);
  });

  it('declares an access rule, a query schema and a body kind for every operation', () => {
    for (const operation of operations) {
      const name = `${operation.method} ${operation.path}`;
      expect(['public', 'protected'], name).toContain(operation.access.kind);
      expect(operation.query.def.type, name).toBe('object');
      expect(['none', 'json', 'raw', 'stream'], name).toContain(operation.body.kind);
      if (operation.path.includes('{')) expect(operation.params, name).toBeDefined();
    }
  });
});
