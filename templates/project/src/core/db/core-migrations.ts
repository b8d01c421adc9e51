import type { Migration } from './migrations.js';

export const coreMigrations: readonly Migration[] = [
  {
    id: 'core-0001-users',
    statements: [
      `CREATE TABLE "users" (
        "id" TEXT PRIMARY KEY,
        "email" TEXT NOT NULL UNIQUE,
        "name" TEXT NOT NULL,
        "role" TEXT NOT NULL DEFAULT 'user' CHECK ("role" IN ('user', 'admin')),
        "created_at" TEXT NOT NULL,
        "updated_at" TEXT NOT NULL
      )`,
      'CREATE INDEX "users_created" ON "users" ("created_at", "id")',
    ],
  },
  {
    id: 'core-0002-user-disabled',
    // A disabled user keeps its data but cannot sign in, and its tokens give 401 at once.
    statements: ['ALTER TABLE "users" ADD COLUMN "disabled_at" TEXT'],
  },
];
