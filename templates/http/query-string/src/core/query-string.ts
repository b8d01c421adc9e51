/** Query parameters: one value per parameter, or every value when a parameter is repeated. */
export type Query = Readonly<Record<string, string | string[]>>;

/**
 * The prototype of every query object: frozen, without a single member, and not
 * Object.prototype. A parameter named `__proto__`, `constructor` or `toString` is an
 * own property like any other, which the strict query schemas then refuse, and it
 * reaches nothing else. (`Object.create(null)` objects are as safe, but V8 keeps them
 * in slow dictionary mode: reading and validating a query took three times as long.)
 */
const QUERY_PROTOTYPE: object = Object.freeze(Object.create(null));

const NO_PARAMETERS: Query = Object.freeze(Object.create(QUERY_PROTOTYPE) as Record<string, string>);

/** `+` is a space; a percent-encoding that does not decode is kept as it was written. */
function decode(text: string): string {
  if (!text.includes('%') && !text.includes('+')) return text;
  const spaced = text.replaceAll('+', ' ');
  try {
    return decodeURIComponent(spaced);
  } catch {
    return spaced;
  }
}

/** The parameters of a query string (`a=1&b=2`, the part between `?` and any `#`). */
export function parseQueryString(search: string | null | undefined): Query {
  if (search === null || search === undefined || search === '') return NO_PARAMETERS;
  const query = Object.create(QUERY_PROTOTYPE) as Record<string, string | string[]>;
  let start = 0;
  while (start <= search.length) {
    let end = search.indexOf('&', start);
    if (end === -1) end = search.length;
    if (end > start) {
      const equals = search.indexOf('=', start);
      const hasValue = equals !== -1 && equals < end;
      const name = decode(search.slice(start, hasValue ? equals : end));
      const value = hasValue ? decode(search.slice(equals + 1, end)) : '';
      const previous = query[name];
      // A repeated parameter grows its own array: copying it for every value made a
      // query of n repeats cost n² (core/request-target.ts also caps the parameters).
      if (previous === undefined) query[name] = value;
      else if (typeof previous === 'string') query[name] = [previous, value];
      else previous.push(value);
    }
    start = end + 1;
  }
  return query;
}
