import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operations } from '../../src/api.js';
import { loadDatabaseSettings } from '../../src/config.js';
import type { Db } from '../../src/core/db/database.js';
import { openMigratedDatabase } from '../../src/database.js';
import { resources } from '../../src/resources/index.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';

/** What `npm run gen` refuses to name a resource after: the tables and route prefixes of this project's modules. */
const reserved = JSON.parse(readFileSync(new URL('../../generators/reserved.json', import.meta.url), 'utf8')) as {
  tables: string[];
  paths: string[];
};

const under = (path: string, prefix: string) => path === prefix || path.startsWith(`${prefix}/`);

describe('generators/reserved.json holds what the modules really own', () => {
  let database: TestDatabase;
  let db: Db;
  beforeAll(async () => {
    database = await createTestDatabase();
    db = await openMigratedDatabase(loadDatabaseSettings({ DATABASE_URL: database.url }));
  });
  afterAll(async () => {
    await db?.close();
    await database?.drop();
  });

  it('names every table the migrations create, apart from the resources', async () => {
    const rows = await db.all<{ name: string }>(
      `SELECT "table_name" AS "name" FROM "information_schema"."tables" WHERE "table_schema" = current_schema() AND "table_type" = 'BASE TABLE'`,
    );
    const resourceTables = new Set(resources.map((resource) => resource.table.name));
    expect(
      rows
        .map((row) => row.name)
        .filter((name) => !resourceTables.has(name))
        .sort(),
    ).toEqual([...reserved.tables].sort());
  });

  it('covers the path of every operation that is not a resource route', () => {
    for (const operation of operations) {
      if (resources.some((resource) => under(operation.path, resource.path))) continue;
      expect(
        reserved.paths.some((prefix) => under(operation.path, prefix)),
        operation.path,
      ).toBe(true);
    }
  });
});
