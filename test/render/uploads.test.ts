import { beforeAll, describe, expect, it } from 'vitest';
import { FRAMEWORKS } from '../../src/options.js';
import { renderInMemory } from '../helpers/render.js';

// `--uploads`: the uploads feature module, rendered in memory.

const FRAMEWORK_NAMES = FRAMEWORKS.map((framework) => framework.value);
const SPECS = ['notes:title:string'];

const withUploads = new Map<string, Map<string, string>>();
let without: Map<string, string>;

beforeAll(async () => {
  for (const framework of FRAMEWORK_NAMES) withUploads.set(framework, await renderInMemory(framework, SPECS, { uploads: true }));
  without = await renderInMemory('fastify', SPECS);
});

const project = (framework: string) => withUploads.get(framework) as Map<string, string>;
const file = (files: Map<string, string>, name: string) => files.get(name) as string;
const packageJson = (files: Map<string, string>) =>
  JSON.parse(file(files, 'package.json')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };

describe.each(FRAMEWORK_NAMES)('a %s project with uploads', (framework) => {
  it('has the uploads module, its tests, and the same files whatever the framework', () => {
    const files = [...project(framework).keys()];
    expect(files.filter((name) => name.startsWith('src/uploads/')).sort()).toEqual([
      'src/uploads/clamd.ts',
      'src/uploads/config.ts',
      'src/uploads/display-name.ts',
      'src/uploads/file-store.ts',
      'src/uploads/file-types.ts',
      'src/uploads/migrations.ts',
      'src/uploads/module.ts',
      'src/uploads/operations.ts',
      'src/uploads/receive.ts',
      'src/uploads/repository.ts',
      'src/uploads/service.ts',
    ]);
    expect(files.filter((name) => name.startsWith('test/uploads/')).sort()).toEqual([
      'test/uploads/scanning.test.ts',
      'test/uploads/upload-config.test.ts',
      'test/uploads/upload-memory.test.ts',
      'test/uploads/upload-scopes.test.ts',
      'test/uploads/uploads.test.ts',
    ]);
    for (const name of files.filter((entry) => entry.startsWith('src/uploads/') || entry.startsWith('test/uploads/'))) {
      expect(file(project(framework), name), name).toBe(file(project('fastify'), name));
      expect(file(project(framework), name), name).not.toMatch(/from '(fastify|express|hono)/);
    }
  });

  it('composes the module in modules.ts, config.ts, services.ts and the test environment', () => {
    const files = project(framework);
    expect(file(files, 'src/modules.ts')).toContain('export const featureModules = [uploadsFeature] as const;');
    expect(file(files, 'src/config.ts')).toContain('uploads: uploadsFeature.config');
    expect(file(files, 'src/services.ts')).toContain(
      'const uploads = featureModules[0].create({ db, settings: config.modules.uploads, logger });',
    );
    expect(file(files, 'src/services.ts')).toMatch(/type ModuleServices = .*UploadServices/);
    expect(file(files, 'test/helpers/env.ts')).toContain('...uploadsTestEnv(),');
  });

  it('depends on @fastify/busboy only, pinned', () => {
    expect(packageJson(project(framework)).dependencies['@fastify/busboy']).toBe('3.2.6');
    expect(Object.keys(packageJson(project(framework)).dependencies)).not.toContain('file-type');
  });

  it('documents the routes, the variables and SEC-U1 in the README and .env.example', () => {
    const readme = file(project(framework), 'README.md');
    for (const text of [
      '`POST /v1/uploads`',
      '`GET /v1/uploads/:id/content`',
      '`UPLOAD_MAX_BYTES`',
      '`CLAMAV_URL`',
      '| SEC-U1 |',
      'src/uploads/',
    ]) {
      expect(readme).toContain(text);
    }
    const example = file(project(framework), '.env.example');
    for (const variable of [
      'UPLOAD_MAX_BYTES=5mb',
      'UPLOAD_DIR=./data/uploads',
      'UPLOAD_ALLOWED_TYPES=png,jpeg,webp,pdf',
      'CLAMAV_URL=',
      'CLAMAV_TIMEOUT=10s',
    ]) {
      expect(example).toContain(variable);
    }
  });

  it('records the answer in secure-api.json', () => {
    expect(JSON.parse(file(project(framework), 'secure-api.json')).uploads).toBe(true);
  });
});

describe('a project without uploads', () => {
  it('has nothing of the uploads module', () => {
    const files = [...without.keys()];
    expect(files.filter((name) => name.includes('uploads'))).toEqual([]);
    expect(packageJson(without).dependencies['@fastify/busboy']).toBeUndefined();
    expect(file(without, 'src/modules.ts')).toContain('export const featureModules = [] as const;');
    expect(file(without, 'README.md')).not.toMatch(/UPLOAD_|CLAMAV_|SEC-U1/);
    expect(file(without, '.env.example')).not.toMatch(/UPLOAD_|CLAMAV_/);
    expect(file(without, 'src/services.ts')).not.toContain('featureModules[');
    expect(JSON.parse(file(without, 'secure-api.json')).uploads).toBe(false);
  });
});
