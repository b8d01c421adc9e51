import type { Migration } from '../core/db/migrations.js';

/** One row per stored file; the file itself is UPLOAD_DIR/<id>. */
export const uploadMigrations: readonly Migration[] = [
  {
    id: 'uploads-0001-uploads',
    statements: [
      `CREATE TABLE "uploads" (
        "id" TEXT PRIMARY KEY,
        "owner_id" TEXT NOT NULL,
        "name" TEXT NOT NULL,
        "media_type" TEXT NOT NULL,
        "size" INTEGER NOT NULL,
        "sha256" TEXT NOT NULL,
        "created_at" TEXT NOT NULL
      )`,
      'CREATE INDEX "uploads_owner_created" ON "uploads" ("owner_id", "created_at", "id")',
    ],
  },
];
