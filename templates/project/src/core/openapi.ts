import { z } from 'zod';
import { PROBLEM_CONTENT_TYPE } from './errors.js';
import type { Access, Operation } from './operation.js';

type JsonObject = Record<string, unknown>;

export interface SecurityScheme {
  /** Key under components.securitySchemes. */
  readonly name: string;
  readonly scheme: JsonObject;
}

export interface OpenApiOptions {
  readonly title: string;
  readonly version: string;
  readonly description: string;
  readonly operations: readonly Operation<never>[];
  /** The security schemes of the active auth modules; a protected operation accepts any of them unless it names its own. */
  readonly securitySchemes: readonly SecurityScheme[];
}

const INT32 = 2 ** 31;

/** Fills in the limits OpenAPI linters expect and Zod does not state for fixed formats. */
function completeLimits(schema: JsonObject): void {
  if (schema.type === 'integer' && schema.format === undefined) {
    const min = typeof schema.minimum === 'number' ? schema.minimum : -Infinity;
    const max = typeof schema.maximum === 'number' ? schema.maximum : Infinity;
    schema.format = min >= -INT32 && max < INT32 ? 'int32' : 'int64';
  }
  if (schema.type === 'string' && schema.maxLength === undefined && schema.enum === undefined && schema.const === undefined) {
    if (schema.format === 'uuid') schema.maxLength = 36;
    if (schema.format === 'date-time') schema.maxLength = 40;
  }
}

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonObject {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, {
    target: 'draft-2020-12',
    io,
    unrepresentable: 'any',
    override: (context) => completeLimits(context.jsonSchema as JsonObject),
  }) as JsonObject;
  return rest;
}

function parameters(object: z.ZodObject | undefined, location: 'path' | 'query'): JsonObject[] {
  if (object === undefined) return [];
  const schema = jsonSchema(object, 'input');
  const properties = (schema.properties ?? {}) as Record<string, JsonObject>;
  const required = new Set((schema.required ?? []) as string[]);
  return Object.entries(properties).map(([name, property]) => {
    const { description, ...rest } = property;
    return {
      name,
      in: location,
      required: location === 'path' || required.has(name),
      ...(typeof description === 'string' ? { description } : {}),
      schema: rest,
    };
  });
}

const ref = (kind: string, name: string) => ({ $ref: `#/components/${kind}/${name}` });

const RESPONSE_HEADERS = {
  RateLimit: ref('headers', 'RateLimit'),
  'RateLimit-Policy': ref('headers', 'RateLimit-Policy'),
  'X-Request-Id': ref('headers', 'X-Request-Id'),
  'Access-Control-Allow-Origin': ref('headers', 'Access-Control-Allow-Origin'),
};

const ERROR_RESPONSES: Record<number, { name: string; description: string }> = {
  400: { name: 'BadRequest', description: 'Invalid input: malformed JSON, an unknown or invalid field or parameter' },
  401: { name: 'Unauthorized', description: 'Missing, invalid or expired credentials' },
  403: { name: 'Forbidden', description: 'Not allowed: not an admin, or plain HTTP behind a proxy in production' },
  404: { name: 'NotFound', description: 'No such item for this caller' },
  409: { name: 'Conflict', description: 'Conflicts with existing data' },
  413: { name: 'PayloadTooLarge', description: 'Body larger than the configured limit' },
  415: { name: 'UnsupportedMediaType', description: 'Body is not application/json' },
  429: { name: 'TooManyRequests', description: 'Rate limit reached; retry after Retry-After seconds' },
  500: { name: 'InternalError', description: 'Unexpected error; details are only in the server log' },
  503: { name: 'ServiceUnavailable', description: 'The server or its database is not available' },
};

const PROBLEM_SCHEMA = {
  type: 'object',
  description: 'RFC 9457 problem details',
  required: ['type', 'title', 'status', 'requestId'],
  additionalProperties: false,
  properties: {
    type: { type: 'string', format: 'uri-reference', maxLength: 200 },
    title: { type: 'string', maxLength: 200, pattern: '^.+$' },
    status: { type: 'integer', format: 'int32', minimum: 400, maximum: 599 },
    detail: { type: 'string', maxLength: 1_000, pattern: '^.*$' },
    requestId: { type: 'string', format: 'uuid', maxLength: 36 },
    errors: {
      type: 'array',
      maxItems: 50,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['path', 'message'],
        properties: {
          path: { type: 'string', maxLength: 300, pattern: '^.*$' },
          message: { type: 'string', maxLength: 300, pattern: '^.*$' },
        },
      },
    },
  },
};

