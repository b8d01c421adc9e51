import type { Awaitable } from './awaitable.js';

export type Role = 'user' | 'admin';

/** Request headers as Node gives them: lower-case names. */
export type RequestHeaders = Readonly<Record<string, string | readonly string[] | undefined>>;

/** Who is calling: the owner of everything the request reads or writes. */
export interface Principal {
  readonly userId: string;
  /** The security scheme that proved it (an auth module's scheme name). */
  readonly scheme: string;
  /** The scopes it holds: `all` for a user's own session, else the listed ones (write implies read). */
  readonly scopes: ReadonlySet<string> | 'all';
  /** The user's role, read with the credential on this request: a demotion applies at once. */
  readonly role: Role;
  /**
   * The credential's own public id when a user can hold several that act apart (an API
   * key's id): the per-principal rate limit counts it instead of the user, and the
   * request log names it.
   */
  readonly credentialId?: string;
}

/**
 * One auth module's way of proving who calls, from the request's headers only (never the
 * URL or the body). Undefined when the headers prove nothing to it, and also when the
 * credential is valid but its user was deleted or disabled or the credential revoked:
 * every authenticator resolves a live user, so every route gives the same 401.
 */
export interface Authenticator {
  /** The OpenAPI security scheme it implements, e.g. `bearerAuth`. */
  readonly scheme: string;
  /** Its `WWW-Authenticate` challenge, e.g. `Bearer realm="api"`. */
  readonly challenge: string;
  authenticate(headers: RequestHeaders): Awaitable<Principal | undefined>;
}

/** The bearer credential of an `Authorization` header, or undefined. */
export function bearerCredential(headers: RequestHeaders): string | undefined {
  const authorization = headers.authorization;
  if (typeof authorization !== 'string' || authorization.length <= 7) return undefined;
  if (!authorization.startsWith('Bearer ') && authorization.slice(0, 7).toLowerCase() !== 'bearer ') return undefined;
  return authorization.slice(7).trim();
}
