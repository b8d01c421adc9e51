import { randomBytes, randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { promoteToAdmin } from '../../src/core/users.js';
import { request } from './http.js';
import type { TestServer } from './server.js';

export const TEST_SECRETS = {
  access: randomBytes(48).toString('base64url'),
  refresh: randomBytes(48).toString('base64url'),
};

export const TEST_ISSUER = 'test-issuer';
export const TEST_AUDIENCE = 'test-audience';

export function authTestEnv(): Record<string, string> {
  return {
    JWT_SECRET: TEST_SECRETS.access,
    JWT_REFRESH_SECRET: TEST_SECRETS.refresh,
    JWT_ISSUER: TEST_ISSUER,
    JWT_AUDIENCE: TEST_AUDIENCE,
  };
}

export const TEST_PASSWORD = 'correct horse battery staple';

export interface TestUser {
  readonly id: string;
  readonly email: string;
  readonly password: string;
  readonly accessToken: string;
  readonly refreshToken: string;
  /** Headers that authenticate a request as this user. */
  readonly headers: Record<string, string>;
}

export function uniqueEmail(): string {
  return `user-${randomUUID()}@example.com`;
}

/**
 * Registers and signs in a new user of `server` over HTTP. Every auth style's test helpers
 * export `createUser(server)`: the shared security tests use it whatever the style.
 */
export async function createUser(server: Pick<TestServer, 'url'>, options: { email?: string; password?: string } = {}): Promise<TestUser> {
  const baseUrl = server.url;
  const email = options.email ?? uniqueEmail();
  const password = options.password ?? TEST_PASSWORD;
  const registered = await request(baseUrl, 'POST', '/auth/register', { json: { email, password, name: 'Test User' } });
  expect(registered.status).toBe(201);
  const login = await request(baseUrl, 'POST', '/auth/login', { json: { email, password } });
  expect(login.status).toBe(200);
  const accessToken = String(login.body.accessToken);
  const refreshToken = String(login.body.refreshToken);
  return {
    id: String(registered.body.id),
    email,
    password,
    accessToken,
    refreshToken,
    headers: { authorization: `Bearer ${accessToken}` },
  };
}

/** Makes the user an admin, as `npm run admin:promote` does. */
export async function promoteUser(server: Pick<TestServer, 'db'>, user: TestUser): Promise<void> {
  expect(await promoteToAdmin(server.db, user.email)).toBe(user.id);
}
