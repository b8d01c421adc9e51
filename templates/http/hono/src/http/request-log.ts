import type { MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import { createResponseLog, type Logger } from '../core/logger.js';
import type { AppEnv } from './types.js';

/**
 * The outermost middleware, so that it times the whole request: one JSON line per
 * response with request id, method, route pattern (never the URL, which could carry a
 * secret), status, duration, and the user id when known. 401, 403 and 429 are
 * warnings, 5xx errors.
 */
export function createRequestLogHook(logger: Logger): MiddlewareHandler<AppEnv> {
  const logResponse = createResponseLog(logger);
  return async (c, next) => {
    const started = performance.now();
    await next();
    const route = matchedRoutes(c).at(-1);
    logResponse({
      requestId: c.get('requestId'),
      method: c.env.incoming.method ?? '',
      route: route === undefined || route.method === 'ALL' ? null : route.path,
      status: c.res.status,
      durationMs: Math.round((performance.now() - started) * 100) / 100,
      userId: c.get('principal')?.userId,
      credentialId: c.get('principal')?.credentialId,
    });
  };
}
