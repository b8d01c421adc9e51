import fs from 'fs-extra';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { layerFiles, projectLayers } from '../../generators/layers.js';
import { featureModulesFor } from '../../generators/context.js';

async function fixture(files: Record<string, string>): Promise<string> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'csa-layers-'));
  for (const [rel, text] of Object.entries(files)) await fs.outputFile(path.join(root, rel), text);
  return root;
}

describe('template layers', () => {
  it('maps names: .hbs is rendered and stripped, _x becomes .x, __name__ is the resource', async () => {
    const root = await fixture({
      'resource/src/resources/__name__/index.ts.hbs': '',
      'resource/_gitignore': '',
      'resource/plain.ts': '',
      'resource/http/fastify/src/resources/__name__/routes.ts.hbs': '',
    });
    const files = layerFiles(root, ['resource', 'resource/http/fastify'], 'line-items');
    expect(files.map((f) => [f.target, f.render])).toEqual([
      ['.gitignore', false],
      ['plain.ts', false],
      ['src/resources/line-items/index.ts', true],
      ['src/resources/line-items/routes.ts', true],
    ]);
  });

  it('refuses two layers writing the same file', async () => {
    const root = await fixture({ 'a/x.ts': '', 'b/x.ts.hbs': '' });
    expect(() => layerFiles(root, ['a', 'b'])).toThrow('template layers "a" and "b" both write x.ts');
  });

  it("lists a module's glue for the chosen framework after the framework layer", () => {
    const jwt = { layers: ['auth/jwt'] };
    expect(projectLayers({ framework: 'fastify', db: 'sqlite', rateLimitStore: 'memory', authModules: [jwt] })).toEqual([
      'project',
      'db/sqlite',
      'auth/jwt',
      'store/memory',
      'http/fastify',
      'db/sqlite/http/fastify',
      'auth/jwt/http/fastify',
    ]);
    expect(projectLayers({ framework: 'hono', db: 'sqlite', rateLimitStore: 'redis', authModules: [jwt] })).toEqual(
      expect.arrayContaining(['http/query-string', 'store/redis']),
    );
  });

  it('takes the auth layers from the modules of the auth style, each once', () => {
    const jwt = { layers: ['auth/jwt'] };
    const apiKey = { layers: ['auth/api-key', 'auth/api-key-managed'] };
    expect(projectLayers({ framework: 'express', db: 'sqlite', rateLimitStore: 'memory', authModules: [jwt, apiKey] })).toEqual([
      'project',
      'db/sqlite',
      'auth/jwt',
      'auth/api-key',
      'auth/api-key-managed',
      'store/memory',
      'http/query-string',
      'http/express',
      'db/sqlite/http/express',
      'auth/jwt/http/express',
      'auth/api-key/http/express',
      'auth/api-key-managed/http/express',
    ]);
  });

  it('adds the GraphQL feature layer when chosen, and its API-key tests where keys exist', () => {
    const jwt = { layers: ['auth/jwt'] };
    const apiKey = { layers: ['auth/api-key', 'auth/api-key-standalone'] };
    const base = { framework: 'hono', db: 'sqlite', rateLimitStore: 'memory' };
    const graphql = featureModulesFor({ graphql: true });
    expect(projectLayers({ ...base, featureModules: graphql, authModules: [jwt] })).toEqual(expect.arrayContaining(['features/graphql']));
    expect(projectLayers({ ...base, featureModules: graphql, authModules: [jwt] })).not.toContain('features/graphql-api-key');
    expect(projectLayers({ ...base, featureModules: graphql, authModules: [apiKey] })).toEqual(
      expect.arrayContaining(['features/graphql', 'features/graphql-api-key']),
    );
    expect(
      projectLayers({ ...base, featureModules: featureModulesFor({}), authModules: [apiKey] }).filter((layer) =>
        layer.startsWith('features/'),
      ),
    ).toEqual([]);
  });
});
