import type { Request, RequestHandler, Response } from 'express';
import type { Logger } from '../core/logger.js';

/** The route pattern the request matched (`/v1/notes/:id`), or null when none did. */
export function routeOf(req: Request): string | null {
  const route: unknown = req.route;
  if (typeof route !== 'object' || route === null || !('path' in route) || typeof route.path !== 'string') return null;
  return req.baseUrl + route.path;
}

/**
 * One JSON line per response: request id, method, route pattern (never the URL, which
 * could carry a secret), status, duration, and the user id when known. 401, 403 and
 * 429 are warnings, 5xx errors. The first middleware of the app.
 */
export function createRequestLog(logger: Logger): RequestHandler {
  function logResponse(this: Response): void {
    const { req, locals } = this;
    const status = this.statusCode;
    const entry = {
      requestId: locals.requestId,
      method: req.method,
      route: routeOf(req),
      status,
      durationMs: Math.round((performance.now() - locals.startedAt) * 100) / 100,
      userId: locals.principal?.userId,
    };
    if (status >= 500) logger.error(entry, 'request failed');
    else if (status === 401 || status === 403 || status === 429) logger.warn(entry, 'request refused');
    else logger.info(entry, 'request completed');
  }

  return (req, res, next) => {
    res.locals.startedAt = performance.now();
    res.on('finish', logResponse);
    next();
  };
}
