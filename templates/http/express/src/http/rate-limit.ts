import type { Request, RequestHandler, Response } from 'express';
import { whenSettled } from '../core/awaitable.js';
import { rateLimited, type RateLimitDecision, type RateLimiter } from '../core/rate-limit.js';

/** The client's address: the socket's peer, or what a trusted proxy reports (TRUST_PROXY). */
export function clientAddress(req: Request): string {
  return req.ip ?? 'unknown';
}

/**
 * Adds a counted request's policy to the IETF RateLimit headers already on the
 * response; returns the 429 to raise when the limit is exceeded.
 */
export function applyRateLimit(res: Response, limiter: RateLimiter, decision: RateLimitDecision): Error | undefined {
  if (!decision.allowed) return rateLimited(limiter, decision);
  const policy = res.getHeader('ratelimit-policy');
  const current = res.getHeader('ratelimit');
  res.setHeader('ratelimit-policy', typeof policy === 'string' ? `${policy}, ${limiter.policy}` : limiter.policy);
  res.setHeader('ratelimit', typeof current === 'string' ? `${current}, ${decision.header}` : decision.header);
  return undefined;
}

/**
 * Per-address limit, as route middleware. Middleware here is synchronous where it can
 * be, so an in-memory count answers within the same tick instead of a promise per request.
 */
export function rateLimitByAddress(limiter: RateLimiter): RequestHandler {
  return (req, res, next) => {
    whenSettled(limiter.consume(clientAddress(req)), (decision) => next(applyRateLimit(res, limiter, decision)), next);
  };
}
