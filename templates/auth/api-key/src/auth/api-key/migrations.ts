import type { Migration } from '../../core/db/migrations.js';

export const apiKeyMigrations: readonly Migration[] = [
  {
    id: 'api-keys-0001',
    statements: [
      // The key itself is never stored: only its public id and the SHA-256 of its secret.
      `CREATE TABLE "api_keys" (
        "id" TEXT PRIMARY KEY,
        "owner_id" TEXT NOT NULL REFERENCES "users" ("id") ON DELETE CASCADE,
        "name" TEXT NOT NULL,
        "secret_hash" TEXT NOT NULL,
        "scopes" TEXT NOT NULL,
        "created_at" TEXT NOT NULL,
        "expires_at" TEXT NOT NULL,
        "last_used_at" TEXT,
        "revoked_at" TEXT,
        "replaced_by" TEXT
      )`,
      'CREATE INDEX "api_keys_owner" ON "api_keys" ("owner_id", "created_at")',
    ],
  },
];
