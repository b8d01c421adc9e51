import type { Request, RequestHandler, Response } from 'express';
import { rateLimited, type RateLimiter } from '../core/rate-limit.js';

/** The client's address: the socket's peer, or what a trusted proxy reports (TRUST_PROXY). */
export function clientAddress(req: Request): string {
  return req.ip ?? 'unknown';
}

/**
 * Counts the request against `limiter` under `key`, adds the policy to the IETF
 * RateLimit headers already on the response, and throws the 429 when over the limit.
 */
export async function enforceRateLimit(res: Response, limiter: RateLimiter, key: string): Promise<void> {
  const decision = await limiter.consume(key);
  if (!decision.allowed) throw rateLimited(limiter, decision);
  const policy = res.getHeader('ratelimit-policy');
  const current = res.getHeader('ratelimit');
  res.setHeader('ratelimit-policy', typeof policy === 'string' ? `${policy}, ${limiter.policy}` : limiter.policy);
  res.setHeader('ratelimit', typeof current === 'string' ? `${current}, ${decision.header}` : decision.header);
}

/** Per-address limit, as route middleware. */
export function rateLimitByAddress(limiter: RateLimiter): RequestHandler {
  return async (req, res, next) => {
    await enforceRateLimit(res, limiter, clientAddress(req));
    next();
  };
}
