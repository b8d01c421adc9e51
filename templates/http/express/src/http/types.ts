import type { Principal } from '../core/principal.js';

declare global {
  namespace Express {
    /**
     * What a request carries from one middleware to the next, on `res.locals`: Express
     * makes it fresh for each request, so nothing is added to the request object itself.
     */
    interface Locals {
      /** Random for each request; sent back as X-Request-Id and written in every log line. */
      requestId: string;
      /** performance.now() when the request arrived. */
      startedAt: number;
      /** The authenticated caller, once the operation pipeline knows it; undefined on public routes. */
      principal?: Principal;
    }
  }
}
