// Handlebars helpers shared by the CLI's generators and the generated project's plopfile.
// Every helper that emits code builds it from validated data and escapes what it embeds:
// string literals through JSON.stringify, SQL identifiers through double quotes.

import { toCamel, toPascal, toSnake } from './resource-spec.js';

/**
 * How a person runs a package script with a package manager. `withArgs`: arguments follow,
 * which npm needs `--` before (the others pass them on as they are).
 * @param {string} pm
 * @param {string} script
 * @param {boolean} [withArgs]
 */
export function runScript(pm, script, withArgs = false) {
  if (pm === 'npm') {
    if (withArgs) return `npm run ${script} --`;
    return script === 'test' || script === 'start' ? `npm ${script}` : `npm run ${script}`;
  }
  // `bun test` is bun's own test runner, not the package's test script.
  if (pm === 'bun') return `bun run ${script}`;
  return `${pm} ${script}`;
}

/** Wraps emitted code so Handlebars does not HTML-escape it. */
function code(handlebars, text) {
  return new handlebars.SafeString(text);
}

/** A single-quoted JavaScript string literal; every character that needs it is escaped. */
export function jsString(value) {
  const body = [...String(value)].map((ch) => (ch === '"' ? ch : ch === "'" ? "\\'" : JSON.stringify(ch).slice(1, -1))).join('');
  return `'${body}'`;
}

/** A JavaScript literal: strings single-quoted, numbers and booleans as is. */
function jsLiteral(value) {
  return typeof value === 'string' ? jsString(value) : JSON.stringify(value);
}

/** The Zod schema of a field type: src/core/fields.ts of the generated project, or an enum of its values. */
const ZOD = {
  string: () => 'field.string()',
  text: () => 'field.text()',
  int: () => 'field.int()',
  number: () => 'field.number()',
  boolean: () => 'field.boolean()',
  email: () => 'field.email()',
  url: () => 'field.url()',
  uuid: () => 'field.uuid()',
  datetime: () => 'field.datetime()',
  enum: (field) => `z.enum([${field.values.map(jsString).join(', ')}])`,
};

const TS = {
  string: 'string',
  text: 'string',
  int: 'number',
  number: 'number',
  boolean: 'boolean',
  email: 'string',
  url: 'string',
  uuid: 'string',
  datetime: 'string',
};

const SQL = {
  sqlite: {
    string: 'TEXT',
    text: 'TEXT',
    int: 'INTEGER',
    number: 'REAL',
    boolean: 'INTEGER',
    email: 'TEXT',
    url: 'TEXT',
    uuid: 'TEXT',
    datetime: 'TEXT',
    enum: 'TEXT',
  },
  postgres: {
    string: 'TEXT',
    text: 'TEXT',
    int: 'INTEGER',
    number: 'DOUBLE PRECISION',
    boolean: 'BOOLEAN',
    email: 'TEXT',
    url: 'TEXT',
    uuid: 'TEXT',
    datetime: 'TEXT',
    enum: 'TEXT',
  },
};

/** Valid sample values, used by generated tests. */
const SAMPLE = {
  string: ['Sample title', 'Updated title'],
  text: ['Some longer text.', 'Edited text.'],
  int: [42, 7],
  number: [3.5, 1.25],
  boolean: [true, false],
  email: ['person@example.com', 'other.person@example.org'],
  url: ['https://example.com/page', 'http://example.org/other'],
  uuid: ['3f0c6f8e-1c1f-4b8a-9a55-6c2d2f7b9e10', '8d7e9b0a-2b3c-4d5e-8f70-1a2b3c4d5e6f'],
  datetime: ['2026-01-02T03:04:05.000Z', '2026-02-03T04:05:06.000Z'],
};

/** A value each type must refuse. */
const INVALID = {
  string: '',
  text: 'x'.repeat(10001),
  int: 1.5,
  number: 'twelve',
  boolean: 'yes',
  email: 'not-an-email',
  url: 'javascript:alert(1)',
  uuid: 'not-a-uuid',
  datetime: 'yesterday',
  enum: '_not-a-choice',
};

function sample(field, index) {
  if (field.type === 'enum') return field.values[index === 0 ? 0 : field.values.length - 1];
  return SAMPLE[field.type][index];
}

