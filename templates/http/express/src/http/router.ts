import type { RequestHandler, RouterOptions } from 'express';

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
