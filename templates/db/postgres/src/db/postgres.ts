import pg from 'pg';
import { UniqueViolationError, type Db, type RunResult, type SqlValue } from '../core/db/database.js';
import type { PostgresSettings } from './config.js';
import { postgresStatement } from './placeholders.js';

const UNIQUE_VIOLATION = '23505';
/** The lock migrations run under: this constant and the schema they apply to. */
const MIGRATION_LOCK = 'SELECT pg_advisory_lock(724031802, hashtext(current_schema()))';

type Queryable = pg.Pool | pg.PoolClient;

function translate(error: unknown): unknown {
  if (error instanceof pg.DatabaseError && error.code === UNIQUE_VIOLATION) return new UniqueViolationError();
  return error;
}

/**
 * One statement. With `prepared`, a statement with parameters is prepared once per connection
 * under a name derived from its text, and later runs skip Postgres's parse and plan. Against
 * unnamed statements, in one `npm run bench -- --db postgres` run: 1.07x–1.22x the throughput
 * on `GET /v1/<resource>?limit=20` and 1.28x–1.35x on `POST` (see the README of
 * create-secure-api). The app's statements are a fixed set, so each connection keeps a bounded
 * number of them. DATABASE_PREPARED_STATEMENTS=false turns this off behind a pooler in
 * transaction mode that does not keep prepared statements.
 */
async function query(on: Queryable, sql: string, params: readonly SqlValue[], prepared: boolean): Promise<pg.QueryResult> {
  const { text, name } = postgresStatement(sql);
  try {
    return await on.query(prepared && params.length > 0 ? { name, text, values: [...params] } : { text, values: [...params] });
  } catch (error) {
    throw translate(error);
  }
}

/** Statements on a pool or on one connection. */
abstract class Statements implements Db {
  readonly dialect = 'postgres';

  protected constructor(
    protected readonly on: Queryable,
    protected readonly prepared: boolean,
  ) {}

  async all<Row>(sql: string, params: readonly SqlValue[] = []): Promise<Row[]> {
    return (await query(this.on, sql, params, this.prepared)).rows as Row[];
  }

  async get<Row>(sql: string, params: readonly SqlValue[] = []): Promise<Row | undefined> {
    return (await query(this.on, sql, params, this.prepared)).rows[0] as Row | undefined;
  }

  async run(sql: string, params: readonly SqlValue[] = []): Promise<RunResult> {
    return { changes: (await query(this.on, sql, params, this.prepared)).rowCount ?? 0 };
  }

  abstract transaction<T>(work: (tx: Db) => Promise<T>): Promise<T>;
  abstract withLock<T>(work: (locked: Db) => Promise<T>): Promise<T>;
  abstract close(): Promise<void>;
}

/** Runs `work` in a transaction on `client`; `onBroken` hears when even ROLLBACK failed (the connection must not be reused). */
async function inTransaction<T>(client: pg.PoolClient, work: (tx: Db) => Promise<T>, onBroken: () => void, prepared: boolean): Promise<T> {
  await client.query('BEGIN');
  try {
    const result = await work(new TransactionDb(client, prepared));
    await query(client, 'COMMIT', [], false);
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(onBroken);
    throw error;
  }
}

/** Inside a transaction: statements run on its connection, nested transactions join it. */
class TransactionDb extends Statements {
  constructor(client: pg.PoolClient, prepared: boolean) {
    super(client, prepared);
  }

  transaction<T>(work: (tx: Db) => Promise<T>): Promise<T> {
    return work(this);
  }

  withLock<T>(): Promise<T> {
    return Promise.reject(new Error('take the lock before the transaction'));
  }

  close(): Promise<void> {
    return Promise.reject(new Error('close the database, not its transaction'));
  }
}

/** The connection holding the migration lock: everything runs on it. */
class LockedDb extends Statements {
  constructor(private readonly client: pg.PoolClient) {
    // Its connection is closed when the lock is released: nothing would reuse a prepared statement.
    super(client, false);
  }

  transaction<T>(work: (tx: Db) => Promise<T>): Promise<T> {
    return inTransaction(this.client, work, () => undefined, false);
  }

  withLock<T>(work: (locked: Db) => Promise<T>): Promise<T> {
    return work(this);
  }

  close(): Promise<void> {
    return Promise.reject(new Error('close the database, not its locked connection'));
  }
}

/** The Db interface over a `pg` pool: each transaction holds one connection until it ends. */
export class PostgresDb extends Statements {
  private constructor(
    private readonly pool: pg.Pool,
    prepared: boolean,
  ) {
    super(pool, prepared);
  }

  static open(settings: PostgresSettings): PostgresDb {
    const pool = new pg.Pool({
      connectionString: settings.url,
      max: settings.poolMax,
      connectionTimeoutMillis: settings.connectTimeoutMs,
      statement_timeout: settings.statementTimeoutMs,
      idle_in_transaction_session_timeout: settings.statementTimeoutMs,
      ssl: settings.tls ? { rejectUnauthorized: true } : false,
    });
    // A pooled connection the server closed while idle: the pool drops it and opens another when needed.
    pool.on('error', () => undefined);
    return new PostgresDb(pool, settings.preparedStatements);
  }

  async transaction<T>(work: (tx: Db) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    let broken = false;
    try {
      return await inTransaction(
        client,
        work,
        () => {
          broken = true;
        },
        this.prepared,
      );
    } finally {
      client.release(broken);
    }
  }

  /**
   * A session advisory lock on one connection, waited for without the statement timeout
   * (another instance may be migrating). The connection is closed afterwards, which
   * releases the lock and forgets the session's settings.
   */
  async withLock<T>(work: (locked: Db) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('SET statement_timeout = 0');
      await client.query(MIGRATION_LOCK);
      return await work(new LockedDb(client));
    } finally {
      client.release(true);
    }
  }

  async close(): Promise<void> {
    if (!this.pool.ended) await this.pool.end();
  }
}
