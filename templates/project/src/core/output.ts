import { z } from 'zod';

type JsonSchema = Readonly<Record<string, unknown>>;

/** What an output schema lets a response hold. */
interface Shape {
  /** True when the value holds nothing the schema does not declare (the usual case). */
  readonly fits: (value: unknown) => boolean;
  /** A copy holding only what the schema declares. */
  readonly project: (value: unknown) => unknown;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;
const isSchema = (value: unknown): value is JsonSchema => isObject(value) && !Array.isArray(value);

const mismatch = () => new TypeError('a response does not match its output schema');

/** Declared as open (no type, or a map of any keys): written as it is. */
const ANYTHING: Shape = { fits: () => true, project: (value) => value };

/** A string, number, boolean or null: an object in its place is never written. */
const PRIMITIVE: Shape = {
  fits: (value) => !isObject(value),
  project: (value) => {
    if (isObject(value)) throw mismatch();
    return value;
  },
};

function objectShape(properties: JsonSchema): Shape {
  const names = Object.keys(properties);
  const shapes = names.map((name) => shapeOf(properties[name]));
  return {
    fits: (value) => {
      if (!isObject(value)) return true;
      if (Array.isArray(value)) return false;
      // Rows hold their properties in declared order, so the next declared name is tried first.
      let position = 0;
      for (const name in value) {
        let index = position++;
        if (names[index] !== name) {
          index = names.indexOf(name);
          if (index === -1) return false;
        }
        const field = shapes[index];
        if (field === undefined) return false;
        const fieldValue = value[name];
        if (field === PRIMITIVE ? isObject(fieldValue) : !field.fits(fieldValue)) return false;
      }
      return true;
    },
    project: (value) => {
      if (!isObject(value)) return value;
      if (Array.isArray(value)) throw mismatch();
      const copy: Record<string, unknown> = {};
      names.forEach((name, index) => {
        const field = shapes[index];
        const fieldValue = value[name];
        if (field !== undefined && fieldValue !== undefined) copy[name] = field.project(fieldValue);
      });
      return copy;
    },
  };
}

function arrayShape(item: Shape): Shape {
  return {
    fits: (value) => {
      if (!Array.isArray(value)) return !isObject(value);
      for (let index = 0; index < value.length; index += 1) if (!item.fits(value[index])) return false;
      return true;
    },
    project: (value) => (Array.isArray(value) ? value.map(item.project) : PRIMITIVE.project(value)),
  };
}

const PRIMITIVE_TYPES = new Set(['string', 'number', 'integer', 'boolean', 'null']);

/** Follows the JSON Schema of an output schema; shapes it cannot follow exactly are refused at start-up. */
function shapeOf(schema: unknown): Shape {
  if (!isSchema(schema)) return ANYTHING;
  if (schema.$ref !== undefined) throw new Error('output schemas must be inline, without $ref');
  if (isSchema(schema.properties)) return objectShape(schema.properties);
  if (schema.items !== undefined) return arrayShape(shapeOf(schema.items));
  for (const key of ['anyOf', 'oneOf'] as const) {
    const branches = schema[key];
    if (!Array.isArray(branches)) continue;
    const shapes = branches.map(shapeOf);
    if (shapes.includes(ANYTHING)) return ANYTHING;
    const structured = shapes.filter((shape) => shape !== PRIMITIVE);
    if (structured.length > 1) throw new Error('output schemas must not be unions of several object or array shapes');
    return structured[0] ?? PRIMITIVE;
  }
  const types: unknown[] = Array.isArray(schema.type) ? schema.type : [schema.type];
  if (types.every((type) => typeof type === 'string' && PRIMITIVE_TYPES.has(type))) return PRIMITIVE;
  if ('const' in schema || Array.isArray(schema.enum)) return PRIMITIVE;
  return ANYTHING;
}

/** Turns a response value into its JSON text. */
export type JsonWriter<T> = (value: T) => string;

/**
 * The JSON writer of one output schema, built once at start-up and shared by every
 * framework. Only what the schema declares is written: a value holding anything else
 * (an owner id, a hash, an internal flag) is first copied down to the declared
 * properties. Values that already fit, which is every value the repositories build,
 * go straight to the engine's own JSON.stringify.
 */
export function jsonWriter<S extends z.ZodType>(schema: S): JsonWriter<z.output<S>> {
  const shape = shapeOf(z.toJSONSchema(schema, { io: 'output', unrepresentable: 'any' }));
  return (value) => JSON.stringify(shape.fits(value) ? value : shape.project(value));
}
