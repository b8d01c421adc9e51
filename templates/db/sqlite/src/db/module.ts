import type { DatabaseModule } from '../core/modules.js';
import { SqliteDb } from './sqlite.js';

/** SQLite through better-sqlite3: DATABASE_URL is sqlite:<path> or sqlite::memory:. */
export const database: DatabaseModule = {
  dialect: 'sqlite',
  urlHint: 'this project uses SQLite: set sqlite:<path> or sqlite::memory:',
  open(url) {
    if (url === 'sqlite::memory:') return Promise.resolve(SqliteDb.open(':memory:'));
    if (url.startsWith('sqlite:') && url.length > 'sqlite:'.length) return Promise.resolve(SqliteDb.open(url.slice('sqlite:'.length)));
    return undefined;
  },
};