function sqlColumn(field, dialect) {
  const types = SQL[dialect];
  if (!types) throw new Error(`unknown database dialect ${JSON.stringify(dialect)}`);
  const parts = [`"${field.column}"`, types[field.type]];
  if (!field.optional) parts.push('NOT NULL');
  if (field.type === 'enum') {
    parts.push(`CHECK ("${field.column}" IN (${field.values.map((v) => `'${v}'`).join(', ')}))`);
  }
  if (field.type === 'boolean' && dialect === 'sqlite') {
    parts.push(`CHECK ("${field.column}" IN (0, 1))`);
  }
  return parts.join(' ');
}

/** How a chosen option is named in prose (generated READMEs). */
const LABELS = {
  fastify: 'Fastify 5',
  express: 'Express 5',
  hono: 'Hono 4 on @hono/node-server',
  sqlite: 'SQLite (better-sqlite3)',
  postgres: 'Postgres (pg)',
  jwt: 'email + password accounts with JWT access tokens and rotating refresh tokens',
  oidc: 'access tokens from an OpenID Connect provider (resource server)',
  'api-key': 'hashed, scoped, expiring API keys',
  'jwt+api-key': 'email + password accounts with JWT access tokens and rotating refresh tokens, and scoped API keys',
};

export function createHelpers(handlebars) {
  return {
    /** A JSON/JS literal of any value: string literals, arrays, objects. */
    json: (value) => code(handlebars, JSON.stringify(value)),
    /** A single-quoted JavaScript string literal. */
    str: (value) => code(handlebars, jsString(value)),
    /** Pretty JSON (for package.json-like files), indented to match `indent` spaces. */
    jsonBlock: (value, indent) => {
      const pad = typeof indent === 'number' ? ' '.repeat(indent) : '';
      return code(handlebars, JSON.stringify(value, null, 2).replace(/\n/g, `\n${pad}`));
    },
    zod: (field) => code(handlebars, ZOD[field.type](field)),
    tsType: (field) => code(handlebars, field.type === 'enum' ? field.values.map(jsString).join(' | ') : TS[field.type]),
    sqlColumn: (field, dialect) => code(handlebars, sqlColumn(field, dialect)),
    sample: (field) => code(handlebars, jsLiteral(sample(field, 0))),
    sample2: (field) => code(handlebars, jsLiteral(sample(field, 1))),
    invalid: (field) => code(handlebars, field.type === 'text' ? `'x'.repeat(${INVALID.text.length})` : jsLiteral(INVALID[field.type])),
    /** Whether any field holds free text (string or text), which the generated tests probe with control characters. */
    hasTextFields: (fields) => fields.some((field) => field.type === 'string' || field.type === 'text'),
    camel: (text) => toCamel(String(text)),
    pascal: (text) => toPascal(String(text)),
    snake: (text) => toSnake(String(text)),
    label: (value) => LABELS[value] ?? String(value),
    eq: (a, b) => a === b,
    ne: (a, b) => a !== b,
    and: (...args) => args.slice(0, -1).every(Boolean),
    or: (...args) => args.slice(0, -1).some(Boolean),
    not: (value) => !value,
    includes: (list, value) => Array.isArray(list) && list.includes(value),
    /** The name of a layer's partial (templates/<layer>/partials/<name>.hbs), for `{{> (partialOf layer "name")}}`. */
    partialOf: (layer, name) => `${layer}/${name}`,
    /**
     * `{{run "gen" args=true}}`: the command that runs a package script with the project's
     * package manager; `pad=N` pads it to N characters (aligned comments in code blocks).
     */
    run: (script, options) => {
      const command = runScript(String(options.data.root.packageManager ?? 'npm'), String(script), options.hash.args === true);
      return typeof options.hash.pad === 'number' ? command.padEnd(options.hash.pad) : command;
    },
  };
}

/** Registers the helpers with plop, and with its Handlebars for templates rendered without plop's renderString. */
export function registerHelpers(plop) {
  const helpers = createHelpers(plop.handlebars);
  for (const [name, fn] of Object.entries(helpers)) {
    plop.setHelper(name, fn);
    plop.handlebars.registerHelper(name, fn);
  }
}
