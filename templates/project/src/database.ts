import { migrations } from './api.js';
import type { Db } from './core/db/database.js';
import { migrate } from './core/db/migrations.js';
import { ConfigError } from './core/env.js';
import { database } from './modules.js';

/** Opens the database named by DATABASE_URL, or stops with a message naming the variable. */
export async function openDatabase(url: string): Promise<Db> {
  const opened = database.open(url);
  if (opened === undefined) throw new ConfigError([{ variable: 'DATABASE_URL', message: database.urlHint }]);
  return opened;
}

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
