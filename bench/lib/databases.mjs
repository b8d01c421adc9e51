// Where the bench servers keep their data. Every server (generated, bare, hardened) gets its
// own copy of one seeded database, so a POST run of one cannot change what another lists:
// a copy of the seeded SQLite file, or a Postgres database created from the seeded one as
// its template. Postgres databases are created for the run and dropped after it.

import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';

/** The Postgres server the bench creates its databases on (a maintenance database of it). */
export const BENCH_DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

const BENCH_NOTE = 'DELETE FROM "notes" WHERE "title" = $1';
const OWNER = 'SELECT "owner_id" AS "ownerId" FROM "notes" LIMIT 1';

/** SQLite: a file per server, copied from the seeded one (with its WAL). */
function sqliteDatabases(scratch) {
  const seedFile = path.join(scratch, 'seed.db');
  const at = (file) => ({
    /** DATABASE_URL of a generated server. */
    url: `sqlite:${file}`,
    /** What a bench-owned server reads (servers/shared.mjs). */
    benchEnv: { DB_FILE: file },
    /**
     * Deletes the notes a POST load wrote (SQLite in WAL mode takes a second connection), so
     * every list measurement reads the same table. Resolves with the number deleted.
     */
    async removeNotes(title) {
      const db = new Database(file);
      try {
        db.pragma('busy_timeout = 10000');
        const { changes } = db.prepare(BENCH_NOTE.replace('$1', '?')).run(title);
        db.pragma('wal_checkpoint(PASSIVE)');
        return changes;
      } finally {
        db.close();
      }
    },
  });
  return {
    seed: at(seedFile),
    async ownerOfNotes() {
      const db = new Database(seedFile, { readonly: true });
      try {
        return db.prepare(OWNER).get()?.ownerId;
      } finally {
        db.close();
      }
    },
    async copy(key) {
      const file = path.join(scratch, `${key}.db`);
      fs.copyFileSync(seedFile, file);
      if (fs.existsSync(`${seedFile}-wal`)) fs.copyFileSync(`${seedFile}-wal`, `${file}-wal`);
      return at(file);
    },
    async dropAll() {},
  };
}

async function onServer(url, sql, values) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await client.query(sql, values);
  } finally {
    await client.end();
  }
}

const quoted = (name) => `"${name}"`;

/** Postgres: one database per started server, created from the seeded database as its template. */
async function postgresDatabases() {
  try {
    await onServer(BENCH_DATABASE_URL, 'SELECT 1');
  } catch (error) {
    throw new Error(`no Postgres answers at BENCH_DATABASE_URL ${BENCH_DATABASE_URL.replace(/:[^:@/]*@/, ':***@')} (${error.message})`);
  }
  const run = `bench_${randomBytes(4).toString('hex')}`;
  const created = [];
  const urlOf = (name) => {
    const url = new URL(BENCH_DATABASE_URL);
    url.pathname = `/${name}`;
    return url.href;
  };
  const at = (name) => ({
    url: urlOf(name),
    benchEnv: { DATABASE_URL: urlOf(name) },
    async removeNotes(title) {
      return (await onServer(urlOf(name), BENCH_NOTE, [title])).rowCount ?? 0;
    },
  });
  const create = async (name, template) => {
    await onServer(BENCH_DATABASE_URL, `CREATE DATABASE ${quoted(name)}${template ? ` TEMPLATE ${quoted(template)}` : ''}`);
    created.push(name);
    return at(name);
  };
  const seedName = `${run}_seed`;
  const seed = await create(seedName);
  return {
    seed,
    async ownerOfNotes() {
      return (await onServer(urlOf(seedName), OWNER)).rows[0]?.ownerId;
    },
    copy: () => create(`${run}_${created.length}`, seedName),
    async dropAll() {
      for (const name of created.splice(0).reverse()) {
        await onServer(BENCH_DATABASE_URL, `DROP DATABASE IF EXISTS ${quoted(name)} WITH (FORCE)`).catch(() => undefined);
      }
    },
  };
}

/**
 * The databases of one framework's servers: `seed` (the one the generated API is seeded
 * through), `copy(key)` for each server, `ownerOfNotes()` (the seeded user, whom bare servers
 * act as) and `dropAll()`.
 * @param {'sqlite' | 'postgres'} dialect
 * @param {string} scratch a folder of this run
 */
export function openDatabases(dialect, scratch) {
  return dialect === 'postgres' ? postgresDatabases() : Promise.resolve(sqliteDatabases(scratch));
}
