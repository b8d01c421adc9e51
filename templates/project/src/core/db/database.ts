export type SqlValue = string | number | bigint | boolean | null;

export interface RunResult {
  readonly changes: number;
}

/**
 * The one data-access interface, for every dialect. SQL uses `?` placeholders and
 * double-quoted identifiers; adapters translate what their driver needs (booleans for
 * SQLite, `$n` placeholders for Postgres). Values are always bound, never spliced.
 */
export interface Db {
  readonly dialect: 'sqlite' | 'postgres';
  all<Row>(sql: string, params?: readonly SqlValue[]): Promise<Row[]>;
  get<Row>(sql: string, params?: readonly SqlValue[]): Promise<Row | undefined>;
  run(sql: string, params?: readonly SqlValue[]): Promise<RunResult>;
  /**
   * Runs `work` in one transaction, committed when it resolves and rolled back when it
   * throws. `work` must only query through `tx`: do slow work (hashing, I/O) before.
   */
  transaction<T>(work: (tx: Db) => Promise<T>): Promise<T>;
  /**
   * Runs `work` while holding this database's one lock across processes, so two instances
   * starting together never migrate at once. `work` must only query through `locked`.
   */
  withLock<T>(work: (locked: Db) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** A UNIQUE or PRIMARY KEY constraint refused a write. */
export class UniqueViolationError extends Error {
  constructor() {
    super('unique constraint violated');
    this.name = 'UniqueViolationError';
  }
}

const IDENTIFIER = /^[a-z][a-z0-9_]{0,62}$/;

/** A double-quoted SQL identifier; refuses anything but lower snake_case. */
export function quoteIdentifier(name: string): string {
  if (!IDENTIFIER.test(name)) throw new Error(`invalid SQL identifier: ${JSON.stringify(name)}`);
  return `"${name}"`;
}
