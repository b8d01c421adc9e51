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
 * How the request body is read before `handle`: `none` reads no body; `json` parses
 * application/json (413 over BODY_LIMIT, 415 for other types, 400 for malformed JSON or
 * prototype keys) and validates it with the strict schema.
 */
export type BodyKind<B extends z.ZodType = z.ZodType> = { readonly kind: 'none' } | { readonly kind: 'json'; readonly schema: B };

export const NO_BODY = Object.freeze({ kind: 'none' }) satisfies BodyKind;

/** What `handle` receives: every part already parsed by its strict schema. */
export interface OperationInput<P extends z.ZodObject, Q extends z.ZodObject, B extends z.ZodType> {
  readonly params: z.output<P>;
  readonly query: z.output<Q>;
  readonly body: z.output<B>;
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
  B extends z.ZodType = z.ZodType,
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
  readonly body: BodyKind<B>;
  readonly success: {
    readonly status: 200 | 201 | 204;
    readonly description: string;
    /** Only what it declares is written (SEC-V4). Absent for 204, and for handlers that return JsonText. */
    readonly schema?: O;
  };
  /** Error statuses this operation answers beyond those every operation of its kind has. */
  readonly errors?: readonly number[];
  handle(input: OperationInput<P, Q, B>, context: OperationContext<Services>): Promise<z.input<O> | JsonText | undefined>;
}

/**
 * The declaration helper of operations served with `Services`: each operation's input and
 * output types are inferred from its own schemas.
 */
export function operationsOf<Services>() {
  return <P extends z.ZodObject, Q extends z.ZodObject, B extends z.ZodType, O extends z.ZodType>(
    operation: Operation<Services, P, Q, B, O>,
  ): Operation<Services, P, Q, B, O> => operation;
}

/** The principal of a protected operation (the pipeline has authenticated it). */
export function callerOf(context: OperationContext<unknown>): Principal {
  if (context.principal === undefined) throw new Error('a protected operation ran without a principal');
  return context.principal;
}
