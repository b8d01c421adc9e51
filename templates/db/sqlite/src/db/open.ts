import { ConfigError } from '../core/config.js';
import type { Db } from '../core/db/database.js';
import { SqliteDb } from './sqlite.js';

/** Opens DATABASE_URL: sqlite:<path> or sqlite::memory:. */
export async function openDatabase(url: string): Promise<Db> {
  if (url === 'sqlite::memory:') return SqliteDb.open(':memory:');
  if (url.startsWith('sqlite:') && url.length > 'sqlite:'.length) return SqliteDb.open(url.slice('sqlite:'.length));
  throw new ConfigError([
    { variable: 'DATABASE_URL', message: 'this project uses SQLite: set sqlite:<path> or sqlite::memory:' },
  ]);
}
