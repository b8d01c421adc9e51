import express, { type Express } from 'express';
import { routeTable, servedMethods } from './api.js';
import type { Config } from './core/config.js';
import { createAuth } from './core/auth/index.js';
import { corsPolicy, requiresHttps } from './core/http-policy.js';
import type { Db } from './core/db/database.js';
import { createLogger, type Logger } from './core/logger.js';
import { parseQueryString } from './core/query-string.js';
import { RateLimiter } from './core/rate-limit.js';
import { MemoryRateLimitStore } from './core/rate-limit-store.js';
import { adminRoutes } from './http/admin-routes.js';
import { authRoutes } from './http/auth-routes.js';
import { createAuthenticate } from './http/authenticate.js';
import type { HttpContext } from './http/context.js';
import { jsonBody } from './http/json-body.js';
import { createErrorHandler, createNotFoundHandler, createOptionsHandler } from './http/problem.js';
import { rateLimitByAddress } from './http/rate-limit.js';
import { createRequestLog } from './http/request-log.js';
import { at, inSequence, under } from './http/router.js';
import { createSecurityHook } from './http/security-hook.js';
import { SYSTEM_PATHS, systemRoutes } from './http/system-routes.js';
import './http/types.js';
import { resources } from './resources/index.js';

/** Express's form of TRUST_PROXY. A hop count trusts that many proxies nearest to the server; never `true`. */
function trustProxySetting(trust: Config['trustProxy']): false | number | string[] {
  if (trust === false || typeof trust === 'number') return trust;
  return [...trust];
}

export interface AppOptions {
  readonly config: Config;
  readonly db: Db;
  /** Defaults to JSON lines on stdout at config.logLevel. */
  readonly logger?: Logger;
}

export interface App {
  /** The whole HTTP API: the request listener of a Node server (see src/http/listen.ts). */
  readonly express: Express;
  /** A shutdown has begun: new requests get 503 and their connection is closed. */
  stopAccepting(): void;
  /** Releases what the app holds (rate-limit counts), once the server is closed. The caller owns `db`. */
  close(): Promise<void>;
}

/** The whole HTTP API, ready to be served. */
export async function buildApp({ config, db, logger = createLogger(config.logLevel) }: AppOptions): Promise<App> {
  const store = new MemoryRateLimitStore();
  const limiter = (name: string, limits: { max: number; windowMs: number }) => new RateLimiter(store, { name, ...limits });
  const auth = createAuth({ db, settings: config.auth, store, logger });
  let closing = false;

  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('trust proxy', trustProxySetting(config.trustProxy));
  app.set('case sensitive routing', true);
  app.set('strict routing', true);
  // Parameters land in objects that inherit nothing (core/query-string.ts), as with
  // Express's own parser, but in V8's fast mode: validating a query is cheaper.
  app.set('query parser', parseQueryString);

  app.use(
    inSequence(
      createRequestLog(logger),
      createSecurityHook({
        cors: corsPolicy(config, servedMethods),
        limiter: limiter('ip', config.rateLimits.global),
        requireHttps: requiresHttps(config),
        isClosing: () => closing,
      }),
      createOptionsHandler(routeTable),
    ),
  );

  const context: HttpContext = {
    db,
    logger,
    authenticate: createAuthenticate(auth, limiter('user', config.rateLimits.principal)),
    credentialRateLimit: rateLimitByAddress(limiter('auth', config.rateLimits.auth)),
    jsonBody: jsonBody(config.bodyLimit),
  };
  app.use(at(SYSTEM_PATHS, systemRoutes(context)));
  app.use(under('/auth', authRoutes({ ...context, auth })));
  app.use(under('/v1/admin', adminRoutes(context)));
  for (const resource of resources) app.use(under(resource.path, resource.routes(context)));

  app.use(createNotFoundHandler(routeTable));
  app.use(createErrorHandler(logger));

  return {
    express: app,
    stopAccepting() {
      closing = true;
    },
    async close() {
      await store.close();
    },
  };
}
