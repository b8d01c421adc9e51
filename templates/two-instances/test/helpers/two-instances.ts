import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll } from 'vitest';
import { loadDatabaseSettings } from '../../src/config.js';
import type { Db } from '../../src/core/db/database.js';
import { openDatabase } from '../../src/database.js';
import { listeningAddress, spawnServer, type ServerCommand, type ServerProcess } from './child-server.js';
import { createTestDatabase, type TestDatabase } from './database.js';
import { testEnv } from './env.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BUILT_SERVER = fileURLToPath(new URL('../../dist/server.js', import.meta.url));
const TSC = createRequire(import.meta.url).resolve('typescript/bin/tsc');

let built: Promise<ServerCommand> | undefined;

/**
 * Builds the project once per test file, as `npm run build` does (tsc -p tsconfig.build.json
 * into dist/), and resolves with the command `npm start` runs. Rejects with the compiler's
 * output when the build fails.
 */
export function buildServer(): Promise<ServerCommand> {
  built ??= new Promise((resolve, reject) => {
    execFile(process.execPath, [TSC, '-p', 'tsconfig.build.json'], { cwd: ROOT }, (error, stdout, stderr) => {
      if (error === null) resolve([BUILT_SERVER]);
      else reject(new Error(`npm run build failed:\n${stdout}${stderr}`));
    });
  });
  return built;
}

/** One of the two instances, as the auth helpers take a server: its URL and the shared database. */
export interface Instance {
  readonly url: string;
  readonly db: Db;
  readonly process: ServerProcess;
}

/** Two built servers on one database and one rate-limit store, as behind a load balancer. */
export interface TwoInstances {
  readonly a: Instance;
  readonly b: Instance;
}

/**
 * Before the enclosing tests: builds the server (once per file), creates an empty database
 * and starts two `node dist/server.js` together on it, each on a free port of its own, with
 * one environment (`overrides` on top of the test environment: one Redis key prefix too).
 * After them: stops both and drops the database. The returned object is filled in before
 * the first test runs.
 */
export function useTwoInstances(overrides: Record<string, string> = {}): TwoInstances {
  const pair: { a?: Instance; b?: Instance } = {};
  let database: TestDatabase | undefined;
  let servers: readonly ServerProcess[] = [];
  let db: Db | undefined;

  beforeAll(async () => {
    const command = await buildServer();
    database = await createTestDatabase();
    const env = testEnv({ DATABASE_URL: database.url, HOST: '127.0.0.1', PORT: '0', TRUST_PROXY: '1', ...overrides });
    servers = [spawnServer(env, command), spawnServer(env, command)];
    const [first, second] = servers as [ServerProcess, ServerProcess];
    const urls = await Promise.all([listeningAddress(first, 30_000), listeningAddress(second, 30_000)]);
    db = await openDatabase(loadDatabaseSettings({ DATABASE_URL: database.url }));
    pair.a = { url: urls[0], db, process: first };
    pair.b = { url: urls[1], db, process: second };
  }, 120_000);

  afterAll(async () => {
    for (const server of servers) if (server.child.exitCode === null) server.child.kill('SIGKILL');
    await db?.close();
    await database?.drop();
  });

  const started = (instance: Instance | undefined): Instance => {
    if (instance === undefined) throw new Error('the two instances have not started');
    return instance;
  };
  return {
    get a() {
      return started(pair.a);
    },
    get b() {
      return started(pair.b);
    },
  };
}
