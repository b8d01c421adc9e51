// The multipart/form-data bodies of the upload measurements: one part named `file`, a PNG
// file (its signature, then filler), as a browser's form would send it.

import { randomBytes } from 'node:crypto';

/** The first 16 bytes of a PNG file: the signature and the start of its IHDR chunk. */
export const PNG_SIGNATURE = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');

/** The boundary of every body the bench sends. */
export const BOUNDARY = '----create-secure-api-bench-5c2e81';

/** The Content-Type of a body with `boundary`. */
export const multipartType = (boundary = BOUNDARY) => `multipart/form-data; boundary=${boundary}`;

/** The head of a file part: its boundary line and headers. */
export function partHeadOf(boundary, field, fileName) {
  return Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${fileName}"\r\nContent-Type: image/png\r\n\r\n`,
    'latin1',
  );
}

/** The closing delimiter after the last part. */
export const closingOf = (boundary) => Buffer.from(`\r\n--${boundary}--\r\n`, 'latin1');

/**
 * A whole body holding one PNG file of `fileBytes` bytes (random filler after the
 * signature, as compressed image data looks). Returns the body and the file's size.
 */
export function pngUploadBody(fileBytes, boundary = BOUNDARY) {
  if (fileBytes < PNG_SIGNATURE.length) throw new Error(`a PNG file needs at least ${PNG_SIGNATURE.length} bytes`);
  const file = Buffer.concat([PNG_SIGNATURE, randomBytes(fileBytes - PNG_SIGNATURE.length)]);
  return { body: Buffer.concat([partHeadOf(boundary, 'file', 'bench.png'), file, closingOf(boundary)]), fileBytes };
}
