import { migrations } from '../api.js';
import { loadDatabaseSettings } from '../config.js';
import { loadDotEnv } from '../core/config.js';
import { ConfigError } from '../core/env.js';
import { migrate } from '../core/db/migrations.js';
import { openDatabase } from '../database.js';
import { runMain } from './run-main.js';

async function main(): Promise<number> {
  loadDotEnv();
  const db = await openDatabase(loadDatabaseSettings(process.env));
  try {
    const applied = await migrate(db, migrations);
    console.log(applied.length === 0 ? 'Database schema is up to date.' : `Applied: ${applied.join(', ')}`);
    return 0;
  } finally {
    await db.close();
  }
}

runMain(main, (error) => (error instanceof ConfigError ? undefined : { message: `Migration failed: ${String(error)}`, exitCode: 1 }));
