import type { Principal } from '../core/principal.js';

declare global {
  namespace Express {
    interface Request {
      /** Random for each request; sent back as X-Request-Id and written in every log line. */
      id: string;
      /** performance.now() when the request arrived. */
      startedAt: number;
      /** Set by the authenticate middleware; undefined on public routes. */
      principal?: Principal;
    }
  }
}

export {};
