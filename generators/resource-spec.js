// Resource specs: `name:field:type[,field:type]...` (SPEC CLI-3).
// Plain JavaScript so the generated project's plopfile can load it with nothing but Node;
// the JSDoc types below are what TypeScript code importing it sees.

/** @typedef {'string' | 'text' | 'int' | 'number' | 'boolean' | 'email' | 'url' | 'uuid' | 'datetime' | 'enum'} FieldType */
/** @typedef {{ name: string, type: FieldType, optional: boolean, values?: string[] }} FieldSpec */
/** @typedef {{ name: string, fields: FieldSpec[] }} ResourceSpec */
/** @typedef {{ name: string, camel: string, pascal: string, table: string, path: string, spec: string, fields: (FieldSpec & { column: string })[] }} ResourceTemplateData */

export const FIELD_TYPES = Object.freeze(['string', 'text', 'int', 'number', 'boolean', 'email', 'url', 'uuid', 'datetime', 'enum']);

export const RESOURCE_NAME_PATTERN = /^[a-z][a-z0-9-]{1,39}$/;
export const FIELD_NAME_PATTERN = /^[a-z][a-zA-Z0-9]{0,39}$/;
export const ENUM_VALUE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/;
export const MAX_FIELDS = 40;
export const MAX_ENUM_VALUES = 50;

/**
 * Route names of the product's features this version cannot generate yet: kept free, so a
 * project can take the feature later.
 */
export const FEATURE_ROUTE_NAMES = Object.freeze(['api-keys', 'graphql', 'webhooks', 'uploads', 'docs']);

/** What a template layer declares it owns (its layer.json): tables, and route prefixes. */
/** @typedef {{ tables?: string[], paths?: string[] }} Reservations */

/** @type {Map<string, string>} resource name -> why it is taken */
const reserved = new Map(FEATURE_ROUTE_NAMES.map((name) => [name, `the route /v1/${name} of a feature`]));

/**
 * Reserves what the project's layers own: a resource may not be named after one of their
 * route prefixes (`/auth` -> auth, `/v1/admin` -> admin) nor make a table they create
 * (`refresh_tokens` -> refresh-tokens).
 * @param {Reservations} reservations
 */
export function reserveNames({ tables = [], paths = [] }) {
  for (const table of tables) reserved.set(table.replaceAll('_', '-'), `the table "${table}"`);
  for (const route of paths) {
    const [first, second] = route.split('/').filter(Boolean);
    const name = (first === 'v1' ? second : first)?.replace(/\.json$/, '');
    if (name !== undefined) reserved.set(name, `the route ${route}`);
  }
}

/** Every reserved resource name, sorted. */
export function reservedResourceNames() {
  return [...reserved.keys()].sort();
}

export const RESERVED_FIELD_NAMES = Object.freeze(['id', 'ownerId', 'createdAt', 'updatedAt']);

export class ResourceSpecError extends Error {
  constructor(message) {
    super(message);
    this.name = 'ResourceSpecError';
  }
}

const show = (value) => JSON.stringify(String(value).slice(0, 60));

function isPrototypeMember(name) {
  return name in Object.prototype || name === 'prototype' || name === '__proto__';
}

/**
 * @param {unknown} name
 * @returns {string | undefined} the problem, if any
 */
export function validateResourceName(name) {
  if (typeof name !== 'string' || name.length === 0) return 'a resource name is required';
  if (!RESOURCE_NAME_PATTERN.test(name)) {
    return `resource name ${show(name)} must be kebab-case: 2-40 characters, a lowercase letter first, then lowercase letters, digits or "-"`;
  }
  if (name.endsWith('-') || name.includes('--')) {
    return `resource name ${show(name)} must not end with "-" or contain "--"`;
  }
  const owner = reserved.get(name);
  if (owner !== undefined) {
    return `resource name ${show(name)} is reserved: it would clash with ${owner} (reserved: ${reservedResourceNames().join(', ')})`;
  }
  if (isPrototypeMember(toCamel(name))) {
    return `resource name ${show(name)} is reserved`;
  }
  return undefined;
}

/**
 * @param {unknown} name
 * @returns {string | undefined} the problem, if any
 */
