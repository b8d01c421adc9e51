import { z } from 'zod';

const isMap = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * A JSON object whose members the schema of the GraphQL operation (not this one) defines:
 * variables, extensions, data. Published as an object of any members.
 */
const jsonMap = (description: string) =>
  z.custom<Record<string, unknown>>(isMap, { error: 'must be a JSON object' }).meta({ type: 'object', description });

/** A persisted operation named by the SHA-256 of its text (the Automatic Persisted Queries form). */
const persistedQuerySchema = z.object({ version: z.literal(1), sha256Hash: z.string().regex(/^[0-9a-f]{64}$/) });

/**
 * The body of POST /graphql: one operation (an array, i.e. a batch, is refused), every
 * member optional but `query`, which a persisted operation replaces with its hash.
 */
export const graphqlRequestSchema = z.strictObject({
  query: z.string().max(100_000).optional(),
  variables: jsonMap("The values of the operation's variables").nullish(),
  operationName: z.string().max(256).nullish(),
  extensions: jsonMap('Protocol extensions, such as persistedQuery').nullish(),
});

export type GraphqlRequest = z.output<typeof graphqlRequestSchema>;

/** The hash of the persisted operation the request names, if it names one. */
export function persistedHashOf(request: GraphqlRequest): string | undefined {
  const parsed = persistedQuerySchema.safeParse(request.extensions?.persistedQuery);
  return parsed.success ? parsed.data.sha256Hash : undefined;
}

const location = z.strictObject({ line: z.int32().min(1), column: z.int32().min(1) }).readonly();

/** The result of POST /graphql: the data of the fields that resolved, and an error for each that did not. */
export const graphqlResultSchema = z.strictObject({
  data: jsonMap('The fields that resolved, shaped as the operation selected them').nullable().optional(),
  errors: z
    .array(
      z.strictObject({
        message: z.string().max(1_000),
        locations: z.array(location).max(100).readonly().optional(),
        path: z
          .array(z.union([z.string().max(256), z.int32().min(0)]))
          .max(100)
          .readonly()
          .optional(),
        extensions: jsonMap("The error's code and details").optional(),
      }),
    )
    .max(100)
    .readonly()
    .optional(),
});

export type GraphqlResult = z.input<typeof graphqlResultSchema>;
