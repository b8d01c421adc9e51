import { z } from 'zod';
import { found, HttpError } from '../core/errors.js';
import { BytesResponse, callerOf, NO_BODY, operationsOf, signedIn } from '../core/operation.js';
import { idParamsSchema, listQuerySchema, noQuerySchema, pageSchema } from '../core/pagination.js';
import { attachmentDisposition } from './display-name.js';
import { MEDIA_TYPES } from './file-types.js';
import type { UploadService } from './service.js';

/** What the upload operations need from the composition root. */
export interface UploadServices {
  readonly uploads: UploadService;
}

export const uploadSchema = z.strictObject({
  id: z.uuid(),
  name: z.string().min(1).max(255).meta({ description: 'The client’s file name, sanitised; never used as a path.' }),
  mediaType: z.enum(MEDIA_TYPES).meta({ description: 'The type detected from the bytes.' }),
  size: z.int().min(0),
  sha256: z
    .string()
    .length(64)
    .regex(/^[0-9a-f]{64}$/),
  createdAt: z.iso.datetime(),
});

const PATH = '/v1/uploads';
const ITEM_PATH = `${PATH}/{id}`;
const read = signedIn({ scope: 'uploads:read' });
const write = signedIn({ scope: 'uploads:write' });
const common = { tag: 'uploads', query: noQuerySchema } as const;
const define = operationsOf<UploadServices>();

/**
 * Owner-scoped uploads: create (multipart, one part named `file`), list, metadata,
 * download and delete. GET needs `uploads:read`, the others `uploads:write`.
 */
export const uploadOperations = [
  define({
    ...common,
    method: 'POST',
    path: PATH,
    operationId: 'uploadsCreate',
    summary: 'Upload a file (multipart/form-data, one part named "file")',
    access: write,
    body: { kind: 'stream', mediaTypes: ['multipart/form-data'] },
    success: { status: 201, description: 'The stored file’s metadata', schema: uploadSchema },
    errors: [413, 415, 422, 503],
    handle: ({ body }, context) => context.services.uploads.create(callerOf(context).userId, body),
  }),
  define({
    ...common,
    method: 'GET',
    path: PATH,
    operationId: 'uploadsList',
    summary: 'List your uploads, newest first',
    access: read,
    query: listQuerySchema,
    body: NO_BODY,
    success: { status: 200, description: 'A page of uploads', schema: pageSchema(uploadSchema) },
    handle: ({ query }, context) => context.services.uploads.list(callerOf(context).userId, query),
  }),
  define({
    ...common,
    method: 'GET',
    path: ITEM_PATH,
    operationId: 'uploadsGet',
    summary: 'Read the metadata of one of your uploads',
    access: read,
    params: idParamsSchema,
    body: NO_BODY,
    success: { status: 200, description: 'The upload’s metadata', schema: uploadSchema },
    errors: [404],
    handle: async ({ params }, context) => found(await context.services.uploads.get(callerOf(context).userId, params.id)),
  }),
  define({
    ...common,
    method: 'GET',
    path: `${ITEM_PATH}/content`,
    operationId: 'uploadsContent',
    summary: 'Download one of your uploads (as an attachment, with the detected type)',
    access: read,
    params: idParamsSchema,
    body: NO_BODY,
    success: { status: 200, description: 'The file’s bytes', mediaType: 'application/octet-stream' },
    errors: [404],
    handle: async ({ params }, context) => {
      const { record, stream } = found(await context.services.uploads.content(callerOf(context).userId, params.id));
      return new BytesResponse(record.mediaType, stream, {
        'content-disposition': attachmentDisposition(record.name),
        'content-length': String(record.size),
        'x-content-type-options': 'nosniff',
        'content-security-policy': "default-src 'none'; sandbox",
      });
    },
  }),
  define({
    ...common,
    method: 'DELETE',
    path: ITEM_PATH,
    operationId: 'uploadsDelete',
    summary: 'Delete one of your uploads and its file',
    access: write,
    params: idParamsSchema,
    body: NO_BODY,
    success: { status: 204, description: 'Deleted' },
    errors: [404],
    handle: async ({ params }, context) => {
      if (!(await context.services.uploads.remove(callerOf(context).userId, params.id))) throw new HttpError('not_found');
      return undefined;
    },
  }),
];
