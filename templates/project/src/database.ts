import { migrations } from './api.js';
import type { Db } from './core/db/database.js';
import { migrate } from './core/db/migrations.js';
import type { DatabaseSettings } from './config.js';
import { database } from './modules.js';

/** Opens the database the configuration names (DATABASE_URL). */
export function openDatabase(settings: DatabaseSettings): Promise<Db> {
  return database.open(settings);
}

/** Opens the database and brings its schema up to date. */
export async function openMigratedDatabase(settings: DatabaseSettings): Promise<Db> {
  const db = await openDatabase(settings);
  try {
    await migrate(db, migrations);
  } catch (error) {
    await db.close();
    throw error;
  }
  return db;
}
