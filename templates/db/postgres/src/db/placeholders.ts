import { createHash } from 'node:crypto';

const CACHE_SIZE = 500;

/** A statement in Postgres's form, and the name it is prepared under. */
export interface PostgresStatement {
  readonly text: string;
  /** Derived from the text: the same statement has the same name on every connection, whenever it is asked for. */
  readonly name: string;
}

const translated = new Map<string, PostgresStatement>();

/** `?` placeholders as Postgres's `$1, $2, …`; question marks inside quoted literals and identifiers are kept. */
function translate(sql: string): string {
  let out = '';
  let count = 0;
  let quote: string | undefined;
  for (const char of sql) {
    if (quote !== undefined) {
      // A doubled quote closes and reopens: the result is the same.
      if (char === quote) quote = undefined;
    } else if (char === "'" || char === '"') {
      quote = char;
    } else if (char === '?') {
      count += 1;
      out += `$${count}`;
      continue;
    }
    out += char;
  }
  return out;
}

/** `sql` in Postgres's form, with its prepared-statement name; translated once per distinct statement. */
export function postgresStatement(sql: string): PostgresStatement {
  let statement = translated.get(sql);
  if (statement === undefined) {
    if (translated.size >= CACHE_SIZE) {
      const oldest = translated.keys().next();
      if (!oldest.done) translated.delete(oldest.value);
    }
    const text = translate(sql);
    statement = { text, name: `s_${createHash('sha256').update(text).digest('base64url').slice(0, 24)}` };
    translated.set(sql, statement);
  }
  return statement;
}
