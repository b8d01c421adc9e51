/**
 * The file types an upload may have, told apart by their first bytes only: the name a
 * client gives and the type it declares are never trusted. SVG and HTML are not in this
 * table, so no configuration can allow them (a browser would run their scripts).
 */
export const FILE_TYPES = {
  png: { mediaType: 'image/png', extension: 'png' },
  jpeg: { mediaType: 'image/jpeg', extension: 'jpg' },
  webp: { mediaType: 'image/webp', extension: 'webp' },
  pdf: { mediaType: 'application/pdf', extension: 'pdf' },
} as const;

export type FileType = keyof typeof FILE_TYPES;

export const FILE_TYPE_NAMES = Object.keys(FILE_TYPES) as FileType[];

export type UploadMediaType = (typeof FILE_TYPES)[FileType]['mediaType'];

/** The Content-Types a stored file can have. */
export const MEDIA_TYPES: readonly UploadMediaType[] = FILE_TYPE_NAMES.map((name) => FILE_TYPES[name].mediaType);

/** How many leading bytes `detectFileType` needs to decide. */
export const SIGNATURE_BYTES = 12;

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const JPEG = Buffer.from([0xff, 0xd8, 0xff]);
const RIFF = Buffer.from('RIFF', 'latin1');
const WEBP = Buffer.from('WEBP', 'latin1');
const PDF = Buffer.from('%PDF-', 'latin1');

const startsWith = (head: Buffer, signature: Buffer, at = 0) =>
  head.length >= at + signature.length && head.subarray(at, at + signature.length).equals(signature);

/**
 * The type the first bytes of a file prove, or undefined when they match none of the
 * known signatures (SVG, HTML, scripts, archives and everything else).
 */
export function detectFileType(head: Buffer): FileType | undefined {
  if (startsWith(head, PNG)) return 'png';
  if (startsWith(head, JPEG)) return 'jpeg';
  if (startsWith(head, RIFF) && startsWith(head, WEBP, 8)) return 'webp';
  if (startsWith(head, PDF)) return 'pdf';
  return undefined;
}
