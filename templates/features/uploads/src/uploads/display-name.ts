/** The longest display name kept, in UTF-8 bytes. */
export const MAX_NAME_BYTES = 255;

const FALLBACK_NAME = 'upload';

/**
 * Controls (C0, DEL, C1), bidirectional embeddings, overrides, isolates and marks (which
 * make `exe.pdf` display as `fdp.exe`), zero-width and other invisible format characters,
 * line and paragraph separators.
 */
const INVISIBLE = /[\p{Cc}\p{Cf}\u2028\u2029]/gu;
const PATH_SEPARATORS = /[/\\]/g;

/**
 * A file name safe to show and to store as text: NFC, without control, bidi or invisible
 * characters, path separators replaced by `_`, spaces trimmed, at most 255 UTF-8 bytes
 * (never cutting a character), never empty. It is never used as a path.
 */
export function sanitiseDisplayName(raw: string | undefined): string {
  const cleaned = (raw ?? '').normalize('NFC').replace(INVISIBLE, '').replace(PATH_SEPARATORS, '_').trim();
  let name = '';
  let bytes = 0;
  for (const character of cleaned) {
    const size = Buffer.byteLength(character);
    if (bytes + size > MAX_NAME_BYTES) break;
    name += character;
    bytes += size;
  }
  name = name.trim();
  return name === '' || name === '.' || name === '..' ? FALLBACK_NAME : name;
}

/** RFC 5987 value characters: everything else is percent-encoded. */
const ATTR_CHAR = /[A-Za-z0-9!#$&+.^_`|~-]/;

function encodeRfc5987(value: string): string {
  let out = '';
  for (const byte of Buffer.from(value, 'utf8')) {
    const character = String.fromCharCode(byte);
    out += byte < 0x80 && ATTR_CHAR.test(character) ? character : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/**
 * `Content-Disposition: attachment` with an ASCII fallback name (anything else, quotes and
 * backslashes replaced by `_`) and the exact UTF-8 name (RFC 6266 `filename*`): the browser
 * downloads the file instead of displaying it.
 */
export function attachmentDisposition(displayName: string): string {
  const ascii = displayName.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeRfc5987(displayName)}`;
}
