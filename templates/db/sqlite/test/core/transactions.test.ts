import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteDb } from '../../src/db/sqlite.js';

const later = () => new Promise((resolve) => setTimeout(resolve, 20));

describe('SQLite transactions on the one shared connection', () => {
  let db: SqliteDb;
  beforeEach(async () => {
    db = await SqliteDb.open(':memory:');
    await db.run('CREATE TABLE "events" ("name" TEXT NOT NULL)');
  });
  afterEach(() => db.close());
  const names = async () => (await db.all<{ name: string }>('SELECT "name" FROM "events" ORDER BY "name"')).map((row) => row.name);

  it('runs transactions that overlap in time one after the other, each committed whole', async () => {
    const write = (name: string) =>
      db.transaction(async (tx) => {
        await tx.run('INSERT INTO "events" ("name") VALUES (?)', [`${name}-1`]);
        await later(); // real I/O inside: another request runs meanwhile
        await tx.run('INSERT INTO "events" ("name") VALUES (?)', [`${name}-2`]);
      });
    await Promise.all([write('a'), write('b'), write('c')]);
    expect(await names()).toEqual(['a-1', 'a-2', 'b-1', 'b-2', 'c-1', 'c-2']);
  });

  it('keeps a write from outside out of an open transaction, so its rollback cannot take it away', async () => {
    const failing = db.transaction(async (tx) => {
      await tx.run('INSERT INTO "events" ("name") VALUES (?)', ['inside']);
      await later();
      throw new Error('the work failed');
    });
    const outside = db.run('INSERT INTO "events" ("name") VALUES (?)', ['outside']);
    await expect(failing).rejects.toThrow('the work failed');
    await outside;
    expect(await names()).toEqual(['outside']);
  });
});
