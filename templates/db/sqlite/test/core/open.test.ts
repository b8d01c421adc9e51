import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteDb } from '../../src/db/sqlite.js';

describe('opening a new SQLite file that another connection is writing', () => {
  let folder: string;
  let filename: string;
  let writer: Database.Database;
  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'sqlite-open-'));
    filename = join(folder, 'app.db');
    writer = new Database(filename);
    writer.exec('CREATE TABLE "t" ("x" INTEGER)');
  });
  afterEach(() => {
    if (writer.open) writer.close();
    rmSync(folder, { recursive: true, force: true });
  });

  // What two instances starting together on one new file do: one holds the write lock while
  // the other switches the file to WAL, which SQLite refuses at once rather than waiting.
  it('waits for the write lock to go, then switches the file to WAL', async () => {
    writer.exec('BEGIN IMMEDIATE');
    writer.exec('INSERT INTO "t" ("x") VALUES (1)');
    const opening = SqliteDb.open(filename);
    setTimeout(() => writer.open && writer.exec('COMMIT'), 150);
    const db = await opening;
    try {
      expect(await db.get<{ journal_mode: string }>('PRAGMA journal_mode')).toEqual({ journal_mode: 'wal' });
      expect(await db.all('SELECT "x" FROM "t"')).toEqual([{ x: 1 }]);
    } finally {
      await db.close();
    }
  });
});
