import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { declaredScopes } from '../../src/api.js';
import { ApiKeyService } from '../../src/auth/api-key/service.js';
import { createLogger } from '../../src/core/logger.js';
import { insertUser, promoteToAdmin } from '../../src/core/users.js';
import type { TestServer } from './server.js';

export function authTestEnv(): Record<string, string> {
  return {};
}

export interface TestUser {
  readonly id: string;
  readonly email: string;
  /** A key holding every declared scope. */
  readonly key: string;
  readonly keyId: string;
  /** Headers that authenticate a request as this user. */
  readonly headers: Record<string, string>;
}

export function uniqueEmail(): string {
  return `user-${randomUUID()}@example.com`;
}

const DAY_MS = 86_400_000;

/** The key service over `db`, as `npm run keys` builds it (defaults of API_KEY_*). */
export function keyService(db: TestServer['db']): ApiKeyService {
  return new ApiKeyService({
    db,
    settings: { defaultTtlMs: 90 * DAY_MS, maxTtlMs: 365 * DAY_MS, maxGraceMs: 7 * DAY_MS },
    logger: createLogger('silent'),
    scopes: declaredScopes,
    keysActAsAdmins: true,
  });
}

/**
 * A new user of `server` with a key holding every declared scope, made as `npm run keys --
 * create` makes them. Every auth style's test helpers export `createUser(server)`: the
 * shared security tests use it whatever the style.
 */
export async function createUser(
  server: Pick<TestServer, 'url' | 'db'>,
  options: { email?: string; scopes?: readonly string[] } = {},
): Promise<TestUser> {
  const email = options.email ?? uniqueEmail();
  const id = randomUUID();
  await insertUser(server.db, { id, email, name: 'Test User', now: new Date().toISOString() });
  const created = await keyService(server.db).issue(id, { name: 'test', scopes: options.scopes ?? [...declaredScopes] });
  return { id, email, key: created.key, keyId: created.id, headers: { authorization: `Bearer ${created.key}` } };
}

/** Makes the user an admin, as `npm run admin:promote` does. */
export async function promoteUser(server: Pick<TestServer, 'db'>, user: TestUser): Promise<void> {
  expect(await promoteToAdmin(server.db, user.email)).toBe(user.id);
}
