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
    /** Set by the authenticate middleware; unset on public routes. */
    principal?: Principal;
    /** The parsed JSON body, set by the jsonBody middleware. */
    body?: unknown;
  };
};
