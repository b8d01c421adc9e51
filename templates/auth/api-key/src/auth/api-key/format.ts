import { randomBytes } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { API_KEY_PREFIX } from './prefix.js';

/**
 * API keys look like `<prefix>_<id><secret><checksum>`, in base62: a 12-character public
 * id (the lookup key, safe to log), a 43-character secret (about 256 bits) and the CRC32
 * of everything before it in 6 characters. The fixed prefix and the checksum let secret
 * scanners find this API's keys, and let the server refuse a mistyped or made-up key
 * before any lookup.
 */

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
export const ID_LENGTH = 12;
export const SECRET_LENGTH = 43;
const CHECKSUM_LENGTH = 6;
const BODY = new RegExp(`^[0-9A-Za-z]{${ID_LENGTH + SECRET_LENGTH + CHECKSUM_LENGTH}}$`);
const LEAD = `${API_KEY_PREFIX}_`;
export const KEY_LENGTH = LEAD.length + ID_LENGTH + SECRET_LENGTH + CHECKSUM_LENGTH;

/** What a key is made of once its checksum is verified. */
export interface ParsedKey {
  readonly id: string;
  readonly secret: string;
}

/** `length` uniform base62 characters (rejection sampling: no modulo bias). */
function randomBase62(length: number): string {
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < 248) out += ALPHABET[byte % 62];
      if (out.length === length) break;
    }
  }
  return out;
}

/** The CRC32 of `text` in 6 base62 characters (62^6 > 2^32). */
export function checksum(text: string): string {
  let value = crc32(text);
  let out = '';
  for (let i = 0; i < CHECKSUM_LENGTH; i++) {
    out = ALPHABET[value % 62] + out;
    value = Math.floor(value / 62);
  }
  return out;
}

/** A new public id: 12 base62 characters. */
export function newKeyId(): string {
  return randomBase62(ID_LENGTH);
}

/** The full key for a public id and a fresh secret, with its checksum. */
export function newKey(id: string): { readonly key: string; readonly secret: string } {
  const secret = randomBase62(SECRET_LENGTH);
  const unchecked = LEAD + id + secret;
  return { key: unchecked + checksum(unchecked), secret };
}

/** Whether a bearer value is meant as one of this API's keys (by its prefix), valid or not. */
export function looksLikeKey(value: string): boolean {
  return value.startsWith(LEAD);
}

/** The id and secret of a well-formed key whose checksum matches; undefined for anything else. */
export function parseKey(value: string): ParsedKey | undefined {
  if (value.length !== KEY_LENGTH || !value.startsWith(LEAD)) return undefined;
  const body = value.slice(LEAD.length);
  if (!BODY.test(body)) return undefined;
  const checked = value.slice(0, -CHECKSUM_LENGTH);
  if (checksum(checked) !== value.slice(-CHECKSUM_LENGTH)) return undefined;
  return { id: body.slice(0, ID_LENGTH), secret: body.slice(ID_LENGTH, ID_LENGTH + SECRET_LENGTH) };
}

/** The public start of a key (`<prefix>_<id>`), by which people recognise it in lists. */
export function keyStart(id: string): string {
  return LEAD + id;
}
