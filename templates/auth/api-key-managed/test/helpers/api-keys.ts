import { expect } from 'vitest';
import type { TestUser } from './auth.js';
import { request } from './http.js';
import type { TestServer } from './server.js';

export interface IssuedKey {
  readonly id: string;
  readonly key: string;
  readonly expiresAt: string;
  readonly headers: Record<string, string>;
}

function issued(body: { id?: unknown; key?: unknown; expiresAt?: unknown }): IssuedKey {
  const key = String(body.key);
  return { id: String(body.id), key, expiresAt: String(body.expiresAt), headers: { authorization: `Bearer ${key}` } };
}

/** A new key of `owner`, created over HTTP with its access token. */
export async function issueKey(server: Pick<TestServer, 'url'>, owner: TestUser, scopes: readonly string[]): Promise<IssuedKey> {
  const response = await request(server.url, 'POST', '/v1/api-keys', { headers: owner.headers, json: { name: 'test', scopes } });
  expect(response.status, response.text).toBe(201);
  return issued(response.body);
}

export async function revokeKey(server: Pick<TestServer, 'url'>, owner: TestUser, key: IssuedKey): Promise<void> {
  expect((await request(server.url, 'DELETE', `/v1/api-keys/${key.id}`, { headers: owner.headers })).status).toBe(204);
}

export async function rotateKey(
  server: Pick<TestServer, 'url'>,
  owner: TestUser,
  key: IssuedKey,
  graceSeconds: number,
): Promise<IssuedKey> {
  const response = await request(server.url, 'POST', `/v1/api-keys/${key.id}/rotate`, { headers: owner.headers, json: { graceSeconds } });
  expect(response.status, response.text).toBe(201);
  return issued(response.body);
}
