import type { JWTPayload } from 'jose';

const SCOPE = /^[\x21\x23-\x5b\x5d-\x7e]{1,200}$/;

/**
 * The scopes a token holds, read from the claims named by OIDC_SCOPE_CLAIMS: a
 * space-separated string (`scope`) or an array of strings (`scp`, `permissions`).
 * `<resource>:write` implies `<resource>:read`; scopes this API does not know are kept
 * and simply match no route.
 */
export function tokenScopes(payload: JWTPayload, claims: readonly string[]): ReadonlySet<string> {
  const scopes = new Set<string>();
  for (const claim of claims) {
    const value = payload[claim];
    const items = typeof value === 'string' ? value.split(' ') : Array.isArray(value) ? value : [];
    for (const item of items) {
      if (typeof item !== 'string' || !SCOPE.test(item)) continue;
      scopes.add(item);
      if (item.endsWith(':write')) scopes.add(`${item.slice(0, -':write'.length)}:read`);
    }
  }
  return scopes;
}