export function validateFieldName(name) {
  if (typeof name !== 'string' || name.length === 0) return 'a field name is required';
  if (!FIELD_NAME_PATTERN.test(name)) {
    return `field name ${show(name)} must be camelCase: 1-40 characters, a lowercase letter first, then letters or digits`;
  }
  if (RESERVED_FIELD_NAMES.includes(name)) {
    return `field name ${show(name)} is reserved (reserved: ${RESERVED_FIELD_NAMES.join(', ')})`;
  }
  if (isPrototypeMember(name)) {
    return `field name ${show(name)} is reserved: it is a member of Object.prototype`;
  }
  return undefined;
}

/**
 * @param {unknown} values
 * @returns {string | undefined} the problem, if any
 */
export function validateEnumValues(values) {
  if (!Array.isArray(values) || values.length === 0) return 'enum needs at least one value, e.g. enum(draft|sent)';
  if (values.length > MAX_ENUM_VALUES) return `enum has ${values.length} values; at most ${MAX_ENUM_VALUES} are allowed`;
  const seen = new Set();
  for (const value of values) {
    if (!ENUM_VALUE_PATTERN.test(value)) {
      return `enum value ${show(value)} must be 1-40 letters, digits, "_" or "-", starting with a letter or digit`;
    }
    if (seen.has(value)) return `enum value ${show(value)} is listed twice`;
    seen.add(value);
  }
  return undefined;
}

/** Parses a field type such as `string`, `text?`, `enum(a|b)?`. */
/**
 * @param {string} raw
 * @returns {{ type: FieldType, optional: boolean, values?: string[] }}
 */
export function parseFieldType(raw, fieldName = 'field') {
  let text = String(raw).trim();
  let optional = false;
  if (text.endsWith('?')) {
    optional = true;
    text = text.slice(0, -1);
  }
  const enumMatch = /^enum\((.*)\)$/.exec(text);
  if (enumMatch) {
    const values = enumMatch[1].split('|').map((v) => v.trim());
    const problem = validateEnumValues(values);
    if (problem) throw new ResourceSpecError(`field ${show(fieldName)}: ${problem}`);
    return { type: 'enum', optional, values };
  }
  if (!FIELD_TYPES.includes(text) || text === 'enum') {
    throw new ResourceSpecError(
      `field ${show(fieldName)} has unknown type ${show(text)}; accepted: ${FIELD_TYPES.filter((t) => t !== 'enum').join(', ')}, enum(a|b|c), each optionally followed by "?"`,
    );
  }
  return { type: text, optional };
}

