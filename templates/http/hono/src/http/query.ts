import type { Context } from 'hono';
import { parseQueryString, type Query } from '../core/query-string.js';
import type { AppEnv } from './types.js';

export type { Query };

/** The query string of the request, parsed by core/query-string.ts (the part before any `#`). */
export function queryOf(c: Context<AppEnv>): Query {
  const url = c.env.incoming.url ?? '';
  const start = url.indexOf('?');
  if (start === -1) return parseQueryString(undefined);
  const hash = url.indexOf('#', start);
  return parseQueryString(url.slice(start + 1, hash === -1 ? undefined : hash));
}
