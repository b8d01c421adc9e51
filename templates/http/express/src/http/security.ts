import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { whenSettled } from '../core/awaitable.js';
import { isPreflight, type CorsPolicy } from '../core/cors.js';
import { HttpError } from '../core/errors.js';
import { rateLimited, type RateLimitDecision, type RateLimiter } from '../core/rate-limit.js';
import { REQUEST_ID_HEADER, SECURITY_HEADERS } from '../core/security-headers.js';
import { clientAddress } from './rate-limit.js';

export interface SecurityHookOptions {
  readonly cors: CorsPolicy;
  /** The per-address limit of every route. */
  readonly limiter: RateLimiter;
  /** Production behind a trusted proxy: refuse requests the proxy received over plain HTTP. */
  readonly requireHttps: boolean;
  readonly isClosing: () => boolean;
}

const CONSTANT_HEADERS = Object.entries(SECURITY_HEADERS);

function setHeaders(res: Response, headers: Readonly<Record<string, string>>): void {
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
}

/**
 * The first middleware of every request, 404s and errors included: security headers
 * and request id, CORS, the per-address rate limit, the HTTPS requirement, and CORS
 * preflights. Synchronous while the rate-limit store answers at once.
 */
export function createSecurityHook({ cors, limiter, requireHttps, isClosing }: SecurityHookOptions): RequestHandler {
  function admit(req: Request, res: Response, allowedOrigin: string | undefined, decision: RateLimitDecision, next: NextFunction): void {
    res.setHeader('ratelimit-policy', limiter.policy);
    res.setHeader('ratelimit', decision.header);
    if (!decision.allowed) return next(rateLimited(limiter, decision));

    if (isClosing()) {
      res.setHeader('connection', 'close');
      return next(new HttpError('service_unavailable', { detail: 'The server is shutting down' }));
    }
    if (requireHttps && req.protocol === 'http' && req.headers['x-forwarded-proto'] !== undefined) {
      return next(new HttpError('https_required', { detail: 'This API is only served over HTTPS' }));
    }
    if (allowedOrigin !== undefined && isPreflight(req.method, req.headers)) {
      setHeaders(res, cors.preflightHeaders(allowedOrigin));
      res.statusCode = 204;
      res.end();
      return;
    }
    next();
  }

  return (req, res, next) => {
    for (const [name, value] of CONSTANT_HEADERS) res.setHeader(name, value);
    const requestId = randomUUID();
    res.locals.requestId = requestId;
    res.setHeader(REQUEST_ID_HEADER, requestId);

    const origin = cors.enabled ? req.headers.origin : undefined;
    const allowedOrigin = origin !== undefined && cors.allows(origin) ? origin : undefined;
    if (cors.enabled) res.setHeader('vary', 'Origin');
    if (allowedOrigin !== undefined) setHeaders(res, cors.responseHeaders(allowedOrigin));

    whenSettled(limiter.consume(clientAddress(req)), (decision) => admit(req, res, allowedOrigin, decision, next), next);
  };
}
