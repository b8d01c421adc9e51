/**
 * Scopes are `<resource>:read` and `<resource>:write`; write implies read. A key holds the
 * scopes it was created with, and only scopes some operation needs can be granted.
 */

/** The scopes a key's granted list gives on a request: each one, and read for each write. */
export function effectiveScopes(granted: readonly string[]): ReadonlySet<string> {
  const scopes = new Set<string>();
  for (const scope of granted) {
    scopes.add(scope);
    if (scope.endsWith(':write')) scopes.add(`${scope.slice(0, -':write'.length)}:read`);
  }
  return scopes;
}

/** The granted scopes that no declared operation needs. */
export function unknownScopes(granted: readonly string[], known: ReadonlySet<string>): string[] {
  return granted.filter((scope) => !known.has(scope));
}

/** Stored as one space-separated string, sorted. */
export function encodeScopes(granted: readonly string[]): string {
  return [...new Set(granted)].sort().join(' ');
}

export function decodeScopes(stored: string): string[] {
  return stored === '' ? [] : stored.split(' ');
}
