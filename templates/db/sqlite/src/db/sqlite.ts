import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { UniqueViolationError, type Db, type RunResult, type SqlValue } from '../core/db/database.js';

type Statement = Database.Statement<unknown[], unknown>;
type Bindable = string | number | bigint | null;

const STATEMENT_CACHE_SIZE = 500;
/** How long a statement waits for another connection's lock before "database is locked". */
const BUSY_TIMEOUT_MS = 5_000;
const BUSY_RETRY_MS = 20;

/** Runs `action` again while SQLite answers SQLITE_BUSY (or one of its extended codes), for up to BUSY_TIMEOUT_MS. */
async function whileBusy<T>(action: () => T): Promise<T> {
  const deadline = Date.now() + BUSY_TIMEOUT_MS;
  for (;;) {
    try {
      return action();
    } catch (error) {
      if (!(error instanceof Database.SqliteError && error.code.startsWith('SQLITE_BUSY')) || Date.now() >= deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, BUSY_RETRY_MS));
    }
  }
}

function bind(params: readonly SqlValue[]): Bindable[] {
  return params.map((value) => (typeof value === 'boolean' ? (value ? 1 : 0) : value));
}

function translate(error: unknown): unknown {
  if (error instanceof Database.SqliteError && /^SQLITE_CONSTRAINT_(UNIQUE|PRIMARYKEY)$/.test(error.code)) {
    return new UniqueViolationError();
  }
  return error;
}

/** The Db interface over better-sqlite3: prepared statements cached by SQL text. */
export class SqliteDb implements Db {
  readonly dialect = 'sqlite';
  private readonly statements = new Map<string, Statement>();
  /** Settles when the open transaction ends; undefined when none is open. */
  private idle: Promise<void> | undefined;

  private constructor(private readonly sqlite: Database.Database) {}

  /**
   * `filename` is a path, or ":memory:". WAL journal and foreign keys are switched on.
   * Switching a new file to WAL needs SQLite's exclusive lock, and SQLite answers "database
   * is locked" at once, without waiting, while another connection holds the write lock
   * (two instances starting together on one new file): the switch is tried again until
   * BUSY_TIMEOUT_MS has passed.
   */
  static async open(filename: string): Promise<SqliteDb> {
    if (filename !== ':memory:') mkdirSync(dirname(filename), { recursive: true });
    const sqlite = new Database(filename, { timeout: BUSY_TIMEOUT_MS });
    try {
      if (filename !== ':memory:') await whileBusy(() => sqlite.pragma('journal_mode = WAL'));
      sqlite.pragma('synchronous = NORMAL');
      sqlite.pragma('foreign_keys = ON');
    } catch (error) {
      sqlite.close();
      throw error;
    }
    return new SqliteDb(sqlite);
  }

  private prepare(sql: string): Statement {
    let statement = this.statements.get(sql);
    if (statement === undefined) {
      if (this.statements.size >= STATEMENT_CACHE_SIZE) {
        const oldest = this.statements.keys().next();
        if (!oldest.done) this.statements.delete(oldest.value);
      }
      statement = this.sqlite.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  async all<Row>(sql: string, params: readonly SqlValue[] = []): Promise<Row[]> {
    if (this.idle !== undefined) await this.whenIdle();
    return this.allNow<Row>(sql, params);
  }

  async get<Row>(sql: string, params: readonly SqlValue[] = []): Promise<Row | undefined> {
    if (this.idle !== undefined) await this.whenIdle();
    return this.getNow<Row>(sql, params);
  }

  async run(sql: string, params: readonly SqlValue[] = []): Promise<RunResult> {
    if (this.idle !== undefined) await this.whenIdle();
    return this.runNow(sql, params);
  }

  /**
   * One connection serves every request, so a transaction holds it alone: others wait for it
   * to end, and statements from outside it wait too (they would otherwise join it, and vanish
   * with its rollback). Inside, `tx` runs statements at once.
   */
  async transaction<T>(work: (tx: Db) => Promise<T>): Promise<T> {
    // Checked and taken with no await in between, so two waiters cannot both begin.
    while (this.idle !== undefined) await this.idle;
    let ended!: () => void;
    this.idle = new Promise((resolve) => {
      ended = resolve;
    });
    try {
      this.sqlite.exec('BEGIN IMMEDIATE');
      try {
        const result = await work(this.tx);
        this.sqlite.exec('COMMIT');
        return result;
      } catch (error) {
        if (this.sqlite.inTransaction) this.sqlite.exec('ROLLBACK');
        throw error;
      }
    } finally {
      this.idle = undefined;
      ended();
    }
  }

  /** One process owns the file's writes at a time already: each transaction takes SQLite's write lock. */
  withLock<T>(work: (locked: Db) => Promise<T>): Promise<T> {
    return work(this);
  }

  /** The open transaction's view of the connection. */
  private readonly tx: Db = {
    dialect: 'sqlite',
    all: async <Row>(sql: string, params: readonly SqlValue[] = []) => this.allNow<Row>(sql, params),
    get: async <Row>(sql: string, params: readonly SqlValue[] = []) => this.getNow<Row>(sql, params),
    run: async (sql: string, params: readonly SqlValue[] = []) => this.runNow(sql, params),
    // Already inside one: the work joins it.
    transaction: (work) => work(this.tx),
    withLock: () => Promise.reject(new Error('take the lock before the transaction')),
    close: () => Promise.reject(new Error('close the database, not its transaction')),
  };

  private async whenIdle(): Promise<void> {
    while (this.idle !== undefined) await this.idle;
  }

  private allNow<Row>(sql: string, params: readonly SqlValue[]): Row[] {
    try {
      return this.prepare(sql).all(...bind(params)) as Row[];
    } catch (error) {
      throw translate(error);
    }
  }

  private getNow<Row>(sql: string, params: readonly SqlValue[]): Row | undefined {
    try {
      return this.prepare(sql).get(...bind(params)) as Row | undefined;
    } catch (error) {
      throw translate(error);
    }
  }

  private runNow(sql: string, params: readonly SqlValue[]): RunResult {
    try {
      const { changes } = this.prepare(sql).run(...bind(params));
      return { changes };
    } catch (error) {
      throw translate(error);
    }
  }

  async close(): Promise<void> {
    this.statements.clear();
    if (this.sqlite.open) this.sqlite.close();
  }
}
