import type { Server } from 'node:http';
import { Hono } from 'hono';
import { routeTable, servedMethods } from './api.js';
import type { Config } from './core/config.js';
import { createAuth } from './core/auth/index.js';
import { corsPolicy, requiresHttps } from './core/http-policy.js';
import type { Db } from './core/db/database.js';
import { createLogger, type Logger } from './core/logger.js';
import { createNodeServer, serverUrl } from './core/node-server.js';
import { RateLimiter } from './core/rate-limit.js';
import { MemoryRateLimitStore } from './core/rate-limit-store.js';
import { adminRoutes } from './http/admin-routes.js';
import { authRoutes } from './http/auth-routes.js';
import { createAuthenticateMiddleware } from './http/authenticate.js';
import { ClientAddresses } from './http/client-address.js';
import type { HttpContext } from './http/context.js';
import { createJsonBodyMiddleware } from './http/json-body.js';
import { createRequestListener } from './http/listener.js';
import { createErrorHandler, createNotFoundHandler } from './http/problem.js';
import { rateLimitByAddress } from './http/rate-limit.js';
import { createRequestLogMiddleware } from './http/request-log.js';
import { createSecurityMiddleware } from './http/security-hook.js';
import { systemRoutes } from './http/system-routes.js';
import type { AppEnv } from './http/types.js';
import { resources } from './resources/index.js';

export interface AppOptions {
  readonly config: Config;
  readonly db: Db;
  /** Defaults to JSON lines on stdout at config.logLevel. */
  readonly logger?: Logger;
}

export interface App {
  /** The Hono app. Its handlers read Node's request through the @hono/node-server bindings. */
  readonly hono: Hono<AppEnv>;
  /** The Node HTTP(S) server that serves it, with the configured timeouts and TLS; not listening yet. */
  readonly server: Server;
  /** Starts listening; resolves with the server's URL. */
  listen(host: string, port: number): Promise<string>;
  /**
   * Stops accepting connections and answers later requests on open connections with 503;
   * resolves once in-flight requests are answered. The caller owns `db`.
   */
  close(): Promise<void>;
}


/** The whole HTTP API and the server for it. */
export async function buildApp({ config, db, logger = createLogger(config.logLevel) }: AppOptions): Promise<App> {
  const store = new MemoryRateLimitStore();
  const limiter = (name: string, limits: { max: number; windowMs: number }) => new RateLimiter(store, { name, ...limits });
  const auth = createAuth({ db, settings: config.auth, store, logger });
  const clients = new ClientAddresses(config.trustProxy);
  let closing = false;

  const hono = new Hono<AppEnv>();
  hono.use(createRequestLogMiddleware(logger));
  hono.use(
    createSecurityMiddleware({
      cors: corsPolicy(config, servedMethods),
      limiter: limiter('ip', config.rateLimits.global),
      clients,
      requireHttps: requiresHttps(config),
      isClosing: () => closing,
    }),
  );
  hono.onError(createErrorHandler(logger));
  hono.notFound(createNotFoundHandler(routeTable));

  const context: HttpContext = {
    db,
    logger,
    authenticate: createAuthenticateMiddleware(auth, limiter('user', config.rateLimits.principal)),
    credentialRateLimit: rateLimitByAddress(limiter('auth', config.rateLimits.auth), clients),
    jsonBody: createJsonBodyMiddleware(config.bodyLimit),
  };
  hono.route('/', systemRoutes(context));
  hono.route('/auth', authRoutes({ ...context, auth }));
  hono.route('/v1/admin', adminRoutes(context));
  for (const resource of resources) hono.route(resource.path, resource.routes(context));

  const server = createNodeServer(config.server, createRequestListener(hono, logger));
  const tls = config.server.tls !== undefined;

  return {
    hono,
    server,
    listen: (host, port) =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          resolve(serverUrl(server, tls));
        });
      }),
    async close() {
      closing = true;
      if (server.listening) {
        await new Promise<void>((resolve, reject) => server.close((error) => (error === undefined ? resolve() : reject(error))));
      }
      await store.close();
    },
  };
}
