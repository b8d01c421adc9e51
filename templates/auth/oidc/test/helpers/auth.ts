import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { operations } from '../../src/api.js';
import { promoteToAdmin } from '../../src/core/users.js';
import { request } from './http.js';
import { startIssuer } from './issuer.js';
import type { TestServer } from './server.js';

/** The provider every test server of this file trusts unless a test starts its own. */
export const testIssuer = await startIssuer();

export function authTestEnv(): Record<string, string> {
  return { OIDC_ISSUER: testIssuer.issuer, OIDC_AUDIENCE: testIssuer.audience };
}

/** Every scope a route of this API asks for. */
export const ALL_SCOPES = [
  ...new Set(
    operations.flatMap((operation) =>
      operation.access.kind === 'protected' && operation.access.scope !== undefined ? [operation.access.scope] : [],
    ),
  ),
].join(' ');

export interface TestUser {
  readonly id: string;
  readonly email: string;
  readonly subject: string;
  readonly accessToken: string;
  /** Headers that authenticate a request as this user. */
  readonly headers: Record<string, string>;
}

export function uniqueEmail(): string {
  return `user-${randomUUID()}@example.com`;
}

/**
 * A new subject of the test provider holding every scope of this API; its first request
 * creates its local user. Every auth style's test helpers export `createUser(server)`.
 */
export async function createUser(
  server: Pick<TestServer, 'url'>,
  options: { email?: string; subject?: string; scope?: string } = {},
): Promise<TestUser> {
  const subject = options.subject ?? `subject-${randomUUID()}`;
  const email = options.email ?? uniqueEmail();
  const accessToken = await testIssuer.token(subject, options.scope ?? ALL_SCOPES, { claims: { email } });
  const headers = { authorization: `Bearer ${accessToken}` };
  const me = await request(server.url, 'GET', '/auth/me', { headers });
  expect(me.status).toBe(200);
  return { id: String(me.body.id), email, subject, accessToken, headers };
}

/** Makes the user an admin, as `npm run admin:promote -- <user id>` does. */
export async function promoteUser(server: Pick<TestServer, 'db'>, user: TestUser): Promise<void> {
  expect(await promoteToAdmin(server.db, user.id)).toBe(user.id);
}
