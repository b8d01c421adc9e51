import type { MiddlewareHandler } from 'hono';
import { isPreflight, type CorsPolicy } from '../core/cors.js';
import { HttpError } from '../core/errors.js';
import { rateLimited, type RateLimiter } from '../core/rate-limit.js';
import { REQUEST_ID_HEADER, SECURITY_HEADERS } from '../core/security-headers.js';
import type { ClientAddresses } from './client-address.js';
import type { AppEnv } from './types.js';

export interface SecurityMiddlewareOptions {
  readonly cors: CorsPolicy;
  /** The per-address limit of every route. */
  readonly limiter: RateLimiter;
  readonly clients: ClientAddresses;
  /** Production behind a trusted proxy: refuse requests the proxy received over plain HTTP. */
  readonly requireHttps: boolean;
  readonly isClosing: () => boolean;
}

const SECURITY_HEADER_ENTRIES = Object.entries(SECURITY_HEADERS);

/** The protocol the request arrived with at the proxy: the last X-Forwarded-Proto entry. */
function forwardedProtocol(header: string): string {
  const last = header.lastIndexOf(',');
  return (last === -1 ? header : header.slice(last + 1)).trim();
}

/** A path whose percent-encoding does not decode (a stray `%`, invalid UTF-8) names no resource. */
function isMalformedPath(url: string): boolean {
  const queryStart = url.indexOf('?');
  const path = queryStart === -1 ? url : url.slice(0, queryStart);
  if (!path.includes('%')) return false;
  try {
    decodeURIComponent(path);
    return false;
  } catch {
    return true;
  }
}

/**
 * Runs first on every request, 404s included: security headers and request id, CORS,
 * the per-address rate limit, the HTTPS requirement, malformed URLs, and CORS
 * preflights. Headers go straight onto Node's response, so every answer carries them,
 * errors included. Once the server is shutting down, new requests get 503 and every
 * answer closes its connection.
 */
export function createSecurityMiddleware({ cors, limiter, clients, requireHttps, isClosing }: SecurityMiddlewareOptions): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const { incoming, outgoing } = c.env;
    for (const [name, value] of SECURITY_HEADER_ENTRIES) outgoing.setHeader(name, value);
    outgoing.setHeader(REQUEST_ID_HEADER, c.get('requestId'));

    const { headers } = incoming;
    const origin = cors.enabled ? headers.origin : undefined;
    const allowedOrigin = origin !== undefined && cors.allows(origin) ? origin : undefined;
    if (cors.enabled) outgoing.setHeader('vary', 'Origin');
    if (allowedOrigin !== undefined) {
      const corsHeaders = cors.responseHeaders(allowedOrigin);
      for (const name in corsHeaders) outgoing.setHeader(name, corsHeaders[name] as string);
    }

    // An in-memory count is decided at once: only a shared store is waited for.
    const counted = limiter.consume(clients.of(incoming));
    const decision = counted instanceof Promise ? await counted : counted;
    outgoing.setHeader('ratelimit-policy', limiter.policy);
    outgoing.setHeader('ratelimit', decision.header);
    if (!decision.allowed) throw rateLimited(limiter, decision);

    if (isClosing()) {
      outgoing.setHeader('connection', 'close');
      throw new HttpError('service_unavailable', { detail: 'The server is shutting down' });
    }
    const proto = headers['x-forwarded-proto'];
    if (requireHttps && proto !== undefined && (!clients.peerIsProxy(incoming) || forwardedProtocol(String(proto)) === 'http')) {
      throw new HttpError('https_required', { detail: 'This API is only served over HTTPS' });
    }
    const url = incoming.url ?? '/';
    if (url.includes('%') && isMalformedPath(url)) throw new HttpError('bad_request', { detail: 'Malformed URL' });
    if (allowedOrigin !== undefined && isPreflight(incoming.method ?? '', headers)) {
      for (const [name, value] of Object.entries(cors.preflightHeaders(allowedOrigin))) outgoing.setHeader(name, value);
      return c.body(null, 204);
    }
    await next();
    if (isClosing()) outgoing.setHeader('connection', 'close');
    return undefined;
  };
}
