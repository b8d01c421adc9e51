import type { Context, MiddlewareHandler } from 'hono';
import { HttpError } from '../core/errors.js';
import type { Authenticator, Principal } from '../core/principal.js';
import type { RateLimiter } from '../core/rate-limit.js';
import { applyRateLimit } from './rate-limit.js';
import type { AppEnv } from './types.js';

const CHALLENGE = { 'www-authenticate': 'Bearer realm="api"' };

/**
 * Middleware of protected routes: credentials come from the Authorization header only
 * (never the URL); then the per-user rate limit applies.
 */
export function createAuthenticateMiddleware(authenticator: Authenticator, limiter: RateLimiter): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    // A token is checked and an in-memory count decided at once: only lookups are waited for.
    const found = authenticator.authenticate(c.env.incoming.headers.authorization);
    const principal = found instanceof Promise ? await found : found;
    if (principal === undefined) throw new HttpError('unauthorized', { headers: CHALLENGE });
    c.set('principal', principal);
    const counted = limiter.consume(principal.userId);
    applyRateLimit(c, limiter, counted instanceof Promise ? await counted : counted);
    await next();
  };
}

/** The caller of a route behind the authenticate middleware. */
export function principalOf(c: Context<AppEnv>): Principal {
  const principal = c.get('principal');
  if (principal === undefined) throw new HttpError('unauthorized', { headers: CHALLENGE });
  return principal;
}
