import type { FastifyPluginAsync } from 'fastify';
import type { ResourceDefinition } from '../core/resource.js';
import type { HttpContext } from './context.js';

/** The routes of one resource: a Fastify plugin, registered with the HTTP context. */
export type ResourceRoutes = FastifyPluginAsync<HttpContext>;

export type Resource = ResourceDefinition<ResourceRoutes>;
