import { createHash } from 'node:crypto';
import type { Db } from '../../core/db/database.js';

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

export function findRefreshToken(db: Db, hash: string): Promise<RefreshTokenRecord | undefined> {
  return db.get<RefreshTokenRecord>(
    `SELECT "id", "family_id" AS "familyId", "user_id" AS "userId", "used_at" AS "usedAt", "revoked_at" AS "revokedAt"
     FROM "refresh_tokens" WHERE "token_hash" = ?`,
    [hash],
  );
}

/** Marks a token used. False when it was already used or revoked: a replay. */
export async function claimRefreshToken(db: Db, id: string, now: string): Promise<boolean> {
  const result = await db.run(
    'UPDATE "refresh_tokens" SET "used_at" = ? WHERE "id" = ? AND "used_at" IS NULL AND "revoked_at" IS NULL',
    [now, id],
  );
  return result.changes === 1;
}

export async function revokeFamily(db: Db, familyId: string, now: string): Promise<void> {
  await db.run('UPDATE "refresh_tokens" SET "revoked_at" = ? WHERE "family_id" = ? AND "revoked_at" IS NULL', [
    now,
    familyId,
  ]);
}

export async function deleteExpiredRefreshTokens(db: Db, userId: string, now: string): Promise<void> {
  await db.run('DELETE FROM "refresh_tokens" WHERE "user_id" = ? AND "expires_at" <= ?', [userId, now]);
}
