import { randomBytes, randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { request } from './http.js';

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

/** Registers and signs in a new user over HTTP. */
export async function createUser(baseUrl: string, options: { email?: string; password?: string } = {}): Promise<TestUser> {
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
