import type { Migration } from '../../core/db/migrations.js';

export const jwtMigrations: readonly Migration[] = [
  {
    id: 'auth-0001-passwords-and-refresh-tokens',
    statements: [
      `CREATE TABLE "password_credentials" (
        "user_id" TEXT PRIMARY KEY REFERENCES "users" ("id") ON DELETE CASCADE,
        "password_hash" TEXT NOT NULL,
        "updated_at" TEXT NOT NULL
      )`,
      `CREATE TABLE "refresh_tokens" (
        "id" TEXT PRIMARY KEY,
        "family_id" TEXT NOT NULL,
        "user_id" TEXT NOT NULL REFERENCES "users" ("id") ON DELETE CASCADE,
        "token_hash" TEXT NOT NULL UNIQUE,
        "expires_at" TEXT NOT NULL,
        "created_at" TEXT NOT NULL,
        "used_at" TEXT,
        "revoked_at" TEXT
      )`,
      'CREATE INDEX "refresh_tokens_family" ON "refresh_tokens" ("family_id")',
      'CREATE INDEX "refresh_tokens_user" ON "refresh_tokens" ("user_id", "expires_at")',
    ],
  },
  {
    id: 'auth-0002-token-families',
    statements: [
      // One row per login: access and refresh tokens carry its id (`fam`), so revoking it
      // (logout, refresh-token reuse) stops every token of that login at once.
      `CREATE TABLE "token_families" (
        "id" TEXT PRIMARY KEY,
        "user_id" TEXT NOT NULL REFERENCES "users" ("id") ON DELETE CASCADE,
        "created_at" TEXT NOT NULL,
        "revoked_at" TEXT
      )`,
      'CREATE INDEX "token_families_user" ON "token_families" ("user_id")',
    ],
  },
];
