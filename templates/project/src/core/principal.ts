import type { Awaitable } from './awaitable.js';

/** Who is calling: the owner of everything the request reads or writes. */
export interface Principal {
  readonly userId: string;
}

/**
 * Turns the request's `Authorization` header into a principal, or undefined when it
 * proves nothing. A self-contained token is checked at once; a credential that must be
 * looked up is answered asynchronously.
 */
export interface Authenticator {
  authenticate(authorization: string | undefined): Awaitable<Principal | undefined>;
}
