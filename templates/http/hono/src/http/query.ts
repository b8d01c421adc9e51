import type { Context } from 'hono';
import type { AppEnv } from './types.js';

export type Query = Readonly<Record<string, string | string[]>>;

const NO_PARAMETERS: Query = Object.freeze(Object.create(null) as Record<string, string>);

function decode(text: string): string {
  if (!text.includes('%') && !text.includes('+')) return text;
  const spaced = text.replaceAll('+', ' ');
  try {
    return decodeURIComponent(spaced);
  } catch {
    return spaced;
  }
}

/**
 * The query string of the request as an object without a prototype: one value per
 * parameter, or every value when a parameter is repeated (which the strict query
 * schemas then refuse).
 */
export function queryOf(c: Context<AppEnv>): Query {
  const url = c.env.incoming.url ?? '';
  const start = url.indexOf('?');
  if (start === -1) return NO_PARAMETERS;
  const hash = url.indexOf('#', start);
  const search = url.slice(start + 1, hash === -1 ? undefined : hash);
  if (search === '') return NO_PARAMETERS;
  const query = Object.create(null) as Record<string, string | string[]>;
  for (const pair of search.split('&')) {
    if (pair === '') continue;
    const equals = pair.indexOf('=');
    const name = decode(equals === -1 ? pair : pair.slice(0, equals));
    const value = equals === -1 ? '' : decode(pair.slice(equals + 1));
    const previous = query[name];
    query[name] = previous === undefined ? value : typeof previous === 'string' ? [previous, value] : [...previous, value];
  }
  return query;
}
