import type { Readable } from 'node:stream';
import type { z } from 'zod';
import type { Principal, RequestHeaders, Role } from './principal.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Anyone may call it. `credentialLimit`: it takes credentials (register, login), so AUTH_RATE_LIMIT applies per address. */
export interface PublicAccess {
  readonly kind: 'public';
  readonly credentialLimit?: boolean;
}

/**
 * A caller authenticated by one of `schemes` (every active scheme when absent), holding
 * `scope` when given, and the `role` when given (read from the database on every request).
 */
export interface ProtectedAccess {
  readonly kind: 'protected';
  readonly schemes?: readonly string[];
  readonly scope?: string;
  readonly role?: Role;
}

export type Access = PublicAccess | ProtectedAccess;

export const PUBLIC: PublicAccess = Object.freeze({ kind: 'public' });
export const CREDENTIALS: PublicAccess = Object.freeze({ kind: 'public', credentialLimit: true });

export function signedIn(rule: Omit<ProtectedAccess, 'kind'> = {}): ProtectedAccess {
  return Object.freeze({ kind: 'protected', ...rule });
}

/**
 * How the request body is read before `handle`:
 * - `none` reads no body;
 * - `json` parses application/json (413 over BODY_LIMIT, 415 for other types, 400 for
 *   malformed JSON or prototype keys) and validates it with the strict schema;
 * - `raw` hands over the exact bytes, unparsed (a signature is computed over them): 415
 *   unless the media type is one of `mediaTypes`, 413 past `maxBytes(services)`;
 * - `stream` leaves the body unread for `handle` to stream (415 as for `raw`); the
 *   handler enforces its own size limit.
 */
export type BodyKind<S = unknown> =
  | { readonly kind: 'none' }
  | { readonly kind: 'json'; readonly schema: z.ZodType }
  | { readonly kind: 'raw'; readonly mediaTypes: readonly string[]; maxBytes(services: S): number }
  | { readonly kind: 'stream'; readonly mediaTypes: readonly string[] };

export const NO_BODY = Object.freeze({ kind: 'none' }) satisfies BodyKind;

/** The body of a `raw` operation: its media type (lower case, no parameters), the Content-Type as sent, the bytes. */
export interface RawBody {
  readonly mediaType: string;
  readonly contentType: string;
  readonly bytes: Buffer;
}

/** The body of a `stream` operation, not yet read. */
export interface StreamBody {
  readonly mediaType: string;
  readonly contentType: string;
  /** The declared Content-Length; undefined for a chunked body. */
  readonly contentLength: number | undefined;
  readonly stream: Readable;
}

/** What `handle` receives as `body` for an operation of body kind `K`. */
export type BodyOf<K> = K extends { readonly kind: 'json'; readonly schema: infer B extends z.ZodType }
  ? z.output<B>
  : K extends { readonly kind: 'raw' }
    ? RawBody
    : K extends { readonly kind: 'stream' }
      ? StreamBody
      : undefined;

/**
 * A non-JSON answer (a page, a download): written as it is, with its Content-Type and
 * `headers`, which replace the security headers of the same name (a page's own
 * Content-Security-Policy, a download's Content-Disposition).
 */
export class BytesResponse {
  constructor(
    readonly contentType: string,
    readonly body: Buffer | string | Readable,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {}
}

/** What `handle` receives: every part already parsed by its strict schema. */
export interface OperationInput<P extends z.ZodObject, Q extends z.ZodObject, K> {
  readonly params: z.output<P>;
  readonly query: z.output<Q>;
  readonly body: BodyOf<K>;
}

/** The request as the operation sees it; nothing framework-specific. */
export interface OperationContext<Services> {
  readonly services: Services;
  /** The authenticated caller; set for every protected operation. */
  readonly principal: Principal | undefined;
  readonly requestId: string;
  /** The request headers, names in lower case (a webhook's signature travels in them). */
  readonly headers: RequestHeaders;
  /** The client's address as TRUST_PROXY allows (rate limits key on it). */
  readonly clientAddress: string;
}

/** JSON text the handler built itself (the OpenAPI document), written as it is. */
export type JsonText = string & { readonly __json: true };

/**
 * One HTTP operation of the API, declared once and executable: the framework adapter
 * mounts it, /openapi.json documents it, the 405 answers, CORS preflights and security
 * tests are derived from it.
 */
export interface Operation<
  Services = unknown,
  P extends z.ZodObject = z.ZodObject,
  Q extends z.ZodObject = z.ZodObject,
  K extends BodyKind<Services> = BodyKind<Services>,
  O extends z.ZodType = z.ZodType,
> {
  readonly method: HttpMethod;
  /** OpenAPI-style path: /v1/notes/{id}. */
  readonly path: string;
  readonly operationId: string;
  readonly summary: string;
  readonly tag: string;
  readonly access: Access;
  readonly params?: P;
  readonly query: Q;
  readonly body: K;
  readonly success: {
    readonly status: 200 | 201 | 202 | 204;
    readonly description: string;
    /** Only what it declares is written (SEC-V4). Absent for 204, and for handlers that return JsonText or BytesResponse. */
    readonly schema?: O;
    /** The Content-Type of a handler that returns BytesResponse, for /openapi.json. */
    readonly mediaType?: string;
  };
  /** Error statuses this operation answers beyond those every operation of its kind has. */
  readonly errors?: readonly number[];
  handle(input: OperationInput<P, Q, K>, context: OperationContext<Services>): Promise<z.input<O> | JsonText | BytesResponse | undefined>;
}

/**
 * The declaration helper of operations served with `Services`: each operation's input and
 * output types are inferred from its own schemas.
 */
export function operationsOf<Services>() {
  return <P extends z.ZodObject, Q extends z.ZodObject, K extends BodyKind<Services>, O extends z.ZodType>(
    operation: Operation<Services, P, Q, K, O>,
  ): Operation<Services, P, Q, K, O> => operation;
}

/** The principal of a protected operation (the pipeline has authenticated it). */
export function callerOf(context: OperationContext<unknown>): Principal {
  if (context.principal === undefined) throw new Error('a protected operation ran without a principal');
  return context.principal;
}
