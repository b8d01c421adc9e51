import type { Request, RequestHandler, Response } from 'express';
import { createResponseLog, type Logger } from '../core/logger.js';

/** The route pattern the request matched (`/v1/notes/:id`), or null when none did. */
function routeOf(req: Request): string | null {
  const route: unknown = req.route;
  if (typeof route !== 'object' || route === null || !('path' in route) || typeof route.path !== 'string') return null;
  return req.baseUrl + route.path;
}

/**
 * One JSON line per response: request id, method, route pattern (never the URL, which
 * could carry a secret), status, duration, and the user id when known. 401, 403 and
 * 429 are warnings, 5xx errors. The first middleware of the app, so that every answer
 * is logged, the security hook's refusals included.
 */
export function createRequestLogHook(logger: Logger): RequestHandler {
  const logResponse = createResponseLog(logger);
  function logFinished(this: Response): void {
    const { req, locals } = this;
    logResponse({
      requestId: locals.requestId,
      method: req.method,
      route: routeOf(req),
      status: this.statusCode,
      durationMs: Math.round((performance.now() - locals.startedAt) * 100) / 100,
      userId: locals.principal?.userId,
      credentialId: locals.principal?.credentialId,
    });
  }

  return (_req, res, next) => {
    res.locals.startedAt = performance.now();
    res.on('finish', logFinished);
    next();
  };
}
