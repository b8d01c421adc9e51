import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../helpers/auth.js';
import { startTwoInstances, type ServerProcess, type TwoInstances } from '../helpers/child-server.js';
import { loadDatabaseSettings } from '../../src/config.js';
import { openDatabase } from '../../src/database.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { testEnv } from '../helpers/env.js';
import { request } from '../helpers/http.js';
import { signedInRoute } from '../helpers/operations.js';

/** Two server processes started together on one empty Postgres database, as behind a load balancer. */
describe('GEN-6 two instances on one Postgres database', () => {
  let database: TestDatabase;
  let instances: TwoInstances | undefined;
  let a: ServerProcess;
  let b: ServerProcess;
  let urls: readonly [string, string];

  beforeAll(async () => {
    database = await createTestDatabase();
    const env = testEnv({ DATABASE_URL: database.url, HOST: '127.0.0.1', PORT: '0' });
    instances = await startTwoInstances(env);
    ({ servers: [a, b], urls } = instances);
  }, 60_000);
  afterAll(async () => {
    instances?.kill();
    await database?.drop();
  });

  it('both start together on an empty database, migrating it once', () => {
    expect(urls[0]).not.toBe(urls[1]);
    expect(a.stderr() + b.stderr()).toBe('');
  });

  it('see the same data: a user created through one is signed in on the other', async () => {
    const db = await openDatabase(loadDatabaseSettings({ DATABASE_URL: database.url }));
    try {
      // The instance's URL and database: what every auth style's createUser may need.
      const instance = { url: urls[0], db };
      const user = await createUser(instance);
      expect((await request(urls[1], 'GET', signedInRoute.path, { headers: user.headers })).status).toBe(200);
    } finally {
      await db.close();
    }
  });

  it('SIGTERM to one leaves the other serving', async () => {
    a.child.kill('SIGTERM');
    expect(await a.exited).toBe(0);
    expect((await request(urls[1], 'GET', '/health')).status).toBe(200);
  });
});
