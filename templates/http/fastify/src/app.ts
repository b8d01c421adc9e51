import { randomUUID } from 'node:crypto';
import fastify, { type FastifyInstance } from 'fastify';
import { routeTable, servedMethods } from './api.js';
import type { Config } from './core/config.js';
import { createAuth } from './core/auth/index.js';
import { corsPolicy, requiresHttps } from './core/http-policy.js';
import type { Db } from './core/db/database.js';
import { createLogger, type Logger } from './core/logger.js';
import { createNodeServer } from './core/node-server.js';
import { RateLimiter } from './core/rate-limit.js';
import { MemoryRateLimitStore } from './core/rate-limit-store.js';
import { adminRoutes } from './http/admin-routes.js';
import { authRoutes } from './http/auth-routes.js';
import { createAuthenticateHook } from './http/authenticate.js';
import type { HttpContext } from './http/context.js';
import { acceptJsonBodiesOnly } from './http/json-body.js';
import { createErrorHandler, createNotFoundHandler, handleFrameworkError } from './http/problem.js';
import { rateLimitByAddress } from './http/rate-limit.js';
import { createRequestLogHook } from './http/request-log.js';
import { createSecurityHook } from './http/security-hook.js';
import { serializerCompiler } from './http/serializers.js';
import { systemRoutes } from './http/system-routes.js';
import './http/types.js';
import { resources } from './resources/index.js';

/** Fastify's form of TRUST_PROXY. A hop count trusts that many proxies nearest to the server. */
function trustProxySetting(trust: Config['trustProxy']): boolean | string[] | ((address: string, hop: number) => boolean) {
  if (trust === false) return false;
  if (typeof trust === 'number') return (_address, hop) => hop < trust;
  return [...trust];
}

export interface AppOptions {
  readonly config: Config;
  readonly db: Db;
  /** Defaults to JSON lines on stdout at config.logLevel. */
  readonly logger?: Logger;
}

/** The whole HTTP API, ready to `listen` (or to `inject` requests into). The caller owns `db`. */
export async function buildApp({ config, db, logger = createLogger(config.logLevel) }: AppOptions): Promise<FastifyInstance> {
  const store = new MemoryRateLimitStore();
  const limiter = (name: string, limits: { max: number; windowMs: number }) => new RateLimiter(store, { name, ...limits });
  const auth = createAuth({ db, settings: config.auth, store, logger });
  let closing = false;

  const app = fastify({
    serverFactory: (handler) => createNodeServer(config.server, handler),
    bodyLimit: config.bodyLimit,
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    trustProxy: trustProxySetting(config.trustProxy),
    return503OnClosing: false,
    genReqId: () => randomUUID(),
    requestIdHeader: false,
    frameworkErrors: handleFrameworkError,
  });

  app.decorateRequest('principal', null);
  app.setSerializerCompiler(serializerCompiler);
  acceptJsonBodiesOnly(app, config.bodyLimit);
  app.setErrorHandler(createErrorHandler(logger));
  app.addHook(
    'onRequest',
    createSecurityHook({
      cors: corsPolicy(config, servedMethods),
      limiter: limiter('ip', config.rateLimits.global),
      requireHttps: requiresHttps(config),
      isClosing: () => closing,
    }),
  );
  app.addHook('onResponse', createRequestLogHook(logger));
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onClose', async () => {
    await store.close();
  });
  app.setNotFoundHandler(createNotFoundHandler(routeTable));

  const context: HttpContext = {
    db,
    logger,
    authenticate: createAuthenticateHook(auth, limiter('user', config.rateLimits.principal)),
    credentialRateLimit: rateLimitByAddress(limiter('auth', config.rateLimits.auth)),
  };
  app.register(systemRoutes, context);
  app.register(authRoutes, { ...context, auth });
  app.register(adminRoutes, context);
  for (const resource of resources) app.register(resource.routes, context);
  await app.ready();
  return app;
}
