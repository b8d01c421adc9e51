// What every bench-owned server shares: settings from the environment, the same
// better-sqlite3 reads and writes of the generated project's `notes` table, and a clean exit.

import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';

export const settings = {
  host: '127.0.0.1',
  port: Number(process.env.PORT ?? 3000),
  databaseFile: process.env.DB_FILE ?? 'bench.db',
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

/** The generated project's SQLite settings and statements for `notes`, prepared once. */
export function openNotes(file = settings.databaseFile) {
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
      const rows = firstPage.all(ownerId, limit + 1);
      const more = rows.length > limit;
      const data = more ? rows.slice(0, limit) : rows;
      const last = data[data.length - 1];
      const nextCursor = more && last ? Buffer.from(JSON.stringify([last.createdAt, last.id])).toString('base64url') : null;
      return { data, nextCursor };
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
