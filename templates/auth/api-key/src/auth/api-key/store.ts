import type { Db } from '../../core/db/database.js';
import type { Role } from '../../core/principal.js';
import { keyStart } from './format.js';
import type { KeyMetadata } from './schemas.js';
import { decodeScopes } from './scopes.js';

/** What authenticating a key reads: one primary-key lookup, joined with its enabled owner. */
export interface KeyCredential {
  readonly ownerId: string;
  readonly role: Role;
  readonly secretHash: string;
  readonly scopes: string;
  readonly expiresAt: string;
  readonly revokedAt: string | null;
}

interface KeyRow {
  readonly id: string;
  readonly ownerId: string;
  readonly name: string;
  readonly scopes: string;
  readonly createdAt: string;
  readonly expiresAt: string;
  readonly lastUsedAt: string | null;
  readonly revokedAt: string | null;
  readonly replacedBy: string | null;
}

export interface NewKeyRow {
  readonly id: string;
  readonly ownerId: string;
  readonly name: string;
  readonly secretHash: string;
  readonly scopes: string;
  readonly createdAt: string;
  readonly expiresAt: string;
}

const COLUMNS = `"id", "owner_id" AS "ownerId", "name", "scopes", "created_at" AS "createdAt", "expires_at" AS "expiresAt",
  "last_used_at" AS "lastUsedAt", "revoked_at" AS "revokedAt", "replaced_by" AS "replacedBy"`;

export function toMetadata(row: KeyRow): KeyMetadata {
  return {
    id: row.id,
    name: row.name,
    start: keyStart(row.id),
    scopes: decodeScopes(row.scopes),
    createdAt: row.createdAt,
    expiresAt: row.expiresAt,
    lastUsedAt: row.lastUsedAt,
    revokedAt: row.revokedAt,
    replacedBy: row.replacedBy,
  };
}

/** The key with this id while its owner exists and is enabled. */
export function findCredential(db: Db, id: string): Promise<KeyCredential | undefined> {
  return db.get<KeyCredential>(
    `SELECT "api_keys"."owner_id" AS "ownerId", "users"."role" AS "role", "api_keys"."secret_hash" AS "secretHash", "api_keys"."scopes" AS "scopes",
       "api_keys"."expires_at" AS "expiresAt", "api_keys"."revoked_at" AS "revokedAt"
     FROM "api_keys" JOIN "users" ON "users"."id" = "api_keys"."owner_id"
     WHERE "api_keys"."id" = ? AND "users"."disabled_at" IS NULL`,
    [id],
  );
}

export async function insertKey(db: Db, key: NewKeyRow): Promise<void> {
  await db.run(
    `INSERT INTO "api_keys" ("id", "owner_id", "name", "secret_hash", "scopes", "created_at", "expires_at")
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
    [key.id, key.ownerId, key.name, key.secretHash, key.scopes, key.createdAt, key.expiresAt],
  );
}

/** One owner's key: another owner's does not exist for them. */
export function findOwnedKey(db: Db, ownerId: string, id: string): Promise<KeyRow | undefined> {
  return db.get<KeyRow>(`SELECT ${COLUMNS} FROM "api_keys" WHERE "id" = ? AND "owner_id" = ?`, [id, ownerId]);
}

/** Whose key this is, for the operator's command line. */
export async function findKeyOwner(db: Db, id: string): Promise<string | undefined> {
  return (await db.get<{ ownerId: string }>('SELECT "owner_id" AS "ownerId" FROM "api_keys" WHERE "id" = ?', [id]))?.ownerId;
}

/** An owner's keys, newest first (revoked and expired ones too, until they are deleted). */
export function listOwnedKeys(db: Db, ownerId: string, limit: number): Promise<KeyRow[]> {
  return db.all<KeyRow>(`SELECT ${COLUMNS} FROM "api_keys" WHERE "owner_id" = ? ORDER BY "created_at" DESC, "id" LIMIT ?`, [
    ownerId,
    limit,
  ]);
}

/** Marks a live key as replaced and shortens its life to `expiresAt`; false when it was not live any more. */
export async function retireKey(db: Db, id: string, replacedBy: string, expiresAt: string, now: string): Promise<boolean> {
  const result = await db.run(
    `UPDATE "api_keys" SET "replaced_by" = ?, "expires_at" = CASE WHEN "expires_at" < ? THEN "expires_at" ELSE ? END
     WHERE "id" = ? AND "replaced_by" IS NULL AND "revoked_at" IS NULL AND "expires_at" > ?`,
    [replacedBy, expiresAt, expiresAt, id, now],
  );
  return result.changes === 1;
}

export async function revokeKey(db: Db, ownerId: string, id: string, now: string): Promise<boolean> {
  const result = await db.run('UPDATE "api_keys" SET "revoked_at" = COALESCE("revoked_at", ?) WHERE "id" = ? AND "owner_id" = ?', [
    now,
    id,
    ownerId,
  ]);
  return result.changes === 1;
}

/** Records a use, unless one was recorded less than `since` ago (by this or another instance). */
export async function touchKey(db: Db, id: string, now: string, since: string): Promise<void> {
  await db.run('UPDATE "api_keys" SET "last_used_at" = ? WHERE "id" = ? AND ("last_used_at" IS NULL OR "last_used_at" < ?)', [
    now,
    id,
    since,
  ]);
}
