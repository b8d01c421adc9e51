import type { Server } from 'node:http';
import type { AppConfig } from './config.js';
import type { Db } from './core/db/database.js';
import { createLogger, type Logger } from './core/logger.js';
import { serverUrl } from './core/node-server.js';
import type { ServedRoute } from './core/http-app.js';
import { createHttpApp } from './http/adapter.js';
import { createServices, type Services } from './services.js';

export interface AppOptions {
  readonly config: AppConfig;
  readonly db: Db;
  /** Defaults to JSON lines on stdout at config.logLevel. */
  readonly logger?: Logger;
}

/** The whole API on a Node server that is not listening yet. */
export interface App {
  readonly services: Services;
  /** The Node HTTP(S) server, with the configured timeouts and TLS. */
  readonly server: Server;
  /** The routes the framework really serves, read from its own route table (SEC-A4). */
  servedRoutes(): readonly ServedRoute[];
  /** Starts listening; resolves with the http(s)://host:port it answers on. */
  listen(host: string, port: number): Promise<string>;
  /** Stops accepting, lets in-flight requests finish, releases the framework and the stores (not `db`). */
  close(): Promise<void>;
  /** Cuts the connections still open (end of the grace period). */
  closeAllConnections(): void;
}

/** Builds the app without listening: the composition root, then the framework adapter. */
export async function buildApp({ config, db, logger = createLogger(config.logLevel) }: AppOptions): Promise<App> {
  const services = createServices({ config, db, logger });
  await services.stores.connect();
  const http = await createHttpApp(services);
  const { server } = http;
  return {
    services,
    server,
    servedRoutes: () => http.servedRoutes(),
    listen: (host, port) =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          resolve(serverUrl(server, config.server.tls !== undefined));
        });
      }),
    async close() {
      services.stopAccepting();
      if (server.listening) {
        await new Promise<void>((resolve, reject) => server.close((error) => (error === undefined ? resolve() : reject(error))));
      }
      await http.close();
      await services.close();
    },
    closeAllConnections: () => server.closeAllConnections(),
  };
}
