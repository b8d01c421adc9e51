import { beforeAll, describe, expect, it } from 'vitest';
import { renderInMemory } from '../helpers/render.js';

// `--graphql`: the feature's layer is rendered only when chosen, with its dependencies.

const GRAPHQL_FILES = [
  'src/cli/graphql-persist.ts',
  'src/graphql/config.ts',
  'src/graphql/documents.ts',
  'src/graphql/errors.ts',
  'src/graphql/module.ts',
  'src/graphql/names.ts',
  'src/graphql/operation.ts',
  'src/graphql/operations/api-version.graphql',
  'src/graphql/persisted.ts',
  'src/graphql/request.ts',
  'src/graphql/schema.ts',
  'src/graphql/service.ts',
  'src/graphql/types.ts',
  'test/helpers/graphql.ts',
  'test/security/graphql-limits.test.ts',
  'test/security/graphql-persisted.test.ts',
  'test/security/graphql.test.ts',
];

const GRAPHQL_PACKAGES = [
  '@escape.tech/graphql-armor-cost-limit',
  '@escape.tech/graphql-armor-max-aliases',
  '@escape.tech/graphql-armor-max-depth',
  '@escape.tech/graphql-armor-max-directives',
  'graphql',
];

const graphqlFiles = (project: Map<string, string>) => [...project.keys()].filter((name) => name.includes('graphql')).sort();

describe('--graphql', () => {
  let withIt: Map<string, string>;
  let without: Map<string, string>;
  let withKeys: Map<string, string>;

  beforeAll(async () => {
    withIt = await renderInMemory('hono', ['notes:title:string'], { graphql: true });
    without = await renderInMemory('hono', ['notes:title:string']);
    withKeys = await renderInMemory('fastify', ['notes:title:string'], { graphql: true, auth: 'api-key' });
  });

  it('adds the GraphQL layer, its script, variables and dependencies', () => {
    expect(graphqlFiles(withIt)).toEqual(GRAPHQL_FILES);
    const manifest = JSON.parse(withIt.get('package.json') as string) as {
      scripts: Record<string, string>;
      dependencies: Record<string, string>;
    };
    expect(manifest.scripts['graphql:persist']).toBe('tsx src/cli/graphql-persist.ts');
    expect(Object.keys(manifest.dependencies)).toEqual(expect.arrayContaining(GRAPHQL_PACKAGES));
    expect(withIt.get('.env.example')).toContain('GRAPHQL_MAX_DEPTH=8');
    expect(withIt.get('README.md')).toContain('## GraphQL');
    expect(withIt.get('src/modules.ts')).toContain('export const featureModules = [graphqlFeature] as const;');
  });

  it('adds the scope test where API keys exist', () => {
    expect(graphqlFiles(withKeys)).toEqual([...GRAPHQL_FILES, 'test/security/graphql-scopes.test.ts'].sort());
  });

  it('adds nothing of it otherwise: no file, script, variable or dependency', () => {
    expect(graphqlFiles(without)).toEqual([]);
    const manifest = JSON.parse(without.get('package.json') as string) as { dependencies: Record<string, string> };
    expect(Object.keys(manifest.dependencies).filter((name) => name.includes('graphql'))).toEqual([]);
    expect(without.get('.env.example')).not.toContain('GRAPHQL');
    expect(without.get('README.md')).not.toContain('GraphQL');
    expect(without.get('src/modules.ts')).toContain('export const featureModules = [] as const;');
  });
});
