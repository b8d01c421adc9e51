import type { Context, MiddlewareHandler } from 'hono';
import { rateLimited, type RateLimitDecision, type RateLimiter } from '../core/rate-limit.js';
import type { ClientAddresses } from './client-address.js';
import type { AppEnv } from './types.js';

/**
 * Adds a counted request's policy to the IETF RateLimit headers already on the
 * response, and throws the 429 when the limit is exceeded.
 */
export function applyRateLimit(c: Context<AppEnv>, limiter: RateLimiter, decision: RateLimitDecision): void {
  if (!decision.allowed) throw rateLimited(limiter, decision);
  const { outgoing } = c.env;
  const policy = outgoing.getHeader('ratelimit-policy');
  const current = outgoing.getHeader('ratelimit');
  outgoing.setHeader('ratelimit-policy', typeof policy === 'string' ? `${policy}, ${limiter.policy}` : limiter.policy);
  outgoing.setHeader('ratelimit', typeof current === 'string' ? `${current}, ${decision.header}` : decision.header);
}

/** Per-address limit, as route middleware. */
export function rateLimitByAddress(limiter: RateLimiter, clients: ClientAddresses): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    // An in-memory count is decided at once: only a shared store is waited for.
    const counted = limiter.consume(clients.of(c.env.incoming));
    applyRateLimit(c, limiter, counted instanceof Promise ? await counted : counted);
    await next();
  };
}
