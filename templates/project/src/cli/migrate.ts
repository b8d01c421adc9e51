import { migrations } from '../api.js';
import { loadDatabaseSettings } from '../config.js';
import { loadDotEnv } from '../core/config.js';
import { ConfigError } from '../core/env.js';
import { migrate } from '../core/db/migrations.js';
import { openDatabase } from '../database.js';

async function main(): Promise<void> {
  loadDotEnv();
  const db = await openDatabase(loadDatabaseSettings(process.env));
  try {
    const applied = await migrate(db, migrations);
    console.log(applied.length === 0 ? 'Database schema is up to date.' : `Applied: ${applied.join(', ')}`);
  } finally {
    await db.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : `Migration failed: ${String(error)}`);
  process.exitCode = 1;
});
