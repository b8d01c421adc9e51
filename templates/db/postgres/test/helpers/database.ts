import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll } from 'vitest';

/** The Postgres the tests use; each test server gets its own schema in it, dropped on close. */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestDatabase {
  /** A DATABASE_URL several servers and processes can open at once. */
  readonly url: string;
  drop(): Promise<void>;
}

/** The URL without its password, for messages. */
function shown(url: string): string {
  const parsed = new URL(url);
  if (parsed.password !== '') parsed.password = '***';
  return parsed.href;
}

async function onServer(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL, connectionTimeoutMillis: 2_000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => undefined);
    throw new Error(
      `No Postgres answers at ${shown(TEST_DATABASE_URL)} (${error instanceof Error ? error.message : String(error)}). ` +
        'This project keeps its data in Postgres and its tests need one: start it, or set TEST_DATABASE_URL.',
    );
  }
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A new, empty schema of the test database, the one its URL selects (search_path). */
export async function createTestDatabase(): Promise<TestDatabase> {
  const schema = `test_${randomUUID().replaceAll('-', '')}`;
  await onServer(`CREATE SCHEMA "${schema}"`);
  const url = new URL(TEST_DATABASE_URL);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return { url: url.href, drop: () => onServer(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`) };
}

/** Each in-process test server starts on an empty schema of its own. */
export const serverTestDatabase = createTestDatabase;

/** Server processes a test file starts share one schema, dropped once the file has run. */
const fileDatabase = await createTestDatabase();
afterAll(() => fileDatabase.drop());

export function databaseTestEnv(): Record<string, string> {
  return { DATABASE_URL: fileDatabase.url };
}
