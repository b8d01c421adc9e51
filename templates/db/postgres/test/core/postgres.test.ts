import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadDatabaseSettings } from '../../src/config.js';
import { UniqueViolationError } from '../../src/core/db/database.js';
import { migrate } from '../../src/core/db/migrations.js';
import { PostgresDb } from '../../src/db/postgres.js';
import { postgresStatement } from '../../src/db/placeholders.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';

const later = () => new Promise((resolve) => setTimeout(resolve, 20));

describe('placeholders', () => {
  it('numbers each ? outside quoted literals and identifiers', () => {
    const text = (sql: string) => postgresStatement(sql).text;
    expect(text('SELECT "a?" FROM "t" WHERE "b" = ? AND "c" = \'?\' AND "d" IN (?, ?)')).toBe(
      'SELECT "a?" FROM "t" WHERE "b" = $1 AND "c" = \'?\' AND "d" IN ($2, $3)',
    );
    expect(text("SELECT 'it''s ?' WHERE \"x\" = ?")).toBe("SELECT 'it''s ?' WHERE \"x\" = $1");
  });
});

describe('Postgres through a pool', () => {
  let database: TestDatabase;
  let db: PostgresDb;
  beforeAll(async () => {
    database = await createTestDatabase();
    db = PostgresDb.open({ ...loadDatabaseSettings({ DATABASE_URL: database.url }), poolMax: 3, statementTimeoutMs: 500 });
  });
  afterAll(async () => {
    await db?.close();
    await database?.drop();
  });
  beforeEach(async () => {
    await db.run('DROP TABLE IF EXISTS "events"');
    await db.run('CREATE TABLE "events" ("name" TEXT PRIMARY KEY, "flag" BOOLEAN, "size" DOUBLE PRECISION)');
  });
  const names = async () => (await db.all<{ name: string }>('SELECT "name" FROM "events" ORDER BY "name"')).map((row) => row.name);

  it('binds values, returns rows, counts changes and maps unique violations', async () => {
    expect(await db.run('INSERT INTO "events" ("name", "flag", "size") VALUES (?, ?, ?)', ['a', true, 1.5])).toEqual({ changes: 1 });
    expect(await db.get('SELECT "flag", "size" FROM "events" WHERE "name" = ?', ['a'])).toEqual({ flag: true, size: 1.5 });
    await expect(db.run('INSERT INTO "events" ("name") VALUES (?)', ['a'])).rejects.toBeInstanceOf(UniqueViolationError);
    expect(await db.get('UPDATE "events" SET "flag" = ? WHERE "name" = ? RETURNING "flag"', [false, 'a'])).toEqual({ flag: false });
    expect(await db.run('DELETE FROM "events" WHERE "name" = ?', ['missing'])).toEqual({ changes: 0 });
  });

  it('commits a transaction whole, rolls it back whole, and keeps other writes out of it', async () => {
    await db.transaction(async (tx) => {
      await tx.run('INSERT INTO "events" ("name") VALUES (?)', ['kept-1']);
      await later();
      await tx.run('INSERT INTO "events" ("name") VALUES (?)', ['kept-2']);
    });
    const failing = db.transaction(async (tx) => {
      await tx.run('INSERT INTO "events" ("name") VALUES (?)', ['inside']);
      await later();
      throw new Error('the work failed');
    });
    const outside = db.run('INSERT INTO "events" ("name") VALUES (?)', ['outside']);
    await expect(failing).rejects.toThrow('the work failed');
    await outside;
    expect(await names()).toEqual(['kept-1', 'kept-2', 'outside']);
  });

  it('gives every connection back, even after failures, so the pool never runs dry', async () => {
    await db.run('INSERT INTO "events" ("name") VALUES (?)', ['dup']);
    for (let i = 0; i < 10; i += 1) {
      await expect(db.transaction(() => Promise.reject(new Error('no')))).rejects.toThrow('no');
      await expect(db.transaction((tx) => tx.run('INSERT INTO "events" ("name") VALUES (?)', ['dup']))).rejects.toBeInstanceOf(
        UniqueViolationError,
      );
    }
    await Promise.all(
      Array.from({ length: 6 }, (_, i) => db.transaction((tx) => tx.run('INSERT INTO "events" ("name") VALUES (?)', [`p${i}`]))),
    );
    expect((await names()).length).toBe(7);
  });

  it('stops a statement that runs longer than DATABASE_STATEMENT_TIMEOUT', async () => {
    await expect(db.run('SELECT pg_sleep(2)')).rejects.toThrow(/statement timeout/);
  });

  it('prepares a statement with parameters once per connection and reuses it; DATABASE_PREPARED_STATEMENTS=false prepares none', async () => {
    const lookup = 'SELECT "name" FROM "events" WHERE "name" = ? AND \'prepared-check\' <> ?';
    const preparedOnItsConnection = (on: PostgresDb) =>
      on.transaction(async (tx) => {
        for (const name of ['a', 'b', 'c']) expect(await tx.get(lookup, [name, name])).toBeUndefined();
        const rows = await tx.all<{ statement: string }>('SELECT "statement" FROM pg_prepared_statements');
        return rows.filter((row) => row.statement.includes('prepared-check')).map((row) => row.statement);
      });
    expect(await preparedOnItsConnection(db)).toEqual(['SELECT "name" FROM "events" WHERE "name" = $1 AND \'prepared-check\' <> $2']);

    const unprepared = PostgresDb.open({ ...loadDatabaseSettings({ DATABASE_URL: database.url }), poolMax: 1, preparedStatements: false });
    try {
      expect(await preparedOnItsConnection(unprepared)).toEqual([]);
    } finally {
      await unprepared.close();
    }
  });

  it('keeps using a prepared statement after its table is dropped and made again', async () => {
    await db.run('INSERT INTO "events" ("name", "flag") VALUES (?, ?)', ['before', true]);
    await db.run('DROP TABLE "events"');
    await db.run('CREATE TABLE "events" ("name" TEXT PRIMARY KEY, "flag" BOOLEAN, "size" DOUBLE PRECISION)');
    await db.run('INSERT INTO "events" ("name", "flag") VALUES (?, ?)', ['after', false]);
    expect(await db.all('SELECT "name", "flag" FROM "events" WHERE "flag" = ?', [false])).toEqual([{ name: 'after', flag: false }]);
  });

  it('applies each migration once when two instances migrate together', async () => {
    const other = PostgresDb.open(loadDatabaseSettings({ DATABASE_URL: database.url }));
    try {
      const migrations = [{ id: 'test-0001', statements: ['CREATE TABLE "together" ("id" TEXT PRIMARY KEY)'] }];
      const [a, b] = await Promise.all([migrate(db, migrations), migrate(other, migrations)]);
      expect([...a, ...b]).toEqual(['test-0001']);
    } finally {
      await other.close();
    }
  });
});
