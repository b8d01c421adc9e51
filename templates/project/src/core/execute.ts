import { HttpError } from './errors.js';
import { logSecurityEvent, type Logger } from './logger.js';
import { BytesResponse, type JsonText, type Operation } from './operation.js';
import { jsonWriter } from './output.js';
import type { Authenticator, Principal, RequestHeaders } from './principal.js';
import { rateLimited, type RateLimiter } from './rate-limit.js';
import { parseInput } from './validation.js';

/** What the pipeline needs from the composition root. */
export interface PipelineServices {
  readonly logger: Logger;
  readonly authenticators: readonly Authenticator[];
  readonly limits: {
    /** Per user or API key, on protected operations (PRINCIPAL_RATE_LIMIT). */
    readonly principal: RateLimiter;
    /** Per client address, on operations that take credentials (AUTH_RATE_LIMIT). */
    readonly credentials: RateLimiter;
  };
}

/** One request, as the framework adapter hands it over. */
export interface Exchange {
  readonly headers: RequestHeaders;
  readonly clientAddress: string;
  readonly requestId: string;
  /** Path parameters, query parameters and the body read for the operation's body kind (undefined when none was sent). */
  readonly params: unknown;
  readonly query: unknown;
  readonly body: unknown;
  /** Adds one policy to the response's `RateLimit` and `RateLimit-Policy` headers. */
  addRateLimit(policy: string, value: string): void;
  /** The principal, once known: the request log names the user. */
  setPrincipal(principal: Principal): void;
}

/** What the adapter writes: a status and, unless 204, JSON text, or the bytes of a BytesResponse. */
export type Outcome =
  | { readonly status: number; readonly json: string | undefined; readonly bytes?: undefined }
  | { readonly status: number; readonly json?: undefined; readonly bytes: BytesResponse };

export type Execute = (exchange: Exchange) => Promise<Outcome>;

function challenge(authenticators: readonly Authenticator[]): Readonly<Record<string, string>> {
  return { 'www-authenticate': [...new Set(authenticators.map((authenticator) => authenticator.challenge))].join(', ') };
}

/** One call of an operation by a caller the pipeline has already authenticated (or a public one). */
export interface Invocation {
  readonly principal: Principal | undefined;
  readonly requestId: string;
  /** The request's headers (a webhook's signature is read from them). */
  readonly headers: RequestHeaders;
  readonly clientAddress: string;
  /** Raw path parameters, query parameters and body, parsed here by the operation's strict schemas. */
  readonly params: unknown;
  readonly query: unknown;
  readonly body: unknown;
}

/** Runs one operation for an authenticated caller; resolves to what its handler returned. */
export type Invoke = (invocation: Invocation) => Promise<unknown>;

/**
 * The part of the pipeline after authentication and rate limits, shared by every face of
 * the API (REST routes, GraphQL resolvers): the operation's role and scope, strict parsing
 * of params, query and body, then `handle`. Whatever calls an operation, a caller without
 * its scope gets `insufficient_scope` and invalid input `validation_failed`, as HttpErrors.
 */
export function createInvoke<S extends PipelineServices>(operation: Operation<S>, services: S): Invoke {
  const { access } = operation;

  /** The body `handle` sees: JSON parsed by its schema; a raw or stream body as the adapter read it. */
  function readBody(body: unknown): unknown {
    const kind = operation.body;
    if (kind.kind === 'json') return parseInput(kind.schema, body, 'body');
    return kind.kind === 'none' ? undefined : body;
  }

  return async (invocation) => {
    const { principal } = invocation;
    if (access.kind === 'protected') {
      if (principal === undefined) throw new HttpError('unauthorized');
      if (access.role !== undefined && principal.role !== access.role) {
        logSecurityEvent(services.logger, 'access_denied', { userId: principal.userId, route: operation.path });
        throw new HttpError('forbidden', { detail: `Only the ${access.role} role may use this route` });
      }
      if (access.scope !== undefined && principal.scopes !== 'all' && !principal.scopes.has(access.scope)) {
        logSecurityEvent(services.logger, 'access_denied', { userId: principal.userId, route: operation.path, scope: access.scope });
        throw new HttpError('insufficient_scope', {
          detail: `This route needs the ${access.scope} scope`,
          headers: { 'www-authenticate': `Bearer error="insufficient_scope", scope="${access.scope}"` },
        });
      }
    }
    const input = {
      params: operation.params === undefined ? {} : parseInput(operation.params, invocation.params, 'params'),
      query: parseInput(operation.query, invocation.query, 'query'),
      body: readBody(invocation.body),
    };
    return operation.handle(input, {
      services,
      principal,
      requestId: invocation.requestId,
      headers: invocation.headers,
      clientAddress: invocation.clientAddress,
    });
  };
}

/**
 * The one request pipeline of every operation, whatever the framework: authenticate
 * with the schemes the operation accepts (from headers only), the per-principal or
 * per-address credential limit, then `createInvoke` (role and scope, strict parsing of
 * params, query and body, `handle`), then the output writer of the success schema
 * (SEC-V4). Errors are HttpErrors, which the adapter turns into problem+json.
 */
export function createExecute<S extends PipelineServices>(operation: Operation<S>, services: S): Execute {
  const { access, success } = operation;
  const invoke = createInvoke(operation, services);
  const write = success.schema === undefined ? undefined : jsonWriter(success.schema);
  const authenticators =
    access.kind === 'protected' && access.schemes !== undefined
      ? services.authenticators.filter((authenticator) => access.schemes?.includes(authenticator.scheme))
      : services.authenticators;
  if (access.kind === 'protected' && authenticators.length === 0) {
    throw new Error(`${operation.method} ${operation.path}: none of its schemes (${access.schemes?.join(', ')}) is active`);
  }
  const unauthorized = challenge(authenticators);
  const { principal: principalLimit, credentials: credentialLimit } = services.limits;

  async function authenticate(exchange: Exchange): Promise<Principal> {
    for (const authenticator of authenticators) {
      const principal = await authenticator.authenticate(exchange.headers);
      if (principal !== undefined) return principal;
    }
    throw new HttpError('unauthorized', { headers: unauthorized });
  }

  async function admit(exchange: Exchange): Promise<Principal | undefined> {
    if (access.kind === 'public') {
      if (access.credentialLimit === true) {
        const decision = await credentialLimit.consume(exchange.clientAddress);
        if (!decision.allowed) throw rateLimited(credentialLimit, decision);
        exchange.addRateLimit(credentialLimit.policy, decision.header);
      }
      return undefined;
    }
    const principal = await authenticate(exchange);
    exchange.setPrincipal(principal);
    const decision = await principalLimit.consume(principal.credentialId ?? principal.userId);
    if (!decision.allowed) throw rateLimited(principalLimit, decision);
    exchange.addRateLimit(principalLimit.policy, decision.header);
    return principal;
  }

  return async (exchange) => {
    const principal = await admit(exchange);
    const { requestId, headers, clientAddress, params, query, body } = exchange;
    const result = await invoke({ principal, requestId, headers, clientAddress, params, query, body });
    if (success.status === 204) return { status: 204, json: undefined };
    if (result instanceof BytesResponse) return { status: success.status, bytes: result };
    return { status: success.status, json: write === undefined ? (result as JsonText) : write(result) };
  };
}
