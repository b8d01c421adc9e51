import { buildApp } from './app.js';
import { ConfigError, loadConfig, loadDotEnv } from './core/config.js';
import { createLogger } from './core/logger.js';
import { exitGracefullyOnSignals } from './core/shutdown.js';
import { openMigratedDatabase } from './database.js';

async function main(): Promise<void> {
  loadDotEnv();
  const config = loadConfig(process.env);
  const logger = createLogger(config.logLevel);
  const db = await openMigratedDatabase(config.databaseUrl);
  const app = await buildApp({ config, db, logger });
  const address = await app.listen(config.host, config.port);
  logger.info({ address, environment: config.environment }, 'listening');
  exitGracefullyOnSignals(
    {
      drain: () => app.close(),
      abort: () => app.server.closeAllConnections(),
      release: () => db.close(),
    },
    logger,
  );
}

main().catch((error: unknown) => {
  const message = error instanceof ConfigError ? error.message : `Failed to start: ${error instanceof Error ? error.message : String(error)}`;
  process.stderr.write(`${message}\n`);
  process.exit(1);
});
