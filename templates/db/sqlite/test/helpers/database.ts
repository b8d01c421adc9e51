import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestDatabase {
  /** A DATABASE_URL several servers and processes can open at once. */
  readonly url: string;
  drop(): Promise<void>;
}

/** A new, empty database file in a temporary folder. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const folder = mkdtempSync(join(tmpdir(), 'database-'));
  return {
    url: `sqlite:${join(folder, 'app.db')}`,
    drop: async () => rmSync(folder, { recursive: true, force: true }),
  };
}

/** Each in-process test server starts on an empty in-memory database of its own. */
export async function serverTestDatabase(): Promise<TestDatabase> {
  return { url: 'sqlite::memory:', drop: async () => undefined };
}

export function databaseTestEnv(): Record<string, string> {
  return { DATABASE_URL: 'sqlite::memory:' };
}
