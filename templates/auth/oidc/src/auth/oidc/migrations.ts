import type { Migration } from '../../core/db/migrations.js';

export const oidcMigrations: readonly Migration[] = [
  {
    id: 'auth-0001-oidc-users-without-email',
    // Users come from the identity provider by (issuer, subject), never by email: the
    // users table is rebuilt with an optional email (SQLite cannot drop NOT NULL in place).
    statements: [
      `CREATE TABLE "users_next" (
        "id" TEXT PRIMARY KEY,
        "email" TEXT UNIQUE,
        "name" TEXT NOT NULL,
        "role" TEXT NOT NULL DEFAULT 'user' CHECK ("role" IN ('user', 'admin')),
        "created_at" TEXT NOT NULL,
        "updated_at" TEXT NOT NULL,
        "disabled_at" TEXT
      )`,
      `INSERT INTO "users_next" ("id", "email", "name", "role", "created_at", "updated_at", "disabled_at")
        SELECT "id", "email", "name", "role", "created_at", "updated_at", "disabled_at" FROM "users"`,
      'DROP TABLE "users"',
      'ALTER TABLE "users_next" RENAME TO "users"',
      'CREATE INDEX "users_created" ON "users" ("created_at", "id")',
    ],
  },
  {
    id: 'auth-0002-oidc-subjects',
    statements: [
      // A deleted user leaves its link with no user: the subject is refused, never re-created.
      `CREATE TABLE "oidc_subjects" (
        "issuer" TEXT NOT NULL,
        "subject" TEXT NOT NULL,
        "user_id" TEXT UNIQUE REFERENCES "users" ("id") ON DELETE SET NULL,
        "created_at" TEXT NOT NULL,
        PRIMARY KEY ("issuer", "subject")
      )`,
    ],
  },
];
