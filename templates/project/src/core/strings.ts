import { z } from 'zod';

const TAB = 0x09;
const LINE_FEED = 0x0a;

/**
 * Whether `value` holds a character no stored string may carry: a C0 control, DEL or a C1
 * control (tab and line feed allowed in multi-line text), or a bidirectional embedding,
 * override (U+202A-U+202E) or isolate (U+2066-U+2069), which make text display in another
 * order than it is stored. One pass, most characters leaving after one comparison.
 */
function hasRefusedCharacter(value: string, multiline: boolean): boolean {
  for (let index = 0; index < value.length; index += 1) {
    const code = value.charCodeAt(index);
    if (code >= 0x20 && code < 0x7f) continue;
    if (code < 0x20) {
      if (multiline && (code === TAB || code === LINE_FEED)) continue;
      return true;
    }
    if (code <= 0x9f) return true;
    if ((code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069)) return true;
  }
  return false;
}

/**
 * A lone surrogate (`"\ud800"` in JSON) has no UTF-8 form: two different ones both become
 * U+FFFD when stored or hashed, so two different inputs would compare equal.
 */
const isWellFormed = (value: string): boolean => value.isWellFormed();

/** Any string input that is well-formed Unicode: passwords, tokens. */
export function unicodeString() {
  return z.string().refine(isWellFormed, { error: 'Must be well-formed Unicode (no lone surrogates)' });
}

/** One line of text: well-formed, without control or bidirectional formatting characters. */
export function lineString() {
  return unicodeString().refine((value) => !hasRefusedCharacter(value, false), {
    error: 'Must not contain control characters or bidirectional formatting characters',
  });
}

/** Text that may span lines: as `lineString`, with tab and line feed allowed. */
export function textString() {
  return unicodeString().refine((value) => !hasRefusedCharacter(value, true), {
    error: 'Must not contain control characters other than tab and line feed, or bidirectional formatting characters',
  });
}

/** An http(s) URL of at most `maxLength` characters, on one line. */
export function httpUrl(maxLength: number) {
  return z
    .url({ protocol: /^https?$/ })
    .max(maxLength)
    .refine((value) => value.isWellFormed() && !hasRefusedCharacter(value, false), {
      error: 'Must not contain control characters or bidirectional formatting characters',
    });
}
