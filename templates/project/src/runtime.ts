import { ConfigError, loadConfig, loadDotEnv, type Config } from './core/config.js';
import type { Db } from './core/db/database.js';
import { createLogger, type Logger } from './core/logger.js';
import { exitGracefullyOnSignals } from './core/shutdown.js';
import { openMigratedDatabase } from './database.js';

export interface AppDeps {
  readonly config: Config;
  readonly db: Db;
  readonly logger: Logger;
}

/** A server answering on `url`, as every framework's src/http/listen.ts returns it. */
export interface Listening {
  /** http(s)://host:port it answers on. */
  readonly url: string;
  /** Stops accepting, lets in-flight requests finish, releases what the app holds (not `db`). */
  close(): Promise<void>;
  /** Cuts the connections still open (end of the grace period). */
  closeAllConnections(): void;
}

/** Builds the app and serves it on host:port (port 0: any free port). */
export type Listen = (deps: AppDeps, host: string, port: number) => Promise<Listening>;

/**
 * What src/server.ts runs: configuration from the environment (and .env), the migrated
 * database, the app, then a graceful shutdown on SIGTERM/SIGINT. A failure to start prints
 * one line (naming the variable for configuration errors, never its value) and exits 1.
 */
export function serve(listen: Listen): void {
  const start = async () => {
    loadDotEnv();
    const config = loadConfig(process.env);
    const logger = createLogger(config.logLevel);
    const db = await openMigratedDatabase(config.databaseUrl);
    const server = await listen({ config, db, logger }, config.host, config.port);
    logger.info({ address: server.url, environment: config.environment }, 'listening');
    exitGracefullyOnSignals(
      {
        drain: () => server.close(),
        abort: () => server.closeAllConnections(),
        release: () => db.close(),
      },
      logger,
    );
  };
  start().catch((error: unknown) => {
    const message = error instanceof ConfigError ? error.message : `Failed to start: ${error instanceof Error ? error.message : String(error)}`;
    process.stderr.write(`${message}\n`);
    process.exit(1);
  });
}