function errorResponse(status: number): JsonObject {
  const { description } = ERROR_RESPONSES[status] ?? { description: 'Error' };
  return {
    description,
    headers: status === 429 ? { ...RESPONSE_HEADERS, 'Retry-After': ref('headers', 'Retry-After') } : RESPONSE_HEADERS,
    content: { [PROBLEM_CONTENT_TYPE]: { schema: ref('schemas', 'Problem') } },
  };
}

function errorStatuses(operation: Operation<never>): number[] {
  const statuses = new Set([400, 403, 429, 500, ...(operation.errors ?? [])]);
  if (operation.access.kind === 'protected') statuses.add(401);
  if (operation.body.kind !== 'none') {
    statuses.add(413);
    statuses.add(415);
  }
  return [...statuses].sort((a, b) => a - b);
}

function securityFor(access: Access, schemes: readonly string[]): JsonObject[] {
  if (access.kind === 'public') return [{}];
  const scopes = [access.role, access.scope].filter((scope) => scope !== undefined);
  return (access.schemes ?? schemes).map((scheme) => ({ [scheme]: scopes }));
}

function successContent(success: Operation<never>['success']): JsonObject {
  if (success.status === 204) return {};
  if (success.mediaType !== undefined) return { content: { [success.mediaType]: { schema: { type: 'string', maxLength: 100_000_000 } } } };
  return {
    content: { 'application/json': { schema: success.schema === undefined ? { type: 'object' } : jsonSchema(success.schema, 'output') } },
  };
}

/** The request body of a JSON operation from its schema; a raw or streamed body as the bytes of each accepted media type. */
function requestBody(body: Operation<never>['body']): JsonObject {
  if (body.kind === 'none') return {};
  if (body.kind === 'json')
    return { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(body.schema, 'input') } } } };
  const content = Object.fromEntries(
    body.mediaTypes.map((mediaType) => [mediaType, { schema: { type: 'string', maxLength: 100_000_000 } }]),
  );
  return { requestBody: { required: true, content } };
}

function operationObject(operation: Operation<never>, schemes: readonly string[]): JsonObject {
  const { success } = operation;
  const responses: JsonObject = {
    [success.status]: {
      description: success.description,
      headers: RESPONSE_HEADERS,
      ...successContent(success),
    },
  };
  for (const status of errorStatuses(operation)) responses[status] = ref('responses', ERROR_RESPONSES[status]?.name ?? 'BadRequest');
  const parameterList = [...parameters(operation.params, 'path'), ...parameters(operation.query, 'query')];
  return {
    operationId: operation.operationId,
    summary: operation.summary,
    tags: [operation.tag],
    security: securityFor(operation.access, schemes),
    ...(parameterList.length > 0 ? { parameters: parameterList } : {}),
    ...requestBody(operation.body),
    responses,
  };
}

/** The OpenAPI 3.1 document of the API, from the operation list and its Zod schemas. */
export function buildOpenApiDocument(options: OpenApiOptions): JsonObject {
  const paths: Record<string, JsonObject> = {};
  const schemes = options.securitySchemes.map((scheme) => scheme.name);
  for (const operation of options.operations) {
    const item = paths[operation.path] ?? {};
    item[operation.method.toLowerCase()] = operationObject(operation, schemes);
    paths[operation.path] = item;
  }
  const responses = Object.fromEntries(Object.entries(ERROR_RESPONSES).map(([status, { name }]) => [name, errorResponse(Number(status))]));
  return {
    openapi: '3.1.0',
    info: { title: options.title, version: options.version, description: options.description },
    security: schemes.map((scheme) => ({ [scheme]: [] })),
    tags: [...new Set(options.operations.map((operation) => operation.tag))].map((name) => ({ name })),
    paths,
    components: {
      securitySchemes: Object.fromEntries(options.securitySchemes.map((scheme) => [scheme.name, scheme.scheme])),
      schemas: { Problem: PROBLEM_SCHEMA },
      responses,
      headers: {
        RateLimit: {
          description: 'Remaining quota of each policy (draft-ietf-httpapi-ratelimit-headers), e.g. "ip";r=299;t=60',
          schema: { type: 'string', maxLength: 200, pattern: '^.+$' },
        },
        'RateLimit-Policy': {
          description: 'Quota policies that apply, e.g. "ip";q=300;w=60',
          schema: { type: 'string', maxLength: 200, pattern: '^.+$' },
        },
        'Retry-After': {
          description: 'Seconds to wait before retrying',
          schema: { type: 'integer', format: 'int32', minimum: 1, maximum: 86_400 },
        },
        'X-Request-Id': {
          description: 'Identifies the request in the server log',
          schema: { type: 'string', format: 'uuid', maxLength: 36 },
        },
        'Access-Control-Allow-Origin': {
          description: 'Present only for origins listed in CORS_ORIGINS: that exact origin, never "*"',
          schema: { type: 'string', format: 'uri', maxLength: 2_048 },
        },
      },
    },
  };
}
