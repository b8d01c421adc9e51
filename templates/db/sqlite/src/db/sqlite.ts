import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { UniqueViolationError, type Db, type RunResult, type SqlValue } from '../core/db/database.js';

type Statement = Database.Statement<unknown[], unknown>;
type Bindable = string | number | bigint | null;

const STATEMENT_CACHE_SIZE = 500;

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

  private constructor(private readonly sqlite: Database.Database) {}

  /** `filename` is a path, or ":memory:". WAL journal and foreign keys are switched on. */
  static open(filename: string): SqliteDb {
    if (filename !== ':memory:') mkdirSync(dirname(filename), { recursive: true });
    const sqlite = new Database(filename);
    if (filename !== ':memory:') sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
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
    try {
      return this.prepare(sql).all(...bind(params)) as Row[];
    } catch (error) {
      throw translate(error);
    }
  }

  async get<Row>(sql: string, params: readonly SqlValue[] = []): Promise<Row | undefined> {
    try {
      return this.prepare(sql).get(...bind(params)) as Row | undefined;
    } catch (error) {
      throw translate(error);
    }
  }

  async run(sql: string, params: readonly SqlValue[] = []): Promise<RunResult> {
    try {
      const { changes } = this.prepare(sql).run(...bind(params));
      return { changes };
    } catch (error) {
      throw translate(error);
    }
  }

  async transaction<T>(work: (tx: Db) => Promise<T>): Promise<T> {
    this.sqlite.exec('BEGIN IMMEDIATE');
    try {
      const result = await work(this);
      this.sqlite.exec('COMMIT');
      return result;
    } catch (error) {
      if (this.sqlite.inTransaction) this.sqlite.exec('ROLLBACK');
      throw error;
    }
  }

  async close(): Promise<void> {
    this.statements.clear();
    if (this.sqlite.open) this.sqlite.close();
  }
}
