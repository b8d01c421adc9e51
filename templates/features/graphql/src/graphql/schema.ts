import {
  GraphQLBoolean,
  GraphQLNonNull,
  GraphQLObjectType,
  GraphQLSchema,
  GraphQLString,
  type GraphQLFieldConfig,
  type GraphQLFieldConfigArgumentMap,
} from 'graphql';
import type { Operation } from '../core/operation.js';
import { API_VERSION } from '../core/project.js';
import type { Resource, ResourceServices } from '../core/resource.js';
import { resourceNames } from './names.js';
import { argumentType, inputType, jsonSchemaOf, objectType, propertiesOf } from './types.js';

/** The raw input of one operation call, as a REST request would carry it. */
export interface CallInput {
  readonly params: Readonly<Record<string, unknown>>;
  readonly query: Readonly<Record<string, unknown>>;
  readonly body: unknown;
}

/** What every resolver is given: the way to run a declared operation as the request's caller. */
export interface GraphqlContext {
  call(operation: Operation<ResourceServices>, input: CallInput): Promise<unknown>;
}

type Field = GraphQLFieldConfig<unknown, GraphqlContext, Record<string, unknown>>;

/** The argument of a body: `input`. */
const BODY_ARGUMENT = 'input';

/**
 * The field of one operation: its path and query parameters become arguments (a null
 * argument counts as absent), its JSON body the `input` argument, and resolving it calls
 * the operation itself, whose own Zod schemas check every value.
 */
function operationField(operation: Operation<ResourceServices>, type: Field['type'], bodyType?: string): Field {
  const args: GraphQLFieldConfigArgumentMap = {};
  const params = operation.params === undefined ? [] : propertiesOf(jsonSchemaOf(operation.params, 'input'), operation.operationId);
  const query = propertiesOf(jsonSchemaOf(operation.query, 'input'), operation.operationId);
  for (const property of [...params, ...query]) {
    args[property.name] = { type: argumentType(property.schema, property.optional, operation.operationId, property.name) };
  }
  if (operation.body.kind === 'json' && bodyType !== undefined) {
    args[BODY_ARGUMENT] = { type: new GraphQLNonNull(inputType(bodyType, jsonSchemaOf(operation.body.schema, 'input'))) };
  }
  const paramNames = params.map((property) => property.name);
  const queryNames = query.map((property) => property.name);
  const pick = (names: readonly string[], from: Record<string, unknown>) =>
    Object.fromEntries(names.flatMap((name) => (from[name] === undefined || from[name] === null ? [] : [[name, from[name]]])));
  return {
    type,
    description: operation.summary,
    args,
    resolve: async (_source, values, context) => {
      const result = await context.call(operation, {
        params: pick(paramNames, values),
        query: pick(queryNames, values),
        body: values[BODY_ARGUMENT],
      });
      return operation.success.status === 204 ? true : result;
    },
  };
}

/** The operation of a resource with this method on its collection or item path. */
function operationOf(resource: Resource, method: Operation['method'], onItem: boolean): Operation<ResourceServices> {
  const path = onItem ? `${resource.path}/{id}` : resource.path;
  const found = resource.operations.find((operation) => operation.method === method && operation.path === path);
  if (found === undefined) throw new Error(`${resource.name}: no ${method} ${path} operation to serve over GraphQL`);
  return found;
}

/**
 * The GraphQL schema of the resources, derived from their declared operations at start-up:
 * per resource a list query (`notes(limit, cursor)`), a one-item query (`note(id)`, null
 * when the caller has no such item) and the mutations `createNote(input)`,
 * `updateNote(id, input)` and `deleteNote(id)`. A new resource appears with no other change.
 */
export function buildSchema(resources: readonly Resource[]): GraphQLSchema {
  const queries: Record<string, Field> = {
    apiVersion: { type: new GraphQLNonNull(GraphQLString), description: 'The version of this API', resolve: () => API_VERSION },
  };
  const mutations: Record<string, Field> = {};
  const claim = (fields: Record<string, Field>, name: string, resource: Resource, field: Field) => {
    if (name in queries || name in mutations) throw new Error(`${resource.name}: its GraphQL field ${name} is taken by another resource`);
    fields[name] = field;
  };
  for (const resource of resources) {
    const names = resourceNames(resource.name);
    const item = objectType(names.type, jsonSchemaOf(resource.schemas.item, 'output'));
    const list = operationOf(resource, 'GET', false);
    if (list.success.schema === undefined) throw new Error(`${resource.name}: its list declares no output schema`);
    const page = objectType(`${names.type}Page`, jsonSchemaOf(list.success.schema, 'output'), item);
    const stem = names.type;
    claim(queries, names.list, resource, operationField(list, new GraphQLNonNull(page)));
    claim(queries, names.item, resource, operationField(operationOf(resource, 'GET', true), item));
    claim(
      mutations,
      `create${stem}`,
      resource,
      operationField(operationOf(resource, 'POST', false), new GraphQLNonNull(item), `Create${stem}Input`),
    );
    claim(mutations, `update${stem}`, resource, operationField(operationOf(resource, 'PATCH', true), item, `Update${stem}Input`));
    claim(mutations, `delete${stem}`, resource, operationField(operationOf(resource, 'DELETE', true), GraphQLBoolean));
  }
  return new GraphQLSchema({
    query: new GraphQLObjectType({ name: 'Query', fields: queries }),
    ...(Object.keys(mutations).length === 0 ? {} : { mutation: new GraphQLObjectType({ name: 'Mutation', fields: mutations }) }),
  });
}
