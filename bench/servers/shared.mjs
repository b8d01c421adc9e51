// What every bench-owned server shares: settings from the environment, the same reads and
// writes of the generated project's `notes` table (better-sqlite3, or pg when DATABASE_URL
// names a Postgres database), and a clean exit.

import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import pg from 'pg';

export const settings = {
  host: '127.0.0.1',
  port: Number(process.env.PORT ?? 3000),
  databaseFile: process.env.DB_FILE ?? 'bench.db',
  /** A Postgres database instead of the SQLite file. */
  databaseUrl: process.env.DATABASE_URL,
  /** The seeded user; bare servers have no authentication and act as this user. */
  ownerId: process.env.OWNER_ID ?? '',
  jwtSecret: process.env.JWT_SECRET ?? '',
  jwtIssuer: process.env.JWT_ISSUER ?? 'bench',
  jwtAudience: process.env.JWT_AUDIENCE ?? 'bench',
  corsOrigins: (process.env.CORS_ORIGINS ?? 'https://app.example.com').split(','),
  rateLimitMax: Number(process.env.RATE_LIMIT_MAX ?? 1_000_000_000),
  bodyLimit: 100 * 1024,
};

const COLUMNS = '"id" AS "id", "title" AS "title", "body" AS "body", "created_at" AS "createdAt", "updated_at" AS "updatedAt"';

/**
 * The notes of the database the settings name: SQLite (synchronous, values) or Postgres
 * (promises). Route handlers pass what they get through `then`.
 */
export function openNotes() {
  return settings.databaseUrl === undefined ? openSqliteNotes(settings.databaseFile) : openPostgresNotes(settings.databaseUrl);
}

/** Applies `fn` to a value, or to what a promise resolves with: SQLite answers stay synchronous. */
export function then(value, fn) {
  return value instanceof Promise ? value.then(fn) : fn(value);
}

/** `{data, nextCursor}` of one page of rows fetched with `limit + 1`, the keyset cursor as the generated API encodes it. */
function page(rows, limit) {
  const more = rows.length > limit;
  const data = more ? rows.slice(0, limit) : rows;
  const last = data[data.length - 1];
  const nextCursor = more && last ? Buffer.from(JSON.stringify([last.createdAt, last.id])).toString('base64url') : null;
  return { data, nextCursor };
}

/** The generated project's SQLite settings and statements for `notes`, prepared once. */
function openSqliteNotes(file) {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  const firstPage = db.prepare(`SELECT ${COLUMNS} FROM "notes" WHERE "owner_id" = ? ORDER BY "created_at" DESC, "id" DESC LIMIT ?`);
  const select1 = db.prepare('SELECT 1');
  const insert = db.prepare(
    'INSERT INTO "notes" ("id", "owner_id", "title", "body", "created_at", "updated_at") VALUES (?, ?, ?, ?, ?, ?)',
  );
  return {
    /** What the generated GET /health does: one query, so a dead database fails the check. */
    ping() {
      select1.get();
    },
    /** `{data, nextCursor}`: the newest `limit` notes of the owner, keyset cursor as the generated API encodes it. */
    list(ownerId, limit) {
      return page(firstPage.all(ownerId, limit + 1), limit);
    },
    create(ownerId, input) {
      const id = randomUUID();
      const now = new Date().toISOString();
      const body = input.body ?? null;
      insert.run(id, ownerId, input.title, body, now, now);
      return { id, title: input.title, body, createdAt: now, updatedAt: now };
    },
    close() {
      if (db.open) db.close();
    },
  };
}

/**
 * The same queries on Postgres through a pg pool as large as the generated server's default
 * (DATABASE_POOL_MAX 10), sent as the generated server sends them (unnamed, with parameters).
 */
function openPostgresNotes(url) {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  pool.on('error', () => undefined);
  const firstPage = `SELECT ${COLUMNS} FROM "notes" WHERE "owner_id" = $1 ORDER BY "created_at" DESC, "id" DESC LIMIT $2`;
  const insert = 'INSERT INTO "notes" ("id", "owner_id", "title", "body", "created_at", "updated_at") VALUES ($1, $2, $3, $4, $5, $6)';
  return {
    async ping() {
      await pool.query('SELECT 1');
    },
    async list(ownerId, limit) {
      const { rows } = await pool.query(firstPage, [ownerId, limit + 1]);
      return page(rows, limit);
    },
    async create(ownerId, input) {
      const id = randomUUID();
      const now = new Date().toISOString();
      const body = input.body ?? null;
      await pool.query(insert, [id, ownerId, input.title, body, now, now]);
      return { id, title: input.title, body, createdAt: now, updatedAt: now };
    },
    close() {
      return pool.end();
    },
  };
}

/** Stops on SIGTERM/SIGINT, and when the bench that started this server is gone. */
export function exitCleanly(close) {
  const parent = process.ppid;
  let closing = false;
  const shutdown = async () => {
    if (closing) return;
    closing = true;
    try {
      await close();
    } finally {
      process.exit(0);
    }
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
  setInterval(() => {
    if (process.ppid !== parent) void shutdown();
  }, 1_000).unref();
}

/** Stops a node:http server (Express, @hono/node-server) and the notes database on SIGTERM/SIGINT. */
export function exitWithServer(server, notes) {
  exitCleanly(
    () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections?.();
        notes.close();
      }),
  );
}

/** The Bearer token of an Authorization header, or undefined. */
export function bearer(header) {
  if (typeof header !== 'string' || !header.startsWith('Bearer ')) return undefined;
  const token = header.slice(7).trim();
  return token === '' ? undefined : token;
}

/** Security headers for an API, as configured on helmet-style middleware in the references. */
export const API_CSP = { defaultSrc: ["'none'"], frameAncestors: ["'none'"] };
