import { buildApp } from './app.js';
import { loadConfig } from './config.js';
import { loadDotEnv } from './core/config.js';
import { ConfigError } from './core/env.js';
import { createLogger } from './core/logger.js';
import { exitGracefullyOnSignals } from './core/shutdown.js';
import { openMigratedDatabase } from './database.js';

/**
 * What src/server.ts runs: configuration from the environment (and .env), the migrated
 * database, the app, then a graceful shutdown on SIGTERM/SIGINT. A failure to start prints
 * one line (naming the variable for configuration errors, never its value) and exits 1.
 */
export function serve(): void {
  const start = async () => {
    loadDotEnv();
    const config = loadConfig(process.env);
    const logger = createLogger(config.logLevel);
    const db = await openMigratedDatabase(config.modules.database);
    const app = await buildApp({ config, db, logger });
    const url = await app.listen(config.host, config.port);
    logger.info({ address: url, environment: config.environment }, 'listening');
    exitGracefullyOnSignals(
      {
        drain: () => app.close(),
        abort: () => app.closeAllConnections(),
        release: () => db.close(),
      },
      logger,
    );
  };
  start().catch((error: unknown) => {
    const message =
      error instanceof ConfigError ? error.message : `Failed to start: ${error instanceof Error ? error.message : String(error)}`;
    process.stderr.write(`${message}\n`);
    process.exit(1);
  });
}
