import { randomUUID } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import { createResponseLog, type Logger } from '../core/logger.js';
import type { AppEnv } from './types.js';

/**
 * The outermost middleware: gives the request its id, and writes one JSON line per
 * response with request id, method, route pattern, status, duration and the user id
 * when known.
 */
export function createRequestLogMiddleware(logger: Logger): MiddlewareHandler<AppEnv> {
  const logResponse = createResponseLog(logger);
  return async (c, next) => {
    const started = performance.now();
    const requestId = randomUUID();
    c.set('requestId', requestId);
    await next();
    const route = matchedRoutes(c).at(-1);
    logResponse({
      requestId,
      method: c.env.incoming.method ?? '',
      route: route === undefined || route.method === 'ALL' ? null : route.path,
      status: c.res.status,
      durationMs: Math.round((performance.now() - started) * 100) / 100,
      userId: c.get('principal')?.userId,
    });
  };
}
