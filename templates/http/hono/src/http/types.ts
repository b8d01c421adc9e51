import type { HttpBindings } from '@hono/node-server';
import type { Principal } from '../core/principal.js';

/**
 * The Hono environment of this API: handlers reach Node's request and response through
 * `c.env` (the bindings of @hono/node-server), and per-request values through `c.get`.
 */
export type AppEnv = {
  Bindings: HttpBindings;
  Variables: {
    /** A fresh UUID, sent as X-Request-Id and written to every log line of the request. */
    requestId: string;
    /** The client's address as TRUST_PROXY allows; rate limits key on it. */
    clientAddress: string;
    /** The authenticated caller, once the operation pipeline knows it; unset on public routes. */
    principal?: Principal;
    /** The headers of this request's answer (response-headers.ts). */
    responseHeaders?: Record<string, string>;
    /** The parsed JSON body, set by the body middleware of operations that take one. */
    body?: unknown;
  };
};
