import { HttpError } from './errors.js';
import { MAX_QUERY_LENGTH, MAX_QUERY_PARAMETERS } from './http-policy.js';

const SLASH = 0x2f;
const DOT = 0x2e;
const PERCENT = 0x25;
const QUESTION_MARK = 0x3f;
const HASH = 0x23;
const BACKSLASH = 0x5c;
const AMPERSAND = 0x26;

export const malformedPath = (): HttpError => new HttpError('bad_request', { detail: 'Malformed URL' });

/** The value of a hexadecimal digit, or -1. */
function hexValue(code: number): number {
  if (code >= 0x30 && code <= 0x39) return code - 0x30;
  const lower = code | 0x20;
  return lower >= 0x61 && lower <= 0x66 ? lower - 0x57 : -1;
}

/**
 * Escapes a path may not carry: an encoded dot, slash or backslash (a router or proxy that
 * decodes them sees another path), and an encoded unreserved character (`%6e` for `n`),
 * which some routers decode in static segments and others do not.
 */
function isRefusedEscape(byte: number): boolean {
  return (
    byte === DOT ||
    byte === SLASH ||
    byte === BACKSLASH ||
    (byte >= 0x30 && byte <= 0x39) ||
    (byte >= 0x41 && byte <= 0x5a) ||
    (byte >= 0x61 && byte <= 0x7a) ||
    byte === 0x2d ||
    byte === 0x5f ||
    byte === 0x7e
  );
}

/** Whether the path's percent-encoding decodes as UTF-8 (only asked when it has a `%`). */
function decodes(path: string): boolean {
  try {
    decodeURIComponent(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * The answer for a request target (`/path?query`, as the client sent it) that no route may
 * see, or undefined for an acceptable one. Every framework normalises paths its own way, so
 * anything they could read differently is refused here, the same on all of them: a dot
 * segment (`.` or `..`), a backslash, an encoded dot, slash, backslash or unreserved
 * character, and an escape that does not decode (400). A query longer than
 * MAX_QUERY_LENGTH gets 414 and one with more than MAX_QUERY_PARAMETERS parameters 400,
 * before any parser sees it. One pass over the target, allocating nothing for a plain one.
 */
export function requestTargetError(url: string): HttpError | undefined {
  const length = url.length;
  let end = 0;
  let escaped = false;
  for (; end < length; end += 1) {
    const code = url.charCodeAt(end);
    if (code === QUESTION_MARK || code === HASH) break;
    if (code === PERCENT) {
      const high = end + 1 < length ? hexValue(url.charCodeAt(end + 1)) : -1;
      const low = end + 2 < length ? hexValue(url.charCodeAt(end + 2)) : -1;
      if (high === -1 || low === -1 || isRefusedEscape(high * 16 + low)) return malformedPath();
      escaped = true;
      end += 2;
    } else if (code === BACKSLASH) {
      return malformedPath();
    } else if (code === DOT && end > 0 && url.charCodeAt(end - 1) === SLASH) {
      const next = end + 1 < length && url.charCodeAt(end + 1) === DOT ? end + 2 : end + 1;
      if (next === length || isSegmentEnd(url.charCodeAt(next))) return malformedPath();
    }
  }
  if (escaped && !decodes(url.slice(0, end))) return malformedPath();
  if (end === length || url.charCodeAt(end) !== QUESTION_MARK) return undefined;
  return queryError(url, end + 1);
}

function isSegmentEnd(code: number): boolean {
  return code === SLASH || code === QUESTION_MARK || code === HASH;
}

/** Caps the query before any parsing: its length, then its number of parameters. */
function queryError(url: string, start: number): HttpError | undefined {
  const hash = url.indexOf('#', start);
  const end = hash === -1 ? url.length : hash;
  if (end - start > MAX_QUERY_LENGTH) {
    return new HttpError('uri_too_long', { detail: `Query strings are limited to ${MAX_QUERY_LENGTH} characters` });
  }
  let parameters = 1;
  for (let index = start; index < end; index += 1) {
    if (url.charCodeAt(index) === AMPERSAND) parameters += 1;
  }
  if (parameters > MAX_QUERY_PARAMETERS) {
    return new HttpError('bad_request', { detail: `Query strings are limited to ${MAX_QUERY_PARAMETERS} parameters` });
  }
  return undefined;
}
