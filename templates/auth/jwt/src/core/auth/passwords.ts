import { randomBytes } from 'node:crypto';
import { hash, verify, type Algorithm, type Options } from '@node-rs/argon2';

/** Argon2id with the OWASP minimum parameters: 19 MiB, 2 passes, 1 lane. */
const ARGON2ID: Algorithm = 2;

export const PASSWORD_OPTIONS: Options = Object.freeze({
  algorithm: ARGON2ID,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
});

export function hashPassword(password: string): Promise<string> {
  return hash(password, PASSWORD_OPTIONS);
}

let dummyHash: Promise<string> | undefined;

function throwAwayHash(): Promise<string> {
  dummyHash ??= hashPassword(randomBytes(32).toString('base64url'));
  return dummyHash;
}

/**
 * Checks a password against a stored hash. Without a hash (unknown email) the same
 * Argon2id work is done against a throw-away hash, so timing does not reveal whether
 * an account exists.
 */
export async function verifyPassword(storedHash: string | undefined, password: string): Promise<boolean> {
  if (storedHash === undefined) {
    await verify(await throwAwayHash(), password);
    return false;
  }
  return verify(storedHash, password);
}

/** Computes the throw-away hash ahead of the first login for an unknown email. */
export function warmUpPasswordHashing(): void {
  void throwAwayHash();
}
