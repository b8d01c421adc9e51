import { migrations } from './api.js';
import type { Db } from './core/db/database.js';
import { migrate } from './core/db/migrations.js';
import { openDatabase } from './db/open.js';

/** Opens the database named by DATABASE_URL and brings its schema up to date. */
export async function openMigratedDatabase(url: string): Promise<Db> {
  const db = await openDatabase(url);
  try {
    await migrate(db, migrations);
  } catch (error) {
    await db.close();
    throw error;
  }
  return db;
}
