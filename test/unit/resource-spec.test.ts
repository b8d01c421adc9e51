import { beforeAll, describe, expect, it } from 'vitest';
import { declaringLayers, layerReservations } from '../../generators/layers.js';
import { DEFAULT_TEMPLATES_DIR } from '../../generators/project.js';
import {
  ResourceSpecError,
  formatResourceSpec,
  parseResourceSpec,
  reservedResourceNames,
  reserveNames,
  resourceTemplateData,
  validateResources,
} from '../../generators/resource-spec.js';

beforeAll(() => {
  // what the CLI does before reading answers: every layer's tables and routes are taken
  reserveNames(layerReservations(DEFAULT_TEMPLATES_DIR, declaringLayers(DEFAULT_TEMPLATES_DIR)));
});

describe('reserved resource names', () => {
  it('are derived from what the layers declare (tables and routes), plus the routes of features', () => {
    expect(declaringLayers(DEFAULT_TEMPLATES_DIR)).toEqual(expect.arrayContaining(['auth/jwt', 'auth/oidc', 'project']));
    expect(reservedResourceNames()).toEqual(
      expect.arrayContaining([
        'admin',
        'auth',
        'health',
        'openapi',
        'users',
        'schema-migrations',
        'password-credentials',
        'refresh-tokens',
        'api-keys',
        'graphql',
        'webhooks',
        'uploads',
        'docs',
      ]),
    );
  });

  it.each([
    ['users', 'the table "users"'],
    ['refresh-tokens', 'the table "refresh_tokens"'],
    ['schema-migrations', 'the table "schema_migrations"'],
    ['admin', 'the route /v1/admin'],
    ['openapi', 'the route /openapi.json'],
  ])('refuses %s, naming what it would clash with', (name, owner) => {
    expect(() => parseResourceSpec(`${name}:title:string`)).toThrow(`it would clash with ${owner}`);
  });
});

describe('resource spec parser', () => {
  it('parses every field type, optional marks and enums', () => {
    const spec = 'all-types:s:string,t:text?,i:int,n:number?,b:boolean,e:email,u:url?,id2:uuid,d:datetime,st:enum(draft|sent|paid)?';
    const parsed = parseResourceSpec(spec);
    expect(parsed.name).toBe('all-types');
    expect(parsed.fields.map((f) => [f.name, f.type, f.optional])).toEqual([
      ['s', 'string', false],
      ['t', 'text', true],
      ['i', 'int', false],
      ['n', 'number', true],
      ['b', 'boolean', false],
      ['e', 'email', false],
      ['u', 'url', true],
      ['id2', 'uuid', false],
      ['d', 'datetime', false],
      ['st', 'enum', true],
    ]);
    expect(parsed.fields[9]?.values).toEqual(['draft', 'sent', 'paid']);
    expect(formatResourceSpec(parsed)).toBe(spec);
  });

  it('derives names for every place a name lands', () => {
    const data = resourceTemplateData(parseResourceSpec('line-items:unitPrice:number,sku:string'));
    expect(data).toMatchObject({
      name: 'line-items',
      camel: 'lineItems',
      pascal: 'LineItems',
      table: 'line_items',
      path: '/v1/line-items',
    });
    expect(data.fields.map((f) => f.column)).toEqual(['unit_price', 'sku']);
  });

  const refused: [string, RegExp][] = [
    ['', /empty/],
    ['notes', /has no fields/],
    ['notes:', /empty field/],
    ['notes:title:string,', /empty field/],
    ['notes:title', /needs a type/],
    ['Notes:title:string', /kebab-case/],
    ['n:title:string', /kebab-case/],
    ['notes-:title:string', /must not end/],
    ['auth:title:string', /reserved/],
    ['api-keys:title:string', /reserved/],
    ['notes:id:string', /reserved/],
    ['notes:ownerId:string', /reserved/],
    ['notes:createdAt:string', /reserved/],
    ['notes:constructor:string', /Object\.prototype/],
    ['notes:toString:string', /Object\.prototype/],
    ['notes:hasOwnProperty:string', /Object\.prototype/],
    ['notes:__proto__:string', /camelCase/],
    ['notes:title:string,title:text', /listed twice/],
    ['notes:title:varchar', /unknown type "varchar"/],
    ['notes:s:enum()', /enum value/],
    ['notes:s:enum(a|a)', /listed twice/],
    ["notes:s:enum(a|b'c)", /enum value/],
    ['notes:s:enum(a|`b`)', /enum value/],
    ['../x:title:string', /kebab-case/],
    ['a/b:title:string', /kebab-case/],
    ['notes:ti"tle:string', /camelCase/],
    ['notes:{{x}}:string', /camelCase/],
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a literal ${ in a name must be refused
    ['notes:${x}:string', /camelCase/],
    ['nоtes:title:string', /kebab-case/], // Cyrillic "о"
    ['notes:tіtle:string', /camelCase/], // Cyrillic "і"
    [`${'a'.repeat(41)}:title:string`, /kebab-case/],
    [`notes:${'a'.repeat(41)}:string`, /camelCase/],
  ];
  it.each(refused)('refuses %j with a clear message', (spec, message) => {
    expect(() => parseResourceSpec(spec)).toThrow(ResourceSpecError);
    expect(() => parseResourceSpec(spec)).toThrow(message);
  });

  it('refuses duplicate resources and names that clash once camel-cased', () => {
    const a = parseResourceSpec('notes:title:string');
    expect(() => validateResources([a, a])).toThrow(/listed twice/);
  });

  it('refuses two fields that map to the same column', () => {
    expect(() => parseResourceSpec('notes:aB:string,aB2:string,a_b:string')).toThrow(/camelCase/);
  });
});
