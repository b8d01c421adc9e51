import type { Context, MiddlewareHandler } from 'hono';
import { rateLimited, type RateLimiter } from '../core/rate-limit.js';
import type { ClientAddresses } from './client-address.js';
import type { AppEnv } from './types.js';

/**
 * Counts the request against `limiter` under `key`, adds the policy to the IETF
 * RateLimit headers already on the response, and throws the 429 when over the limit.
 */
export async function enforceRateLimit(c: Context<AppEnv>, limiter: RateLimiter, key: string): Promise<void> {
  const decision = await limiter.consume(key);
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
    await enforceRateLimit(c, limiter, clients.of(c.env.incoming));
    await next();
  };
}
