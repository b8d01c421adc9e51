import { beforeAll, describe, expect, it } from 'vitest';
import { SHIPPED_GENERATOR_FILES } from '../../generators/project.js';
import { FRAMEWORKS } from '../../src/options.js';
import { renderInMemory } from '../helpers/render.js';

// Fast renders into memory, one per option value, checking the files and key contents:
// the structure of a generated project, without installing or running it.

const FRAMEWORK_NAMES = FRAMEWORKS.map((framework) => framework.value);
const FRAMEWORK_PACKAGES = ['fastify', 'express', 'hono', '@hono/node-server', '@types/express'];
const SPECS = ['notes:title:string,body:text?', 'line-items:unitPrice:number,quantity:int'];

const render = (framework: string) => renderInMemory(framework, SPECS);

const projects = new Map<string, Map<string, string>>();

beforeAll(async () => {
  for (const framework of FRAMEWORK_NAMES) projects.set(framework, await render(framework));
});

const project = (framework: string) => projects.get(framework) as Map<string, string>;
const outsideHttp = (files: Map<string, string>) => [...files.keys()].filter((file) => !file.startsWith('src/http/'));

describe.each(FRAMEWORK_NAMES)('a %s project, rendered in memory', (framework) => {
  it('has one adapter folder with the same file names as the others', () => {
    const http = [...project(framework).keys()].filter((file) => file.startsWith('src/http/'));
    expect(http).toEqual(
      expect.arrayContaining([
        'src/http/adapter.ts',
        'src/http/body.ts',
        'src/http/problem.ts',
        'src/http/request-log.ts',
        'src/http/security.ts',
        'src/http/types.ts',
      ]),
    );
    expect(
      [...project(framework).keys()].filter((file) => /^src\/(app|server|services|api|modules|config)\.ts$/.test(file)).sort(),
    ).toEqual(['src/api.ts', 'src/app.ts', 'src/config.ts', 'src/modules.ts', 'src/server.ts', 'src/services.ts']);
  });

  it('imports its framework only in src/http/', () => {
    const frameworkImport = /from '(fastify|express|hono|@hono\/[a-z-]+)(\/[a-z-/]+)?'/;
    for (const [file, text] of project(framework)) {
      if (file.endsWith('.ts') && !file.startsWith('src/http/')) expect(text, file).not.toMatch(frameworkImport);
    }
  });

  it('keeps each resource to its schema, migration and operations, with no framework code', () => {
    for (const name of ['notes', 'line-items']) {
      const files = [...project(framework).keys()].filter((file) => file.startsWith(`src/resources/${name}/`)).sort();
      expect(files).toEqual([`src/resources/${name}/index.ts`, `src/resources/${name}/migration.ts`, `src/resources/${name}/schema.ts`]);
    }
  });

  it('depends on its framework packages and on no other framework', () => {
    const pkg = JSON.parse(project(framework).get('package.json') as string) as {
      dependencies: Record<string, string>;
      devDependencies: Record<string, string>;
    };
    const names = [...Object.keys(pkg.dependencies), ...Object.keys(pkg.devDependencies)]
      .filter((name) => FRAMEWORK_PACKAGES.includes(name))
      .sort();
    const expected = { fastify: ['fastify'], express: ['@types/express', 'express'], hono: ['@hono/node-server', 'hono'] }[framework];
    expect(names).toEqual(expected);
    expect(Object.keys(pkg.dependencies).sort()).toEqual(
      [...(expected ?? []).filter((name) => !name.startsWith('@types/')), '@node-rs/argon2', 'better-sqlite3', 'pino', 'zod'].sort(),
    );
  });

  it('records only the answers this version offers, so the file replays as --config', () => {
    const settings = JSON.parse(project(framework).get('secure-api.json') as string) as Record<string, unknown>;
    expect(Object.keys(settings).sort()).toEqual([
      'auth',
      'db',
      'framework',
      'generatorVersion',
      'graphql',
      'name',
      'rateLimitStore',
      'resources',
      'uploads',
      'webhooks',
    ]);
    expect(settings.resources).toEqual(SPECS);
  });

  it('ships what npm run gen needs and nothing of the project generator', () => {
    const generators = [...project(framework).keys()].filter(
      (file) => file.startsWith('generators/') && !file.startsWith('generators/templates/'),
    );
    expect(generators.sort()).toEqual([...SHIPPED_GENERATOR_FILES.map((name) => `generators/${name}`), 'generators/reserved.json'].sort());
    expect([...project(framework).keys()].filter((file) => file.startsWith('generators/templates/')).sort()).toEqual([
      'generators/templates/resource/src/resources/__name__/index.ts.hbs',
      'generators/templates/resource/src/resources/__name__/migration.ts.hbs',
      'generators/templates/resource/src/resources/__name__/schema.ts.hbs',
      'generators/templates/resource/test/resources/__name__.test.ts.hbs',
      'generators/templates/webhook-preset/github/src/webhooks/__name__/handler.ts.hbs',
      'generators/templates/webhook-preset/github/test/webhooks/__name__.redelivery.test.ts.hbs',
      'generators/templates/webhook-preset/slack/src/webhooks/__name__/handler.ts.hbs',
      'generators/templates/webhook-preset/slack/test/webhooks/__name__.slack.test.ts.hbs',
      'generators/templates/webhook-preset/standard/src/webhooks/__name__/handler.ts.hbs',
      'generators/templates/webhook-preset/standard/test/webhooks/__name__.ids.test.ts.hbs',
      'generators/templates/webhook-preset/stripe/src/webhooks/__name__/handler.ts.hbs',
      'generators/templates/webhook-preset/stripe/test/webhooks/__name__.events.test.ts.hbs',
      'generators/templates/webhook-timed/test/webhooks/__name__.window.test.ts.hbs',
      'generators/templates/webhook/src/webhooks/__name__/index.ts.hbs',
      'generators/templates/webhook/test/webhooks/__name__.test.ts.hbs',
    ]);
  });

  it('composes the JWT module, SQLite and the in-memory store in one place', () => {
    const modules = project(framework).get('src/modules.ts') as string;
    expect(modules).toContain("import { jwtAuth } from './auth/jwt/module.js';");
    expect(modules).toContain('export const authModules = [jwtAuth] as const;');
    const services = project(framework).get('src/services.ts') as string;
    expect(services).toContain('jwt: jwt.service,');
    expect(services).toContain('authenticators: [jwt.authenticator],');
  });
});

