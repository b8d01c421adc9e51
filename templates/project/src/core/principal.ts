/** Who is calling: the owner of everything the request reads or writes. */
export interface Principal {
  readonly userId: string;
}

/** Turns the request's `Authorization` header into a principal, or undefined when it proves nothing. */
export interface Authenticator {
  authenticate(authorization: string | undefined): Promise<Principal | undefined>;
}
