import { z } from 'zod';
import { ConfigError, integerVar, type ConfigIssue } from '../core/env.js';
import type { ConfigSection } from '../core/modules.js';
import { loadPersistedOperations } from './persisted.js';

export const graphqlEnv = {
  GRAPHQL_MAX_DEPTH: integerVar(1, 100).prefault('8'),
  GRAPHQL_MAX_ALIASES: integerVar(0, 1_000).prefault('15'),
  GRAPHQL_MAX_DIRECTIVES: integerVar(0, 1_000).prefault('50'),
  GRAPHQL_MAX_TOKENS: integerVar(10, 100_000).prefault('1000'),
  GRAPHQL_MAX_COST: integerVar(1, 1_000_000).prefault('5000'),
  GRAPHQL_PERSISTED_ONLY: z.enum(['true', 'false'], { error: 'must be true or false' }).default('false'),
};

/** What bounds a GraphQL document before it runs. */
export interface GraphqlLimits {
  readonly depth: number;
  readonly aliases: number;
  readonly directives: number;
  readonly tokens: number;
  readonly cost: number;
}

export interface GraphqlSettings {
  readonly limits: GraphqlLimits;
  /** Only operations of the build-time manifest run (`npm run graphql:persist`). */
  readonly persistedOnly: boolean;
  /** The manifest's documents by SHA-256, read only in persisted-only mode (else empty). */
  readonly persisted: ReadonlyMap<string, string>;
  /** Introspection and "Did you mean" suggestions are answered outside production only. */
  readonly introspection: boolean;
}

/** GRAPHQL_MAX_* and GRAPHQL_PERSISTED_ONLY: the limits every document is checked against. */
export const graphqlConfig: ConfigSection<typeof graphqlEnv, GraphqlSettings> = {
  env: graphqlEnv,
  read: (vars, production) => {
    const persistedOnly = vars.GRAPHQL_PERSISTED_ONLY === 'true';
    const issues: ConfigIssue[] = [];
    let persisted: ReadonlyMap<string, string> = new Map();
    try {
      if (persistedOnly) persisted = loadPersistedOperations();
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      issues.push(...error.issues);
    }
    return {
      settings: {
        limits: {
          depth: vars.GRAPHQL_MAX_DEPTH,
          aliases: vars.GRAPHQL_MAX_ALIASES,
          directives: vars.GRAPHQL_MAX_DIRECTIVES,
          tokens: vars.GRAPHQL_MAX_TOKENS,
          cost: vars.GRAPHQL_MAX_COST,
        },
        persistedOnly,
        persisted,
        introspection: !production,
      },
      issues,
    };
  },
};
