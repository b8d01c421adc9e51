import type { Principal } from '../core/principal.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The authenticated caller, once the operation pipeline knows it; null on public routes. */
    principal: Principal | null;
  }
}
