import { randomUUID } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import type { Logger } from '../core/logger.js';
import type { AppEnv } from './types.js';

export interface ResponseLogEntry {
  readonly requestId: string;
  readonly method: string;
  /** The route pattern, never the URL (which could carry a secret); null when no route matched. */
  readonly route: string | null;
  readonly status: number;
  readonly durationMs: number;
  readonly userId?: string | undefined;
}

/** 401, 403 and 429 are warnings, 5xx errors. */
export function logResponse(logger: Logger, entry: ResponseLogEntry): void {
  const { status } = entry;
  if (status >= 500) logger.error(entry, 'request failed');
  else if (status === 401 || status === 403 || status === 429) logger.warn(entry, 'request refused');
  else logger.info(entry, 'request completed');
}

/**
 * The outermost middleware: gives the request its id, and writes one JSON line per
 * response with request id, method, route pattern, status, duration and the user id
 * when known.
 */
export function createRequestLogMiddleware(logger: Logger): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = performance.now();
    const requestId = randomUUID();
    c.set('requestId', requestId);
    await next();
    const route = matchedRoutes(c).at(-1);
    logResponse(logger, {
      requestId,
      method: c.env.incoming.method ?? '',
      route: route === undefined || route.method === 'ALL' ? null : route.path,
      status: c.res.status,
      durationMs: Math.round((performance.now() - started) * 100) / 100,
      userId: c.get('principal')?.userId,
    });
  };
}
