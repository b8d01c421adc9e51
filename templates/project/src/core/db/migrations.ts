import type { Db } from './database.js';

export interface Migration {
  /** Unique and stable: recorded in schema_migrations once applied. */
  readonly id: string;
  readonly statements: readonly string[];
}

const CREATE_LEDGER = `CREATE TABLE IF NOT EXISTS "schema_migrations" (
  "id" TEXT PRIMARY KEY,
  "applied_at" TEXT NOT NULL
)`;

/**
 * Applies, in order and each in its own transaction, the migrations not applied yet, under
 * the database's lock (see Db.withLock). Each transaction also checks the ledger again once
 * it holds the write lock, so two instances starting together on one database apply every
 * migration once.
 */
export async function migrate(db: Db, migrations: readonly Migration[]): Promise<string[]> {
  const ids = new Set<string>();
  for (const migration of migrations) {
    if (ids.has(migration.id)) throw new Error(`duplicate migration id ${migration.id}`);
    ids.add(migration.id);
  }
  return db.withLock((locked) => applyMissing(locked, migrations));
}

async function applyMissing(db: Db, migrations: readonly Migration[]): Promise<string[]> {
  await db.run(CREATE_LEDGER);
  const rows = await db.all<{ id: string }>('SELECT "id" FROM "schema_migrations"');
  const applied = new Set(rows.map((row) => row.id));
  const ran: string[] = [];
  for (const migration of migrations) {
    if (applied.has(migration.id)) continue;
    const appliedHere = await db.transaction(async (tx) => {
      if ((await tx.get('SELECT "id" FROM "schema_migrations" WHERE "id" = ?', [migration.id])) !== undefined) return false;
      for (const statement of migration.statements) await tx.run(statement);
      await tx.run('INSERT INTO "schema_migrations" ("id", "applied_at") VALUES (?, ?)', [migration.id, new Date().toISOString()]);
      return true;
    });
    if (appliedHere) ran.push(migration.id);
  }
  return ran;
}
