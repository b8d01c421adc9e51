import fs from 'fs-extra';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileTree } from '../../generators/tree.js';
import { snapshotTree } from '../helpers/cli.js';

/** A small project on disk: a registry, settings, one resource. */
async function project(): Promise<string> {
  const root = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), 'csa-tree-')));
  await fs.outputFile(path.join(root, 'src/resources/index.ts'), 'export const resources = [];\n');
  await fs.outputFile(path.join(root, 'secure-api.json'), '{\n  "resources": []\n}\n');
  await fs.outputFile(path.join(root, 'src/resources/notes/index.ts'), 'export {};\n');
  return root;
}

/** Two new files, a modified registry, and a third file whose folder is blocked when `blocked` exists. */
function changes(root: string): FileTree {
  const tree = new FileTree(root);
  tree.create('src/resources/tags/schema.ts', 'export const a = 1;\n');
  tree.create('test/resources/tags.test.ts', 'export {};\n');
  tree.overwrite('src/resources/index.ts', 'export const resources = [tags];\n');
  tree.create('blocked/deep/index.ts', 'export {};\n');
  return tree;
}

describe('FileTree: changes in memory, committed all or nothing', () => {
  it('writes nothing until commit, then every file and modification', async () => {
    const root = await project();
    const before = await snapshotTree(root);
    const tree = changes(root);
    expect(await snapshotTree(root)).toEqual(before);
    expect(tree.read('src/resources/index.ts')).toBe('export const resources = [tags];\n');
    expect(tree.changes().map((change) => `${change.action} ${change.path}`)).toEqual([
      'create blocked/deep/index.ts',
      'modify src/resources/index.ts',
      'create src/resources/tags/schema.ts',
      'create test/resources/tags.test.ts',
    ]);
    await tree.commit();
    const after = await snapshotTree(root);
    expect(after['src/resources/index.ts']).toBe('export const resources = [tags];\n');
    expect(after['blocked/deep/index.ts']).toBe('export {};\n');
  });

  it('leaves the tree exactly as it was when a write fails half-way (a file stands where a folder goes)', async () => {
    const root = await project();
    await fs.outputFile(path.join(root, 'blocked'), 'a file, not a folder\n');
    const before = await snapshotTree(root);
    const tree = new FileTree(root, { onDisk: 'ignore' });
    tree.create('src/resources/tags/schema.ts', 'export const a = 1;\n');
    tree.overwrite('src/resources/index.ts', 'changed\n');
    tree.create('blocked/deep/index.ts', 'export {};\n');
    tree.create('test/resources/tags.test.ts', 'export {};\n');
    await expect(tree.commit()).rejects.toThrow('File already exists: blocked');
    expect(await snapshotTree(root)).toEqual(before);
  });

  it('undoes the files already written when the disk refuses one mid-commit', async () => {
    const root = await project();
    const before = await snapshotTree(root);
    const tree = new FileTree(root);
    tree.create('src/resources/tags/schema.ts', 'export const a = 1;\n');
    tree.create('src/resources/tags/migration.ts', 'export {};\n');
    tree.overwrite('src/resources/index.ts', 'changed\n');
    // a name longer than any file system accepts: the third write fails after two succeeded
    tree.create(`src/resources/tags/${'x'.repeat(300)}.ts`, 'export {};\n');
    await expect(tree.commit()).rejects.toThrow(/ENAMETOOLONG/);
    expect(await snapshotTree(root)).toEqual(before);
    expect(await fs.pathExists(path.join(root, 'src/resources/tags'))).toBe(false);
  });

  it('moves clashing files into the backup folder when given one, and puts them back on failure', async () => {
    const root = await project();
    const tree = new FileTree(root, { onDisk: 'ignore' });
    tree.create('src/resources/notes/index.ts', 'export const replaced = true;\n');
    const { backedUp } = await tree.commit({ backupDir: '.backup' });
    expect(backedUp).toEqual(['src/resources/notes/index.ts']);
    expect(await fs.readFile(path.join(root, '.backup/src/resources/notes/index.ts'), 'utf8')).toBe('export {};\n');

    const again = await project();
    const before = await snapshotTree(again);
    const failing = new FileTree(again, { onDisk: 'ignore' });
    failing.create('src/resources/notes/index.ts', 'replaced\n');
    failing.create(`${'y'.repeat(300)}.ts`, 'x\n');
    await expect(failing.commit({ backupDir: '.backup' })).rejects.toThrow(/ENAMETOOLONG/);
    expect(await snapshotTree(again)).toEqual(before);
  });

  it('writes a private file readable by its owner only, and makes the backup of the file it replaces private too', async () => {
    const root = await project();
    await fs.outputFile(path.join(root, '.env'), 'OLD_SECRET=kept\n', { mode: 0o644 });
    await fs.chmod(path.join(root, '.env'), 0o644);
    const tree = new FileTree(root, { onDisk: 'ignore' });
    tree.create('.env', 'NEW_SECRET=fresh\n', { mode: 0o600 });
    tree.create('.env.example', 'NEW_SECRET=\n');
    await tree.commit({ backupDir: '.backup' });
    const modeOf = async (rel: string) => (await fs.stat(path.join(root, rel))).mode & 0o777;
    expect(await modeOf('.env')).toBe(0o600);
    expect(await fs.readFile(path.join(root, '.env'), 'utf8')).toBe('NEW_SECRET=fresh\n');
    expect(await modeOf('.backup/.env')).toBe(0o600);
    expect(await fs.readFile(path.join(root, '.backup/.env'), 'utf8')).toBe('OLD_SECRET=kept\n');
    expect((await modeOf('.env.example')) & 0o044).not.toBe(0);

    const again = await project();
    await fs.outputFile(path.join(again, '.env'), 'OLD_SECRET=kept\n');
    await fs.chmod(path.join(again, '.env'), 0o640);
    const failing = new FileTree(again, { onDisk: 'ignore' });
    failing.create('.env', 'NEW_SECRET=fresh\n', { mode: 0o600 });
    failing.create(`${'y'.repeat(300)}.ts`, 'x\n');
    await expect(failing.commit({ backupDir: '.backup' })).rejects.toThrow(/ENAMETOOLONG/);
    expect((await fs.stat(path.join(again, '.env'))).mode & 0o777).toBe(0o640);
  });

  it('writes nothing when cancelled before the commit', async () => {
    const root = await project();
    const before = await snapshotTree(root);
    const tree = new FileTree(root);
    tree.create('a.ts', 'a\n');
    tree.create('b.ts', 'b\n');
    const cancel = new AbortController();
    cancel.abort();
    await expect(tree.commit({ signal: cancel.signal })).rejects.toThrow('cancelled');
    expect(await snapshotTree(root)).toEqual(before);
  });

  it('refuses a modified file that changed on disk since it was read, and paths outside the root', async () => {
    const root = await project();
    const tree = new FileTree(root);
    tree.overwrite('secure-api.json', '{}\n');
    await fs.writeFile(path.join(root, 'secure-api.json'), 'edited meanwhile\n');
    await expect(tree.commit()).rejects.toThrow('secure-api.json changed while the change was being prepared');
    expect(() => tree.create('../escape.ts', 'x')).toThrow('refusing to write outside the project');
  });
});
