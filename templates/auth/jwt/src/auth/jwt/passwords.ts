import { randomBytes } from 'node:crypto';
import type { Algorithm, Options } from '@node-rs/argon2';

/** Argon2id with the OWASP minimum parameters: 19 MiB, 2 passes, 1 lane. */
const ARGON2ID: Algorithm = 2;

export const PASSWORD_OPTIONS: Options = Object.freeze({
  algorithm: ARGON2ID,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
});

/** The native Argon2 binding, loaded on first use: tools that only migrate never load it. */
const argon2 = () => import('@node-rs/argon2');

export async function hashPassword(password: string): Promise<string> {
  return (await argon2()).hash(password, PASSWORD_OPTIONS);
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
    await (await argon2()).verify(await throwAwayHash(), password);
    return false;
  }
  return (await argon2()).verify(storedHash, password);
}

/** Computes the throw-away hash ahead of the first login for an unknown email. */
export function warmUpPasswordHashing(): void {
  void throwAwayHash();
}
