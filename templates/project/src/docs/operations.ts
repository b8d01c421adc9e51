import { HttpError } from '../core/errors.js';
import { BytesResponse, NO_BODY, operationsOf, PUBLIC, type Operation } from '../core/operation.js';
import { noQuerySchema } from '../core/pagination.js';
import { DOCS_ASSETS, docsAssetBytes } from './assets.js';
import { DOCS_CSP, DOCS_PAGE } from './page.js';

/** What the docs operations need: whether this is production, where they answer 404. */
export interface DocsServices {
  readonly config: { readonly production: boolean };
}

const define = operationsOf<DocsServices>();

/** Production serves no API reference: the same 404 as a path that does not exist. */
function requireDevelopment(services: DocsServices): void {
  if (services.config.production) throw new HttpError('not_found');
}

/** GET /docs and the files it loads: an interactive reference of /openapi.json, outside production only. */
export const docsOperations = [
  define({
    method: 'GET',
    path: '/docs',
    operationId: 'getDocs',
    summary: 'Interactive API reference (not served in production)',
    tag: 'docs',
    access: PUBLIC,
    query: noQuerySchema,
    body: NO_BODY,
    success: { status: 200, description: 'Swagger UI on /openapi.json', mediaType: 'text/html' },
    errors: [404],
    handle: async (_input, { services }) => {
      requireDevelopment(services);
      return new BytesResponse('text/html; charset=utf-8', DOCS_PAGE, { 'content-security-policy': DOCS_CSP });
    },
  }),
  ...DOCS_ASSETS.map((asset) =>
    define({
      method: 'GET',
      path: `/docs/${asset.file}`,
      operationId: `getDocs${asset.file
        .split(/[^a-z0-9]+/i)
        .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
        .join('')}`,
      summary: `${asset.summary} (not served in production)`,
      tag: 'docs',
      access: PUBLIC,
      query: noQuerySchema,
      body: NO_BODY,
      success: { status: 200, description: asset.summary, mediaType: asset.mediaType },
      errors: [404],
      handle: async (_input, { services }) => {
        requireDevelopment(services);
        return new BytesResponse(`${asset.mediaType}; charset=utf-8`, docsAssetBytes(asset));
      },
    }),
  ),
] satisfies readonly Operation<DocsServices>[];