describe('a Postgres project, rendered in memory', () => {
  let files: Map<string, string>;
  beforeAll(async () => {
    files = await renderInMemory('hono', SPECS, { db: 'postgres', rateLimitStore: 'redis' });
  });

  it('depends on pg and ships no SQLite package or file', () => {
    const pkg = JSON.parse(files.get('package.json') as string) as {
      dependencies: Record<string, string>;
      devDependencies: Record<string, string>;
      allowScripts: Record<string, boolean>;
    };
    expect(Object.keys(pkg.dependencies).sort()).toEqual(['@hono/node-server', '@node-rs/argon2', 'hono', 'ioredis', 'pg', 'pino', 'zod']);
    expect(pkg.devDependencies['@types/pg']).toBeDefined();
    expect(Object.keys(pkg.devDependencies).filter((name) => name.includes('sqlite'))).toEqual([]);
    expect(Object.keys(pkg.allowScripts)).toEqual(['esbuild']);
    expect([...files.keys()].filter((file) => file.startsWith('src/db/')).sort()).toEqual([
      'src/db/config.ts',
      'src/db/module.ts',
      'src/db/placeholders.ts',
      'src/db/postgres.ts',
    ]);
    expect(
      [...files.keys()].filter(
        (file) => /sqlite/i.test(file) || (/better-sqlite3/.test(files.get(file) ?? '') && !file.startsWith('generators/')),
      ),
    ).toEqual([]);
    expect(files.get('test/helpers/database.ts')).toContain('TEST_DATABASE_URL');
    expect(files.get('test/core/reserved.test.ts')).toContain('information_schema');
    expect(files.has('test/security/two-instances.test.ts')).toBe(true);
  });

  it('gives its resources Postgres column types', () => {
    const migration = files.get('src/resources/line-items/migration.ts') as string;
    expect(migration).toContain('"unit_price" DOUBLE PRECISION NOT NULL');
    expect(migration).toContain('"quantity" INTEGER NOT NULL');
  });

  it('documents its variables and gives .env a working local URL', () => {
    expect(files.get('.env')).toMatch(/^DATABASE_URL=postgres:\/\/postgres@127\.0\.0\.1:5432\/postgres$/m);
    for (const variable of [
      'DATABASE_URL',
      'DATABASE_POOL_MAX',
      'DATABASE_CONNECT_TIMEOUT',
      'DATABASE_STATEMENT_TIMEOUT',
      'DATABASE_SSL',
      'DATABASE_PREPARED_STATEMENTS',
    ]) {
      expect(files.get('.env.example')).toMatch(new RegExp(`^${variable}=`, 'm'));
      expect(files.get('README.md')).toContain(`\`${variable}\``);
    }
    expect(files.get('README.md')).toContain('Postgres (pg)');
  });
});

