import { buildApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import type { Db } from '../../src/core/db/database.js';
import { createLogger } from '../../src/core/logger.js';
import { openMigratedDatabase } from '../../src/database.js';
import { serverTestDatabase } from './database.js';
import { testEnv } from './env.js';

export interface TestServer {
  /** http://127.0.0.1:<port>, or https:// when TLS is configured. */
  readonly url: string;
  readonly db: Db;
  readonly app: App;
  /** Every JSON log line written so far. */
  readonly logs: string[];
  close(): Promise<void>;
}

/**
 * The real app on an ephemeral port of 127.0.0.1, configured from `testEnv(env)` on an empty
 * database of its own (unless `env` names one), served exactly as src/server.ts serves it.
 */
export async function startTestServer(env: Record<string, string> = {}): Promise<TestServer> {
  const database = env.DATABASE_URL === undefined ? await serverTestDatabase() : undefined;
  try {
    const config = loadConfig(testEnv({ ...(database === undefined ? {} : { DATABASE_URL: database.url }), ...env }));
    const logs: string[] = [];
    const logger = createLogger(config.logLevel, { write: (line: string) => void logs.push(line) });
    const db = await openMigratedDatabase(config.modules.database);
    const app = await buildApp({ config, db, logger });
    const url = await app.listen('127.0.0.1', 0);
    return {
      url,
      db,
      app,
      logs,
      async close() {
        await app.close();
        await db.close();
        await database?.drop();
      },
    };
  } catch (error) {
    await database?.drop();
    throw error;
  }
}
