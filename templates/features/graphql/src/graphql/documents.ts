import { costLimitRule } from '@escape.tech/graphql-armor-cost-limit';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import {
  GraphQLError,
  NoSchemaIntrospectionCustomRule,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type GraphQLSchema,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import type { GraphqlLimits } from './config.js';

/** A document that parsed and passed every rule, or the errors that stopped it. */
export type Checked =
  | { readonly ok: true; readonly document: DocumentNode }
  | { readonly ok: false; readonly errors: readonly GraphQLError[] };

/** Documents kept parsed and validated, by query text. */
const CACHE_SIZE = 500;

/** The armor rules report through the validation context like graphql-js's own rules, so every violation is listed. */
const report = {
  propagateOnRejection: false,
  onReject: [(context: ValidationContext | null, error: GraphQLError) => context?.reportError(error)],
};

/** The rules every document is checked against: graphql-js's own, the limits, and no introspection where it is off. */
function rulesFor(limits: GraphqlLimits, introspection: boolean): readonly ValidationRule[] {
  return [
    ...specifiedRules,
    maxDepthRule({ n: limits.depth, ...report }),
    maxAliasesRule({ n: limits.aliases, ...report }),
    maxDirectivesRule({ n: limits.directives, ...report }),
    costLimitRule({ maxCost: limits.cost, ...report }),
    ...(introspection ? [] : [NoSchemaIntrospectionCustomRule]),
  ];
}

/**
 * Parses and validates documents against the schema and the limits: at most
 * `limits.tokens` tokens (parsing stops there), then depth, aliases, directives and cost
 * (fragments counted where they are spread), introspection where it is off. Valid
 * documents are kept by query text (the last CACHE_SIZE used), so a repeated query is
 * neither parsed nor validated again.
 */
export function createDocumentChecker(schema: GraphQLSchema, limits: GraphqlLimits, introspection: boolean): (query: string) => Checked {
  const rules = rulesFor(limits, introspection);
  const valid = new Map<string, DocumentNode>();
  return (query) => {
    const cached = valid.get(query);
    if (cached !== undefined) {
      valid.delete(query);
      valid.set(query, cached);
      return { ok: true, document: cached };
    }
    let document: DocumentNode;
    try {
      document = parse(query, { maxTokens: limits.tokens, noLocation: false });
    } catch (error) {
      if (error instanceof GraphQLError) return { ok: false, errors: [error] };
      throw error;
    }
    const errors = validate(schema, document, rules);
    if (errors.length > 0) return { ok: false, errors };
    if (valid.size >= CACHE_SIZE) valid.delete(valid.keys().next().value as string);
    valid.set(query, document);
    return { ok: true, document };
  };
}
