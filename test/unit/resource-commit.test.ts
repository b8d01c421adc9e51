import fs from 'fs-extra';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { IMPORT_MARKER, LIST_MARKER, REGISTRY_FILE, SETTINGS_FILE, writeResource } from '../../generators/index.js';
import { snapshotTree } from '../helpers/cli.js';

async function project(): Promise<string> {
  const root = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), 'csa-commit-')));
  await fs.outputFile(path.join(root, REGISTRY_FILE), `${IMPORT_MARKER}\nexport const resources = [\n  ${LIST_MARKER}\n];\n`);
  await fs.outputFile(path.join(root, SETTINGS_FILE), '{\n  "resources": []\n}\n');
  await fs.outputFile(path.join(root, 'src/resources/notes/index.ts'), 'export {};\n');
  return root;
}

function plan(second: unknown) {
  return {
    files: [
      { target: 'src/resources/tags/schema.ts', content: 'export {};\n' },
      { target: 'src/resources/tags/deep/index.ts', content: second },
      { target: 'test/resources/tags.test.ts', content: 'export {};\n' },
    ],
    registry: { path: REGISTRY_FILE, before: '', after: 'changed\n' },
    settings: { path: SETTINGS_FILE, before: '', after: '{"resources":["tags:label:string"]}\n' },
  };
}

describe('adding a resource is all or nothing', () => {
  it('writes every file, the registry and the settings when nothing fails', async () => {
    const root = await project();
    const before = await snapshotTree(root);
    const good = plan('export {};\n');
    good.registry.before = before[REGISTRY_FILE] as string;
    good.settings.before = before[SETTINGS_FILE] as string;
    await writeResource(root, good);
    const after = await snapshotTree(root);
    expect(after[REGISTRY_FILE]).toBe('changed\n');
    expect(Object.keys(after)).toEqual(expect.arrayContaining(['src/resources/tags/deep/index.ts', 'test/resources/tags.test.ts']));
  });

  it('leaves the project exactly as it was when a write fails half-way', async () => {
    const root = await project();
    const before = await snapshotTree(root);
    const failing = plan({ not: 'writable content' });
    failing.registry.before = before[REGISTRY_FILE] as string;
    failing.settings.before = before[SETTINGS_FILE] as string;
    await expect(writeResource(root, failing)).rejects.toThrow();
    expect(await snapshotTree(root)).toEqual(before);
    expect(await fs.pathExists(path.join(root, 'src/resources/tags'))).toBe(false);
    expect(await fs.pathExists(path.join(root, 'test'))).toBe(false);
  });
});
