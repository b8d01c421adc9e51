import type { GraphQLError } from 'graphql';
import { HttpError, type DocumentIssue, type ProblemCode } from '../core/errors.js';
import type { Logger } from '../core/logger.js';

/** A GraphQL error as the response carries it. */
export type GraphqlErrorJson = DocumentIssue;

/** The `extensions.code` of each problem a declared operation raises. */
const CODES: Partial<Record<ProblemCode, string>> = {
  not_found: 'NOT_FOUND',
  forbidden: 'FORBIDDEN',
  insufficient_scope: 'FORBIDDEN',
  validation_failed: 'BAD_USER_INPUT',
  invalid_cursor: 'BAD_USER_INPUT',
  bad_request: 'BAD_USER_INPUT',
  unauthorized: 'UNAUTHENTICATED',
  conflict: 'CONFLICT',
  rate_limited: 'RATE_LIMITED',
};

const SUGGESTION = / ?Did you mean [^?]*\?/g;

/** How errors leave the server: suggestions dropped where they are off. */
export interface ErrorFormat {
  readonly suggestions: boolean;
}

/** The message, without "Did you mean …?" where suggestions are off (they would reveal the schema). */
function messageOf(error: GraphQLError, format: ErrorFormat): string {
  return format.suggestions ? error.message : error.message.replace(SUGGESTION, '');
}

/** An error of the document itself (syntax, rules, limits, variables): its message names no data. */
export function documentIssue(error: GraphQLError, format: ErrorFormat, code = 'GRAPHQL_VALIDATION_FAILED'): DocumentIssue {
  return {
    message: messageOf(error, format),
    ...(error.locations === undefined ? {} : { locations: error.locations.map(({ line, column }) => ({ line, column })) }),
    extensions: { code },
  };
}

/**
 * An error raised while resolving a field. A declared operation's own HttpError keeps its
 * title, detail and validation issues, with a code (NOT_FOUND, FORBIDDEN, BAD_USER_INPUT,
 * UNAUTHENTICATED…). Anything else is masked: the client sees "Internal server error" and
 * the log gets the request id, the field and the error's class, never its message.
 */
export function resolverError(error: GraphQLError, format: ErrorFormat, logger: Logger, requestId: string): GraphqlErrorJson {
  const where = error.path === undefined ? {} : { path: error.path };
  const original = error.originalError;
  if (original instanceof HttpError) {
    return {
      message: original.detail ?? original.message,
      ...where,
      extensions: {
        code: CODES[original.code] ?? original.code.toUpperCase(),
        ...(original.errors === undefined ? {} : { issues: original.errors }),
      },
    };
  }
  if (original === undefined) {
    // Raised by graphql-js itself (a value that does not fit its type): the message is the schema's.
    return { message: messageOf(error, format), ...where, extensions: { code: 'GRAPHQL_EXECUTION_FAILED' } };
  }
  logger.error({ requestId, field: error.path?.join('.'), errorType: original.name }, 'graphql resolver failed');
  return { message: 'Internal server error', ...where, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
}

/** A 400 problem listing a document's errors. */
export function documentProblem(detail: string, errors: readonly DocumentIssue[]): HttpError {
  return new HttpError('bad_request', { detail, errors });
}
