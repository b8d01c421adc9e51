import { randomUUID } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { isPreflight } from '../core/cors.js';
import { HttpError } from '../core/errors.js';
import { rateLimited } from '../core/rate-limit.js';
import { requestTargetError } from '../core/request-target.js';
import type { Services } from '../services.js';
import type { ClientAddresses } from './client-address.js';
import { appendHeader, headersOf, respond, startHeaders } from './response-headers.js';
import type { AppEnv } from './types.js';

/**
 * Adds one policy to the IETF `RateLimit` and `RateLimit-Policy` headers already on the
 * response (appended values are joined with `, `).
 */
export function addRateLimit(c: Context<AppEnv>, policy: string, value: string): void {
  const headers = headersOf(c);
  appendHeader(headers, 'ratelimit-policy', policy);
  appendHeader(headers, 'ratelimit', value);
}

/** The protocol the request arrived with at the proxy: the last X-Forwarded-Proto entry. */
function forwardedProtocol(header: string): string {
  const last = header.lastIndexOf(',');
  return (last === -1 ? header : header.slice(last + 1)).trim();
}

/**
 * The first middleware of every request, 404s included: security headers and request
 * id, CORS, the per-address rate limit, request targets no route may see
 * (core/request-target.ts), the shutdown answer, the HTTPS requirement, and CORS
 * preflights. Headers are gathered in the request's record (response-headers.ts), which
 * every answer is built from, errors and 404s included. Once the server is shutting down, new
 * requests get 503 and every answer closes its connection.
 */
export function createSecurityHook({ cors, limits, requireHttps, closing }: Services, clients: ClientAddresses): MiddlewareHandler<AppEnv> {
  const limiter = limits.address;
  return async (c, next) => {
    const { incoming } = c.env;
    const requestId = randomUUID();
    c.set('requestId', requestId);
    const answer = startHeaders(c, requestId);

    const { headers } = incoming;
    const origin = cors.enabled ? headers.origin : undefined;
    const allowedOrigin = origin !== undefined && cors.allows(origin) ? origin : undefined;
    if (cors.enabled) answer.vary = 'Origin';
    if (allowedOrigin !== undefined) Object.assign(answer, cors.responseHeaders(allowedOrigin));

    const address = clients.of(incoming);
    c.set('clientAddress', address);
    const decision = await limiter.consume(address);
    addRateLimit(c, limiter.policy, decision.header);
    if (!decision.allowed) throw rateLimited(limiter, decision);
    // Before Hono's URL, which resolves dot segments and %2e: the raw target as sent.
    const targetError = requestTargetError(incoming.url ?? '/');
    if (targetError !== undefined) throw targetError;

    if (closing()) {
      answer.connection = 'close';
      throw new HttpError('service_unavailable', { detail: 'The server is shutting down' });
    }
    const proto = headers['x-forwarded-proto'];
    if (requireHttps && proto !== undefined && (!clients.peerIsProxy(incoming) || forwardedProtocol(String(proto)) === 'http')) {
      throw new HttpError('https_required', { detail: 'This API is only served over HTTPS' });
    }
    if (allowedOrigin !== undefined && isPreflight(incoming.method ?? '', headers)) {
      // Answered here: the operation never runs for a preflight.
      return respond(c, 204, null, undefined, cors.preflightHeaders(allowedOrigin));
    }
    await next();
    // A request already in flight when the shutdown began is answered, on a connection
    // that then closes (rare: Hono's own way, on the answer already made).
    if (closing()) c.header('connection', 'close');
    return undefined;
  };
}
