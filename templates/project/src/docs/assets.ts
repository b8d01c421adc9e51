import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { HttpError } from '../core/errors.js';
import { DOCS_SCRIPT } from './page.js';

/** A file the docs page loads: its name under /docs/, its media type, and where its bytes come from. */
export interface DocsAsset {
  readonly file: string;
  readonly mediaType: 'text/css' | 'text/javascript';
  readonly summary: string;
  /** A file of the swagger-ui-dist package, or text of this project. */
  readonly source: { readonly swaggerUi: string } | { readonly text: string };
}

export const DOCS_ASSETS: readonly DocsAsset[] = [
  { file: 'swagger-ui.css', mediaType: 'text/css', summary: "Swagger UI's style sheet", source: { swaggerUi: 'swagger-ui.css' } },
  {
    file: 'swagger-ui-bundle.js',
    mediaType: 'text/javascript',
    summary: "Swagger UI's standalone bundle",
    source: { swaggerUi: 'swagger-ui-bundle.js' },
  },
  { file: 'docs.js', mediaType: 'text/javascript', summary: 'Starts Swagger UI on /openapi.json', source: { text: DOCS_SCRIPT } },
];

const read = new Map<string, Buffer>();

/** The folder of the installed swagger-ui-dist package (a dev dependency). */
function swaggerUiFolder(): string {
  try {
    return dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
  } catch {
    throw new HttpError('not_found', {
      detail: 'The API reference needs the dev dependency swagger-ui-dist; install the dev dependencies',
    });
  }
}

/**
 * The bytes of a docs asset: Swagger UI's files from the project's own node_modules (never a
 * CDN), read once, or the project's own text.
 */
export function docsAssetBytes(asset: DocsAsset): Buffer {
  let bytes = read.get(asset.file);
  if (bytes === undefined) {
    bytes = 'text' in asset.source ? Buffer.from(asset.source.text) : readFileSync(join(swaggerUiFolder(), asset.source.swaggerUi));
    read.set(asset.file, bytes);
  }
  return bytes;
}
