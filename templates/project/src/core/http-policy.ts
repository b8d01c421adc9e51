import type { BaseConfig } from './config.js';
import { CorsPolicy } from './cors.js';

/** Response headers a browser script may read. */
const EXPOSE_HEADERS = ['X-Request-Id', 'RateLimit', 'RateLimit-Policy', 'Retry-After'];

/** SEC-H2: exact origins from CORS_ORIGINS; preflights allow only the methods the API serves and the headers of CORS_ALLOWED_HEADERS. */
export function corsPolicy(config: BaseConfig, servedMethods: readonly string[]): CorsPolicy {
  return new CorsPolicy({
    origins: config.corsOrigins,
    methods: servedMethods,
    allowHeaders: config.corsAllowedHeaders,
    exposeHeaders: EXPOSE_HEADERS,
    maxAgeSeconds: 600,
  });
}

/**
 * SEC-H3: in production behind a trusted proxy (and not terminating TLS itself), a request
 * the proxy received over plain HTTP is refused.
 */
export function requiresHttps(config: BaseConfig): boolean {
  return config.production && config.trustProxy !== false && config.server.tls === undefined;
}

/**
 * The longest query string accepted (characters after `?`); longer ones get 414. The
 * largest query the API reads (a cursor and a limit) is under 300 characters.
 */
export const MAX_QUERY_LENGTH = 2_048;

/** The most `&`-separated query parameters accepted; more get 400 before any parsing. */
export const MAX_QUERY_PARAMETERS = 32;
