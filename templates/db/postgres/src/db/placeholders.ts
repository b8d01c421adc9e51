const CACHE_SIZE = 500;
const translated = new Map<string, string>();

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

/** The Postgres text of `sql`, translated once per distinct statement. */
export function positional(sql: string): string {
  let text = translated.get(sql);
  if (text === undefined) {
    if (translated.size >= CACHE_SIZE) {
      const oldest = translated.keys().next();
      if (!oldest.done) translated.delete(oldest.value);
    }
    text = translate(sql);
    translated.set(sql, text);
  }
  return text;
}
