import type { Context } from 'hono';
import type { AppEnv } from './types.js';

/**
 * The headers every answer carries, set on Node's response (`c.env.outgoing`) instead of
 * through Hono's `c.header`: a fast path, kept for what it buys. `c.header` fills a WHATWG
 * `Headers` object (each name and value checked and copied), which @hono/node-server turns
 * back into Node headers for every answer; Node's `setHeader` takes them as they are. Node
 * sends them with every answer, errors and 404s included; a header the answer itself sets
 * (through `c.header` or `c.body`) wins over one of the same name set here.
 */
export function setResponseHeaders(c: Context<AppEnv>, headers: Readonly<Record<string, string>>): void {
  const { outgoing } = c.env;
  for (const name in headers) outgoing.setHeader(name, headers[name] as string);
}

/** Adds one policy to the IETF `RateLimit` and `RateLimit-Policy` headers already on the response. */
export function addRateLimit(c: Context<AppEnv>, policy: string, value: string): void {
  const { outgoing } = c.env;
  const policies = outgoing.getHeader('ratelimit-policy');
  const current = outgoing.getHeader('ratelimit');
  outgoing.setHeader('ratelimit-policy', typeof policies === 'string' ? `${policies}, ${policy}` : policy);
  outgoing.setHeader('ratelimit', typeof current === 'string' ? `${current}, ${value}` : value);
}
