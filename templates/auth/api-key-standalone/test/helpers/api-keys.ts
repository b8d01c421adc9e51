import { expect } from 'vitest';
import { keyService, type TestUser } from './auth.js';
import { request } from './http.js';
import type { TestServer } from './server.js';

export interface IssuedKey {
  readonly id: string;
  readonly key: string;
  readonly expiresAt: string;
  readonly headers: Record<string, string>;
}

const issued = (created: { id: string; key: string; expiresAt: string }): IssuedKey => ({
  id: created.id,
  key: created.key,
  expiresAt: created.expiresAt,
  headers: { authorization: `Bearer ${created.key}` },
});

/** A new key of `owner`, as `npm run keys -- create` makes it. */
export async function issueKey(server: Pick<TestServer, 'db'>, owner: TestUser, scopes: readonly string[]): Promise<IssuedKey> {
  return issued(await keyService(server.db).issue(owner.id, { name: 'test', scopes }));
}

/** Revokes a key with the key itself (DELETE /v1/api-keys/current). */
export async function revokeKey(server: Pick<TestServer, 'url'>, _owner: TestUser, key: IssuedKey): Promise<void> {
  expect((await request(server.url, 'DELETE', '/v1/api-keys/current', { headers: key.headers })).status).toBe(204);
}

/** Rotates a key, as `npm run keys -- rotate` does. */
export async function rotateKey(server: Pick<TestServer, 'db'>, owner: TestUser, key: IssuedKey, graceSeconds: number): Promise<IssuedKey> {
  return issued(await keyService(server.db).rotate(owner.id, key.id, graceSeconds * 1_000));
}
