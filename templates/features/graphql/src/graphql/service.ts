import { execute, getOperationAST, type GraphQLError, type ExecutionResult } from 'graphql';
import { createInvoke, type Invoke, type PipelineServices } from '../core/execute.js';
import { HttpError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { Operation, OperationContext } from '../core/operation.js';
import type { ResourceServices } from '../core/resource.js';
import { resources } from '../resources/index.js';
import type { GraphqlSettings } from './config.js';
import { createDocumentChecker } from './documents.js';
import { documentIssue, documentProblem, resolverError, type ErrorFormat } from './errors.js';
import { persistedHashOf, type GraphqlRequest, type GraphqlResult } from './request.js';
import { buildSchema, type GraphqlContext } from './schema.js';

/** What the resolvers need to run the resources' operations: the pipeline's services and the resources'. */
export type GraphqlNeeds = PipelineServices & ResourceServices;

export interface GraphqlService {
  /** Runs one GraphQL request as the caller of `context`; a document that cannot run is a 400 HttpError. */
  run(request: GraphqlRequest, context: OperationContext<GraphqlNeeds>): Promise<GraphqlResult>;
}

/** The document text a request runs: its query, or in persisted-only mode the persisted operation its hash names. */
function documentText(request: GraphqlRequest, settings: GraphqlSettings): string {
  if (!settings.persistedOnly) {
    if (request.query === undefined) throw new HttpError('bad_request', { detail: 'Send a query' });
    return request.query;
  }
  if (request.query !== undefined) {
    throw new HttpError('bad_request', {
      detail: 'Only persisted operations run here: send extensions.persistedQuery.sha256Hash, not a query',
    });
  }
  const hash = persistedHashOf(request);
  if (hash === undefined)
    throw new HttpError('bad_request', { detail: 'Send the extensions.persistedQuery.sha256Hash of a persisted operation' });
  const text = settings.persisted.get(hash);
  if (text === undefined) throw new HttpError('bad_request', { detail: 'No persisted operation has this sha256Hash' });
  return text;
}

/**
 * The GraphQL face of the resources. The schema is derived from their operations at
 * start-up; each request's document is checked once (then cached) against the limits;
 * each resolver runs the declared operation through `createInvoke`, with the request's
 * principal, so scopes, Zod parsing and owner scoping are those of REST.
 */
export function createGraphqlService(settings: GraphqlSettings, logger: Logger): GraphqlService {
  const schema = buildSchema(resources);
  const check = createDocumentChecker(schema, settings.limits, settings.introspection);
  const format: ErrorFormat = { suggestions: settings.introspection };
  const invokers = new WeakMap<GraphqlNeeds, Map<Operation<ResourceServices>, Invoke>>();
  const invokerOf = (services: GraphqlNeeds, operation: Operation<ResourceServices>): Invoke => {
    let known = invokers.get(services);
    if (known === undefined) {
      known = new Map();
      invokers.set(services, known);
    }
    let invoke = known.get(operation);
    if (invoke === undefined) {
      invoke = createInvoke<GraphqlNeeds>(operation, services);
      known.set(operation, invoke);
    }
    return invoke;
  };

  return {
    async run(request, context) {
      const checked = check(documentText(request, settings));
      if (!checked.ok) {
        throw documentProblem(
          'The GraphQL document was refused',
          checked.errors.map((error) => documentIssue(error, format)),
        );
      }
      const operation = getOperationAST(checked.document, request.operationName ?? undefined);
      if (operation === null) {
        throw documentProblem('operationName must name one operation of the document', []);
      }
      const { services, principal, requestId, headers, clientAddress } = context;
      const contextValue: GraphqlContext = {
        call: (declared, input) => invokerOf(services, declared)({ principal, requestId, headers, clientAddress, ...input }),
      };
      const result: ExecutionResult = await execute({
        schema,
        document: checked.document,
        operationName: request.operationName ?? undefined,
        variableValues: request.variables ?? undefined,
        contextValue,
      });
      if (!('data' in result)) {
        // The request could not start (its variables do not fit): nothing ran.
        const errors = (result.errors ?? []).map((error: GraphQLError) => documentIssue(error, format, 'BAD_USER_INPUT'));
        throw documentProblem('The variables do not fit the operation', errors);
      }
      return {
        data: result.data ?? null,
        ...(result.errors === undefined ? {} : { errors: result.errors.map((error) => resolverError(error, format, logger, requestId)) }),
      };
    },
  };
}