describe('a SQLite project', () => {
  it('gives .env its database file', () => {
    expect(project('fastify').get('.env')).toMatch(/^DATABASE_URL=sqlite:\.\/data\/app\.db$/m);
    expect(project('fastify').get('.env.example')).toMatch(/^DATABASE_URL=sqlite:\.\/data\/app\.db$/m);
  });
});

describe('the package managers the CLI offers', () => {
  it('every project lets pnpm and bun run the install scripts of its native packages, as npm does', () => {
    for (const framework of FRAMEWORK_NAMES) {
      const pkg = JSON.parse(project(framework).get('package.json') as string) as {
        allowScripts: Record<string, boolean>;
        pnpm?: { onlyBuiltDependencies?: string[] };
        trustedDependencies?: string[];
      };
      const built = Object.keys(pkg.allowScripts)
        .filter((name) => pkg.allowScripts[name])
        .sort();
      expect(built).toContain('better-sqlite3');
      expect(pkg.pnpm?.onlyBuiltDependencies, framework).toEqual(built);
      expect(pkg.trustedDependencies, framework).toEqual(built);
    }
  });

  it('keeps Node-22-only transitive packages out for pnpm and yarn too (their own override fields; bun reads the npm one)', () => {
    const pkg = JSON.parse(project('fastify').get('package.json') as string) as {
      overrides: Record<string, string>;
      pnpm: { overrides?: Record<string, string> };
      resolutions?: Record<string, string>;
    };
    expect(pkg.overrides).toEqual({ cookie: '^1.1.1' });
    expect(pkg.pnpm.overrides).toEqual({ cookie: '^1.1.1' });
    expect(pkg.resolutions).toEqual({ cookie: '^1.1.1' });
  });

  it.each([
    ['npm', ['npm run dev', 'npm test', 'npm run build', 'npm start', 'npm run gen -- resource']],
    ['pnpm', ['pnpm dev', 'pnpm test', 'pnpm build', 'pnpm start', 'pnpm gen resource']],
    ['yarn', ['yarn dev', 'yarn test', 'yarn build', 'yarn start', 'yarn gen resource']],
    ['bun', ['bun run dev', 'bun run test', 'bun run build', 'bun run start', 'bun run gen resource']],
  ])('a README written for %s gives its commands', async (packageManager, commands) => {
    const readme = (await renderInMemory('hono', SPECS, { packageManager })).get('README.md') as string;
    for (const command of commands) expect(readme).toContain(command);
    if (packageManager === 'bun') expect(readme).not.toMatch(/bun test\b/);
    if (packageManager !== 'npm') expect(readme).not.toMatch(/`npm (run|test|start)/);
  });
});

describe('the rate-limit stores the CLI offers', () => {
  it('redis: ioredis, its store module and tests, a working REDIS_URL in .env and documented in .env.example', async () => {
    const redis = await renderInMemory('express', SPECS, { rateLimitStore: 'redis' });
    const pkg = JSON.parse(redis.get('package.json') as string) as { dependencies: Record<string, string> };
    expect(pkg.dependencies.ioredis).toBe('6.0.0');
    for (const file of ['src/store/redis-store.ts', 'test/core/redis-store.test.ts', 'test/security/two-instances.test.ts'])
      expect(redis.has(file)).toBe(true);
    expect(redis.get('.env')).toContain('REDIS_URL=redis://127.0.0.1:6379\n');
    expect(redis.get('.env.example')).toContain('REDIS_KEY_PREFIX=same-api:');
    expect(redis.get('README.md')).toContain('### Several instances');
  });

  it('memory: no Redis package, file or variable but the note that REDIS_URL is refused', () => {
    const memory = project('express');
    const pkg = JSON.parse(memory.get('package.json') as string) as { dependencies: Record<string, string> };
    expect(pkg.dependencies.ioredis).toBeUndefined();
    expect([...memory.keys()].filter((file) => /redis/i.test(file))).toEqual([]);
    expect(memory.get('.env')).not.toContain('REDIS');
    expect(memory.get('README.md')).toContain('### One instance');
  });
});

const QUERY_PARSER = ['src/core/query-string.ts', 'test/core/query-string.test.ts'];

describe('the three frameworks, same answers', () => {
  it('differ only in src/http/, package.json, the README, the framework recorded in secure-api.json and its Renovate group', () => {
    const [express, ...others] = ['express', 'hono', 'fastify'].map(project) as Map<string, string>[];
    for (const other of others) {
      const files = outsideHttp(other);
      expect(files).toEqual(outsideHttp(express as Map<string, string>).filter((file) => other.has(file)));
      const differing = files.filter((file) => express?.get(file) !== other.get(file));
      expect(differing.sort()).toEqual(['README.md', 'package.json', 'renovate.json', 'secure-api.json']);
    }
  });

  it('ship the query-string parser only where the adapter uses it (Express and Hono; Fastify has its own)', () => {
    for (const file of QUERY_PARSER) {
      expect(project('express').has(file)).toBe(true);
      expect(project('hono').has(file)).toBe(true);
      expect(project('fastify').has(file)).toBe(false);
    }
  });
});

describe.each(['api-key', 'jwt+api-key'])('an --auth %s project, rendered in memory', (auth) => {
  let files: Map<string, string>;
  beforeAll(async () => {
    files = await renderInMemory('fastify', SPECS, { auth, projectName: '@acme/Billing-API.v2' });
  });
  const read = (file: string) => files.get(file) as string;
  const standalone = auth === 'api-key';

  it('records the key prefix, derived from the project name, in secure-api.json', () => {
    const settings = JSON.parse(read('secure-api.json')) as Record<string, unknown>;
    expect(settings.apiKeyPrefix).toBe('billingapi');
    expect(read('src/auth/api-key/prefix.ts')).toContain("export const API_KEY_PREFIX = 'billingapi';");
    expect(read('.gitleaks.toml')).toContain("regex = '''\\bbillingapi_[0-9A-Za-z]{61}\\b'''");
  });

  it('composes the API-key module, with JWT only in jwt+api-key', () => {
    const modules = read('src/modules.ts');
    expect(modules).toContain(
      standalone ? 'export const authModules = [apiKeyAuth] as const;' : 'export const authModules = [jwtAuth, apiKeyAuth] as const;',
    );
    expect(read('src/services.ts')).toContain(
      standalone ? 'authenticators: [apiKey.authenticator],' : 'authenticators: [jwt.authenticator, apiKey.authenticator],',
    );
    expect([...files.keys()].some((file) => file.startsWith('src/auth/jwt/'))).toBe(!standalone);
  });

  it('ships the key routes and tests of its style, and no password code without JWT', () => {
    const pkg = JSON.parse(read('package.json')) as { dependencies: Record<string, string>; scripts: Record<string, string> };
    expect('@node-rs/argon2' in pkg.dependencies).toBe(!standalone);
    expect('keys' in pkg.scripts).toBe(standalone);
    expect(files.has('src/cli/keys.ts')).toBe(standalone);
    expect(files.has('test/security/keys-cli.test.ts')).toBe(standalone);
    expect(files.has('test/security/api-key-management.test.ts')).toBe(!standalone);
    for (const file of [
      'test/security/api-keys.test.ts',
      'test/security/secret-scan.test.ts',
      'test/core/api-key-format.test.ts',
      'test/helpers/api-keys.ts',
    ]) {
      expect(files.has(file), file).toBe(true);
    }
    const operations = read('src/auth/api-key/operations.ts');
    expect(operations.includes("'/v1/api-keys/current'")).toBe(standalone);
    expect(operations.includes("'/v1/api-keys/{id}/rotate'")).toBe(!standalone);
  });

  it('documents the keys of its style, with no text of the other', () => {
    const readme = read('README.md');
    expect(readme).toContain('SEC-K1');
    expect(readme).toContain('billingapi_<id><secret><checksum>');
    expect(readme.includes('npm run keys -- create')).toBe(standalone);
    expect(readme.includes('POST /v1/api-keys/:id/rotate')).toBe(!standalone);
    expect(readme.includes('POST /auth/login')).toBe(!standalone);
    for (const file of ['.env.example', 'README.md']) {
      expect(read(file), file).toContain('API_KEY_MAX_GRACE');
      expect(read(file).includes('JWT_SECRET'), file).toBe(!standalone);
    }
  });

  it('takes the prefix back from --config', async () => {
    const replayed = await renderInMemory('fastify', SPECS, { auth, apiKeyPrefix: 'kept1' });
    expect(replayed.get('src/auth/api-key/prefix.ts')).toContain("'kept1'");
    expect(JSON.parse(replayed.get('secure-api.json') as string).apiKeyPrefix).toBe('kept1');
  });
});
