import type { Context } from 'hono';
import type { AppEnv } from './types.js';

/**
 * The query string as an object: one value per parameter, or every value when a
 * parameter is repeated (which the strict query schemas then refuse).
 */
export function queryOf(c: Context<AppEnv>): Record<string, string | string[]> {
  const values = c.req.queries();
  const query = Object.create(null) as Record<string, string | string[]>;
  for (const [name, list] of Object.entries(values)) query[name] = list.length === 1 ? (list[0] as string) : list;
  return query;
}
