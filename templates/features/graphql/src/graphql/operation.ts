import { noQuerySchema } from '../core/pagination.js';
import { operationsOf, signedIn } from '../core/operation.js';
import type { GraphqlNeeds, GraphqlService } from './service.js';
import { graphqlRequestSchema, graphqlResultSchema } from './request.js';

/** What the GraphQL operation reaches: the resolvers' needs and its own service. */
export type GraphqlOperationServices = GraphqlNeeds & { readonly graphql: GraphqlService };

const define = operationsOf<GraphqlOperationServices>();

/**
 * POST /graphql, one declared operation like any other: every adapter mounts it, so the
 * body limit, the `__proto__` guard, the 415 for other media types, the 405 for GET and
 * authentication (before the body is parsed) are those of every route. The caller needs
 * no scope to reach it; each field needs the scope of the operation it runs.
 */
export const graphqlOperation = define({
  method: 'POST',
  path: '/graphql',
  operationId: 'graphql',
  summary: 'Run one GraphQL query or mutation over the resources (schema derived from their operations)',
  tag: 'graphql',
  access: signedIn(),
  query: noQuerySchema,
  body: { kind: 'json', schema: graphqlRequestSchema },
  success: { status: 200, description: 'The GraphQL result: data, and an error for each field that failed', schema: graphqlResultSchema },
  errors: [400],
  handle: ({ body }, context) => context.services.graphql.run(body, context),
});
