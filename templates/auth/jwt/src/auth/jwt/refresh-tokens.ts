import { createHash } from 'node:crypto';
import type { Db } from '../../core/db/database.js';
import type { Role } from '../../core/principal.js';

/** Refresh tokens are stored only as SHA-256 hashes. */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

export interface RefreshTokenRecord {
  readonly id: string;
  readonly familyId: string;
  readonly userId: string;
  readonly usedAt: string | null;
  readonly revokedAt: string | null;
}

export async function insertRefreshToken(
  db: Db,
  token: { id: string; familyId: string; userId: string; hash: string; expiresAt: string; createdAt: string },
): Promise<void> {
  await db.run(
    `INSERT INTO "refresh_tokens" ("id", "family_id", "user_id", "token_hash", "expires_at", "created_at")
     VALUES (?, ?, ?, ?, ?, ?)`,
    [token.id, token.familyId, token.userId, token.hash, token.expiresAt, token.createdAt],
  );
}

/** The stored token with this hash, if its user still exists and is not disabled. */
export function findRefreshToken(db: Db, hash: string): Promise<RefreshTokenRecord | undefined> {
  return db.get<RefreshTokenRecord>(
    `SELECT "refresh_tokens"."id" AS "id", "family_id" AS "familyId", "user_id" AS "userId",
       "used_at" AS "usedAt", "revoked_at" AS "revokedAt"
     FROM "refresh_tokens" JOIN "users" ON "users"."id" = "refresh_tokens"."user_id"
     WHERE "token_hash" = ? AND "users"."disabled_at" IS NULL`,
    [hash],
  );
}

/** Starts the family of one login. */
export async function insertFamily(db: Db, family: { id: string; userId: string; createdAt: string }): Promise<void> {
  await db.run('INSERT INTO "token_families" ("id", "user_id", "created_at") VALUES (?, ?, ?)', [
    family.id,
    family.userId,
    family.createdAt,
  ]);
}

/** Marks a token used. False when it was already used or revoked: a replay. */
export async function claimRefreshToken(db: Db, id: string, now: string): Promise<boolean> {
  const result = await db.run('UPDATE "refresh_tokens" SET "used_at" = ? WHERE "id" = ? AND "used_at" IS NULL AND "revoked_at" IS NULL', [
    now,
    id,
  ]);
  return result.changes === 1;
}

/** Revokes a login: its refresh tokens and, through the family, its access tokens. */
export async function revokeFamily(db: Db, familyId: string, now: string): Promise<void> {
  await db.run('UPDATE "token_families" SET "revoked_at" = ? WHERE "id" = ? AND "revoked_at" IS NULL', [now, familyId]);
  await db.run('UPDATE "refresh_tokens" SET "revoked_at" = ? WHERE "family_id" = ? AND "revoked_at" IS NULL', [now, familyId]);
}

/** Drops a user's expired refresh tokens, and the families left without any. */
export async function deleteExpiredRefreshTokens(db: Db, userId: string, now: string): Promise<void> {
  await db.run('DELETE FROM "refresh_tokens" WHERE "user_id" = ? AND "expires_at" <= ?', [userId, now]);
  await db.run(
    `DELETE FROM "token_families" WHERE "user_id" = ?
       AND NOT EXISTS (SELECT 1 FROM "refresh_tokens" WHERE "refresh_tokens"."family_id" = "token_families"."id")`,
    [userId],
  );
}

/**
 * The role of the user a token was issued to, while the user exists, is not disabled and
 * the token's login is not revoked. One primary-key lookup per authenticated request.
 */
export async function liveSessionRole(db: Db, familyId: string, userId: string): Promise<Role | undefined> {
  const row = await db.get<{ role: Role }>(
    `SELECT "users"."role" AS "role"
     FROM "token_families" JOIN "users" ON "users"."id" = "token_families"."user_id"
     WHERE "token_families"."id" = ? AND "token_families"."user_id" = ?
       AND "token_families"."revoked_at" IS NULL AND "users"."disabled_at" IS NULL`,
    [familyId, userId],
  );
  return row?.role;
}
