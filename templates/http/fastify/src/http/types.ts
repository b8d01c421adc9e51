import type { Principal } from '../core/principal.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the authenticate hook; null on public routes. */
    principal: Principal | null;
  }
}
