import type { DatabaseModule } from '../core/modules.js';
import { postgresConfig, type postgresEnv, type PostgresSettings } from './config.js';
import { PostgresDb } from './postgres.js';

/** Postgres through a `pg` pool: DATABASE_URL is postgres://user:password@host:5432/database. */
export const database: DatabaseModule<typeof postgresEnv, PostgresSettings> = {
  dialect: 'postgres',
  config: postgresConfig,
  open: (settings) => Promise.resolve(PostgresDb.open(settings)),
};
