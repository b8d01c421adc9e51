import http from 'node:http';

/** Parsed JSON: any path can be read, and leaves are checked with expect(). */
export interface Json {
  readonly [key: string]: Json;
}

export function asArray(value: Json | undefined): Json[] {
  return Array.isArray(value) ? value : [];
}

export interface Response {
  readonly status: number;
  readonly headers: Headers;
  /** Parsed JSON for JSON responses; an empty object otherwise (see `text`). */
  readonly body: Json;
  readonly text: string;
}

export interface RequestOptions {
  readonly headers?: Record<string, string>;
  /** Sent as JSON unless `raw` is given. */
  readonly json?: unknown;
  /** Sent as is, with the given headers. */
  readonly raw?: string;
}

/** A request with fetch; JSON in, JSON out. */
export async function request(baseUrl: string, method: string, path: string, options: RequestOptions = {}): Promise<Response> {
  const headers: Record<string, string> = { ...options.headers };
  let payload: string | undefined = options.raw;
  if (options.json !== undefined) {
    payload = JSON.stringify(options.json);
    headers['content-type'] ??= 'application/json';
  }
  const response = await fetch(baseUrl + path, { method, headers, body: payload });
  const text = await response.text();
  const type = response.headers.get('content-type') ?? '';
  const body = (type.includes('json') && text !== '' ? JSON.parse(text) : {}) as Json;
  return { status: response.status, headers: response.headers, text, body };
}

export interface RawResponse {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly text: string;
}

/**
 * A request with node:http, for what fetch refuses to send (TRACE, odd headers) or would
 * rewrite: the path goes out exactly as written, dot segments and escapes included.
 */
export function rawRequest(
  baseUrl: string,
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: string,
): Promise<RawResponse> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = http.request({ hostname, port, path, method, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        text += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}
