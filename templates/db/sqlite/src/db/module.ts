import { stringVar } from '../core/env.js';
import type { DatabaseModule } from '../core/modules.js';
import { SqliteDb } from './sqlite.js';

const sqliteEnv = {
  DATABASE_URL: stringVar(4_096)
    .regex(/^sqlite:.+$/, { error: 'this project uses SQLite: set sqlite:<path> or sqlite::memory:' })
    .default('sqlite:./data/app.db'),
};

export interface SqliteSettings {
  /** A file path, or ":memory:". */
  readonly filename: string;
}

/** SQLite through better-sqlite3: DATABASE_URL is sqlite:<path> or sqlite::memory:. */
export const database: DatabaseModule<typeof sqliteEnv, SqliteSettings> = {
  dialect: 'sqlite',
  config: {
    env: sqliteEnv,
    read: (vars) => ({ settings: { filename: vars.DATABASE_URL.slice('sqlite:'.length) }, issues: [] }),
  },
  open: ({ filename }) => SqliteDb.open(filename),
};
