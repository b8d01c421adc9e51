import type { NextFunction, RequestHandler, RouterOptions } from 'express';

/**
 * Options of every router: paths match exactly as documented in /openapi.json, so
 * `/V1/Notes` and `/v1/notes/` are other paths (404), not aliases.
 */
export const routerOptions: RouterOptions = { caseSensitive: true, strict: true };

/**
 * Runs `routes` only for paths at or below `prefix`, so a request never walks the
 * route tables of the other parts of the API. The path is left as it is: routes keep
 * their full paths and strict matching (Express's own `app.use(prefix, …)` would strip
 * the prefix and make `/v1/notes` and `/v1/notes/` the same path).
 */
export function under(prefix: string, routes: RequestHandler): RequestHandler {
  const nested = `${prefix}/`;
  return (req, res, next) => {
    const { path } = req;
    if (path === prefix || path.startsWith(nested)) routes(req, res, next);
    else next();
  };
}

/** Runs `routes` only for these exact paths. */
export function at(paths: readonly string[], routes: RequestHandler): RequestHandler {
  const served = new Set(paths);
  return (req, res, next) => {
    if (served.has(req.path)) routes(req, res, next);
    else next();
  };
}

/**
 * Synchronous middleware that every request passes, chained as one layer of the app:
 * each one calls the next directly, and the first error goes on to the error handler.
 * Express would otherwise walk its layer stack once per middleware on every request.
 */
export function inSequence(...handlers: readonly RequestHandler[]): RequestHandler {
  return (req, res, next) => {
    let index = 0;
    const step: NextFunction = (error?: unknown) => {
      if (error !== undefined && error !== null) {
        next(error);
        return;
      }
      const handler = handlers[index++];
      if (handler === undefined) next();
      else void handler(req, res, step);
    };
    step();
  };
}
