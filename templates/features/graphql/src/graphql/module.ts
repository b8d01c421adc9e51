import type { FeatureModule } from '../core/modules.js';
import { graphqlConfig, type graphqlEnv, type GraphqlSettings } from './config.js';
import { graphqlOperation } from './operation.js';
import { createGraphqlService, type GraphqlNeeds, type GraphqlService } from './service.js';

/** What the composition root holds for GraphQL: `services.graphql`. */
export interface GraphqlServices {
  readonly graphql: GraphqlService;
}

/** `--graphql`: POST /graphql over the resources' own operations, with GRAPHQL_MAX_* limits. */
export const graphqlFeature: FeatureModule<'graphql', typeof graphqlEnv, GraphqlSettings, GraphqlService, GraphqlNeeds> = {
  name: 'graphql',
  config: graphqlConfig,
  migrations: [],
  operations: [graphqlOperation],
  create: ({ settings, logger }) => ({ service: createGraphqlService(settings, logger) }),
};