/** Splits on commas that are not inside enum(...) parentheses. */
function splitFields(text) {
  const parts = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if (ch === '(') depth += 1;
    if (ch === ')') depth = Math.max(0, depth - 1);
    if (ch === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  parts.push(current);
  return parts;
}

/**
 * Parses `notes:title:string,body:text?,done:boolean` into
 * `{ name, fields: [{ name, type, optional, values? }] }`. Throws ResourceSpecError.
 */
/**
 * @param {string} spec
 * @returns {ResourceSpec}
 */
export function parseResourceSpec(spec) {
  if (typeof spec !== 'string' || spec.trim() === '') {
    throw new ResourceSpecError('resource spec is empty; expected name:field:type[,field:type]...');
  }
  if (spec.length > 4000) throw new ResourceSpecError('resource spec is longer than 4000 characters');
  const colon = spec.indexOf(':');
  if (colon === -1) {
    throw new ResourceSpecError(
      `resource spec ${show(spec)} has no fields; expected name:field:type[,field:type]..., e.g. notes:title:string,body:text?`,
    );
  }
  const name = spec.slice(0, colon).trim();
  const nameProblem = validateResourceName(name);
  if (nameProblem) throw new ResourceSpecError(nameProblem);
  const fields = splitFields(spec.slice(colon + 1)).map((part) => {
    if (part.trim() === '') {
      throw new ResourceSpecError(`resource ${show(name)}: empty field in the list (a trailing or doubled comma?)`);
    }
    const sep = part.indexOf(':');
    if (sep === -1) {
      throw new ResourceSpecError(`resource ${show(name)}: field ${show(part.trim())} needs a type, as in title:string`);
    }
    const fieldName = part.slice(0, sep).trim();
    const fieldProblem = validateFieldName(fieldName);
    if (fieldProblem) throw new ResourceSpecError(`resource ${show(name)}: ${fieldProblem}`);
    return { name: fieldName, ...parseFieldType(part.slice(sep + 1), fieldName) };
  });
  return validateResource({ name, fields });
}

/** Validates an already structured resource (from --config or prompts). Returns it normalised. */
/**
 * @param {unknown} resource
 * @returns {ResourceSpec}
 */
export function validateResource(resource) {
  if (resource === null || typeof resource !== 'object') throw new ResourceSpecError('a resource must be an object');
  const nameProblem = validateResourceName(resource.name);
  if (nameProblem) throw new ResourceSpecError(nameProblem);
  const { name } = resource;
  if (!Array.isArray(resource.fields) || resource.fields.length === 0) {
    throw new ResourceSpecError(`resource ${show(name)} needs at least one field`);
  }
  if (resource.fields.length > MAX_FIELDS) {
    throw new ResourceSpecError(`resource ${show(name)} has ${resource.fields.length} fields; at most ${MAX_FIELDS}`);
  }
  const seen = new Set();
  const columns = new Set();
  const fields = resource.fields.map((field) => {
    if (field === null || typeof field !== 'object') throw new ResourceSpecError(`resource ${show(name)}: a field must be an object`);
    const problem = validateFieldName(field.name);
    if (problem) throw new ResourceSpecError(`resource ${show(name)}: ${problem}`);
    if (seen.has(field.name)) throw new ResourceSpecError(`resource ${show(name)}: field ${show(field.name)} is listed twice`);
    seen.add(field.name);
    const column = toSnake(field.name);
    if (columns.has(column)) {
      throw new ResourceSpecError(`resource ${show(name)}: field ${show(field.name)} clashes with another field's column ${show(column)}`);
    }
    columns.add(column);
    if (!FIELD_TYPES.includes(field.type)) {
      throw new ResourceSpecError(
        `resource ${show(name)}: field ${show(field.name)} has unknown type ${show(field.type)}; accepted: ${FIELD_TYPES.join(', ')}`,
      );
    }
    const out = { name: field.name, type: field.type, optional: field.optional === true };
    if (field.type === 'enum') {
      const enumProblem = validateEnumValues(field.values);
      if (enumProblem) throw new ResourceSpecError(`resource ${show(name)}: field ${show(field.name)}: ${enumProblem}`);
      out.values = [...field.values];
    } else if (field.values !== undefined) {
      throw new ResourceSpecError(`resource ${show(name)}: field ${show(field.name)}: only enum fields take values`);
    }
    return out;
  });
  return { name, fields };
}

/** Checks a list of resources for duplicate names. */
/**
 * @param {readonly unknown[]} resources
 * @returns {ResourceSpec[]}
 */
export function validateResources(resources) {
  const seen = new Set();
  return resources.map((resource) => {
    const valid = validateResource(resource);
    if (seen.has(valid.name)) throw new ResourceSpecError(`resource ${show(valid.name)} is listed twice`);
    const camel = toCamel(valid.name);
    for (const other of seen) {
      if (toCamel(other) === camel) throw new ResourceSpecError(`resources ${show(other)} and ${show(valid.name)} clash`);
    }
    seen.add(valid.name);
    return valid;
  });
}

/**
 * @param {ResourceSpec} resource
 * @returns {string}
 */
export function formatResourceSpec(resource) {
  const fields = resource.fields.map((f) => {
    const type = f.type === 'enum' ? `enum(${f.values.join('|')})` : f.type;
    return `${f.name}:${type}${f.optional ? '?' : ''}`;
  });
  return `${resource.name}:${fields.join(',')}`;
}

export function toCamel(kebab) {
  return kebab.replace(/-([a-z0-9])/g, (_, c) => c.toUpperCase());
}

export function toPascal(kebab) {
  const camel = toCamel(kebab);
  return camel.charAt(0).toUpperCase() + camel.slice(1);
}

export function toSnake(name) {
  return name
    .replace(/-/g, '_')
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z])([A-Z][a-z])/g, '$1_$2')
    .toLowerCase();
}

/** The data a resource template receives. Every string here has passed the patterns above. */
/**
 * @param {unknown} resource
 * @returns {ResourceTemplateData}
 */
export function resourceTemplateData(resource) {
  const valid = validateResource(resource);
  return {
    name: valid.name,
    camel: toCamel(valid.name),
    pascal: toPascal(valid.name),
    table: toSnake(valid.name),
    path: `/v1/${valid.name}`,
    spec: formatResourceSpec(valid),
    fields: valid.fields.map((f) => ({ ...f, column: toSnake(f.name) })),
  };
}
