type Headers = Readonly<Record<string, string>>;

export interface CorsOptions {
  /** Exact origins, or "*" for any origin (echoed back, never sent as "*"). */
  readonly origins: readonly string[] | '*';
  /** Methods the API serves. */
  readonly methods: readonly string[];
  /** Request headers the API reads. */
  readonly allowHeaders: readonly string[];
  /** Response headers a browser script may read. */
  readonly exposeHeaders: readonly string[];
  readonly maxAgeSeconds: number;
}

/**
 * CORS decisions. An origin is allowed only when listed exactly; the answer names that
 * origin (never "*") and varies on Origin. Credentials are never allowed: the API
 * authenticates with headers, not cookies.
 */
export class CorsPolicy {
  /** False when no origin is allowed: no CORS header is ever sent. */
  readonly enabled: boolean;
  private readonly origins: ReadonlySet<string> | '*';
  private readonly expose: string;
  private readonly preflight: Headers;
  /** The response headers of each listed origin, made once (an open policy builds them per request). */
  private readonly responses = new Map<string, Headers>();

  constructor(options: CorsOptions) {
    this.origins = options.origins === '*' ? '*' : new Set(options.origins);
    this.enabled = options.origins === '*' || options.origins.length > 0;
    this.expose = options.exposeHeaders.join(', ');
    this.preflight = Object.freeze({
      'access-control-allow-methods': options.methods.join(', '),
      'access-control-allow-headers': options.allowHeaders.join(', '),
      'access-control-max-age': String(options.maxAgeSeconds),
    });
  }

  allows(origin: string): boolean {
    return this.origins === '*' || this.origins.has(origin);
  }

  /** Headers for an ordinary request from an allowed origin. */
  responseHeaders(origin: string): Headers {
    const known = this.responses.get(origin);
    if (known !== undefined) return known;
    const headers = Object.freeze({ 'access-control-allow-origin': origin, 'access-control-expose-headers': this.expose });
    if (this.origins !== '*' && this.origins.has(origin)) this.responses.set(origin, headers);
    return headers;
  }

  /** Headers for a preflight from an allowed origin. */
  preflightHeaders(origin: string): Headers {
    return { 'access-control-allow-origin': origin, ...this.preflight };
  }
}

export function isPreflight(method: string, headers: Readonly<Record<string, unknown>>): boolean {
  return method === 'OPTIONS' && headers.origin !== undefined && headers['access-control-request-method'] !== undefined;
}
