import {
  GraphQLBoolean,
  GraphQLFloat,
  GraphQLID,
  GraphQLInputObjectType,
  GraphQLInt,
  GraphQLList,
  GraphQLNonNull,
  GraphQLObjectType,
  GraphQLString,
  type GraphQLFieldConfigMap,
  type GraphQLInputFieldConfigMap,
  type GraphQLInputType,
  type GraphQLOutputType,
  type GraphQLScalarType,
} from 'graphql';
import { z } from 'zod';

/** A JSON Schema as Zod writes it. */
type JsonSchema = Readonly<Record<string, unknown>>;

const INT32 = { min: -2_147_483_648, max: 2_147_483_647 };

const isSchema = (value: unknown): value is JsonSchema => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The JSON Schema of a Zod schema, as clients send it (`input`) or as the server writes it (`output`). */
export function jsonSchemaOf(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  return z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
}

/** The schema without its `null` branch, and whether it had one. */
function withoutNull(schema: JsonSchema): { readonly schema: JsonSchema; readonly nullable: boolean } {
  const branches = schema.anyOf;
  if (Array.isArray(branches)) {
    const others = branches.filter((branch) => !(isSchema(branch) && branch.type === 'null'));
    if (others.length === 1 && isSchema(others[0])) return { schema: others[0], nullable: others.length < branches.length };
  }
  return { schema, nullable: false };
}

/** The scalar a property maps to; its own Zod schema still checks every value (formats, lengths, enum values). */
function scalarOf(schema: JsonSchema, where: string, isId: boolean): GraphQLScalarType {
  if (Array.isArray(schema.enum) && schema.enum.every((value) => typeof value === 'string')) return GraphQLString;
  switch (schema.type) {
    case 'string':
      return isId ? GraphQLID : GraphQLString;
    case 'boolean':
      return GraphQLBoolean;
    case 'number':
      return GraphQLFloat;
    case 'integer': {
      const min = typeof schema.minimum === 'number' ? schema.minimum : -Infinity;
      const max = typeof schema.maximum === 'number' ? schema.maximum : Infinity;
      return min >= INT32.min && max <= INT32.max ? GraphQLInt : GraphQLFloat;
    }
    default:
      throw new Error(`${where}: no GraphQL scalar for the JSON Schema ${JSON.stringify(schema).slice(0, 120)}`);
  }
}

/** Each property of an object schema: its schema without `null`, whether it may be null or left out. */
export function propertiesOf(schema: JsonSchema, where: string) {
  if (!isSchema(schema.properties)) throw new Error(`${where}: not an object schema`);
  const required = new Set(Array.isArray(schema.required) ? schema.required : []);
  return Object.entries(schema.properties).map(([name, property]) => {
    if (!isSchema(property)) throw new Error(`${where}.${name}: not a schema`);
    const { schema: inner, nullable } = withoutNull(property);
    return { name, schema: inner, optional: nullable || !required.has(name) || 'default' in inner };
  });
}

/** The GraphQL type of one property: a scalar, or a list of `item` when the schema is an array. */
function propertyType(schema: JsonSchema, where: string, isId: boolean, item?: GraphQLObjectType): GraphQLOutputType {
  if (schema.type === 'array') {
    if (item === undefined) throw new Error(`${where}: a list needs its item type`);
    return new GraphQLNonNull(new GraphQLList(new GraphQLNonNull(item)));
  }
  return scalarOf(schema, where, isId);
}

/**
 * The object type of an output schema: a property is non-null unless the schema lets it be
 * null or absent; `id` is an ID. An array property lists `item`.
 */
export function objectType(name: string, schema: JsonSchema, item?: GraphQLObjectType): GraphQLObjectType {
  const properties = propertiesOf(schema, name);
  return new GraphQLObjectType({
    name,
    fields: () =>
      Object.fromEntries(
        properties.map((property): [string, { type: GraphQLOutputType }] => {
          const type = propertyType(property.schema, `${name}.${property.name}`, property.name === 'id', item);
          return [property.name, { type: property.optional || type instanceof GraphQLNonNull ? type : new GraphQLNonNull(type) }];
        }),
      ) as GraphQLFieldConfigMap<unknown, unknown>,
  });
}

/** The input type of a body schema: required properties are non-null, the others may be left out (or null where allowed). */
export function inputType(name: string, schema: JsonSchema): GraphQLInputObjectType {
  const fields: GraphQLInputFieldConfigMap = {};
  for (const property of propertiesOf(schema, name)) {
    const type = scalarOf(property.schema, `${name}.${property.name}`, false);
    fields[property.name] = { type: property.optional ? type : new GraphQLNonNull(type) };
  }
  return new GraphQLInputObjectType({ name, fields });
}

/** The argument type of a path or query parameter: `id` is an ID. */
export function argumentType(schema: JsonSchema, optional: boolean, where: string, name: string): GraphQLInputType {
  const type = scalarOf(schema, where, name === 'id');
  return optional ? type : new GraphQLNonNull(type);
}
