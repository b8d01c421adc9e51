import { randomUUID } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import { isPreflight } from '../core/cors.js';
import { HttpError } from '../core/errors.js';
import { rateLimited } from '../core/rate-limit.js';
import { requestTargetError } from '../core/request-target.js';
import { REQUEST_ID_HEADER, SECURITY_HEADERS } from '../core/security-headers.js';
import type { Services } from '../services.js';

const CONSTANT_HEADERS = Object.entries(SECURITY_HEADERS);

function setHeaders(res: Response, headers: Readonly<Record<string, string>>): void {
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
}

/** The client's address: the socket's peer, or what a trusted proxy reports (TRUST_PROXY). */
export function clientAddress(req: Request): string {
  return req.ip ?? 'unknown';
}

/** Adds one policy to the IETF `RateLimit` and `RateLimit-Policy` headers already on the response. */
export function addRateLimit(res: Response, policy: string, value: string): void {
  const policies = res.getHeader('ratelimit-policy');
  const current = res.getHeader('ratelimit');
  res.setHeader('ratelimit-policy', typeof policies === 'string' ? `${policies}, ${policy}` : policy);
  res.setHeader('ratelimit', typeof current === 'string' ? `${current}, ${value}` : value);
}

/**
 * The first middleware of every request, 404s and errors included (only the request
 * log runs before it): security headers and request id, CORS, the per-address rate
 * limit, request targets no route may see (core/request-target.ts), the shutdown answer, the HTTPS requirement, and CORS preflights.
 */
export function createSecurityHook({ cors, limits, requireHttps, closing }: Services): RequestHandler {
  const limiter = limits.address;
  return async (req, res, next) => {
    for (const [name, value] of CONSTANT_HEADERS) res.setHeader(name, value);
    const requestId = randomUUID();
    res.locals.requestId = requestId;
    res.setHeader(REQUEST_ID_HEADER, requestId);

    const origin = cors.enabled ? req.headers.origin : undefined;
    const allowedOrigin = origin !== undefined && cors.allows(origin) ? origin : undefined;
    if (cors.enabled) res.setHeader('vary', 'Origin');
    if (allowedOrigin !== undefined) setHeaders(res, cors.responseHeaders(allowedOrigin));

    const decision = await limiter.consume(clientAddress(req));
    addRateLimit(res, limiter.policy, decision.header);
    if (!decision.allowed) throw rateLimited(limiter, decision);
    const targetError = requestTargetError(req.url);
    if (targetError !== undefined) throw targetError;

    if (closing()) {
      res.setHeader('connection', 'close');
      throw new HttpError('service_unavailable', { detail: 'The server is shutting down' });
    }
    if (requireHttps && req.protocol === 'http' && req.headers['x-forwarded-proto'] !== undefined) {
      throw new HttpError('https_required', { detail: 'This API is only served over HTTPS' });
    }
    if (allowedOrigin !== undefined && isPreflight(req.method, req.headers)) {
      // Answered here: the operation never runs for a preflight.
      setHeaders(res, cors.preflightHeaders(allowedOrigin));
      res.statusCode = 204;
      res.end();
      return;
    }
    next();
  };
}
