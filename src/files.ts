import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';

async function pathExists(file: string): Promise<boolean> {
  return fs.access(file).then(
    () => true,
    () => false,
  );
}

/**
 * Moves a file or folder, across file systems too. fs-extra is loaded only when a
 * backup is made (--force over existing files), so a plain scaffold does not pay for it.
 */
async function move(from: string, to: string): Promise<void> {
  const { default: fse } = await import('fs-extra');
  await fse.move(from, to);
}

/** Entries of a folder that do not make it "non-empty": a fresh clone's .git. */
const IGNORED_ENTRIES = new Set(['.git']);

export interface TargetState {
  exists: boolean;
  isDirectory: boolean;
  /** Entries that make the target non-empty. */
  entries: string[];
}

export async function inspectTarget(target: string): Promise<TargetState> {
  try {
    const stat = await fs.stat(target);
    if (!stat.isDirectory()) return { exists: true, isDirectory: false, entries: [] };
    const entries = (await fs.readdir(target)).filter((e) => !IGNORED_ENTRIES.has(e));
    return { exists: true, isDirectory: true, entries };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { exists: false, isDirectory: false, entries: [] };
    throw error;
  }
}

async function nearestExistingDir(dir: string): Promise<string> {
  let current = dir;
  for (;;) {
    if (await pathExists(current)) return current;
    const parent = path.dirname(current);
    if (parent === current) return current;
    current = parent;
  }
}

async function listFiles(root: string, rel = ''): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await fs.readdir(path.join(root, rel), { withFileTypes: true })) {
    const child = rel ? path.join(rel, entry.name) : entry.name;
    if (entry.isDirectory()) out.push(...(await listFiles(root, child)));
    else out.push(child);
  }
  return out.sort();
}

/** Existing paths in `target` that writing `files` would overwrite or block. */
export async function findClashes(target: string, files: readonly string[]): Promise<string[]> {
  const clashes = new Set<string>();
  for (const file of files) {
    const parts = file.split(/[\\/]/);
    for (let i = 1; i <= parts.length; i += 1) {
      const rel = parts.slice(0, i).join(path.sep);
      let stat;
      try {
        stat = await fs.lstat(path.join(target, rel));
      } catch {
        break;
      }
      if (i === parts.length || !stat.isDirectory()) {
        clashes.add(rel);
        break;
      }
    }
  }
  return [...clashes].sort();
}

export interface Staging {
  dir: string;
  /** Removes the staging folder; safe to call twice, and synchronous so it can run on exit. */
  discard(): void;
}

/** A staging folder on the same file system as the target, so files can be renamed into place. */
export async function createStaging(target: string): Promise<Staging> {
  const base = await nearestExistingDir(path.dirname(target));
  const dir = path.join(base, `.secure-api-staging-${randomBytes(6).toString('hex')}`);
  await fs.mkdir(dir);
  let discarded = false;
  return {
    dir,
    discard() {
      if (discarded) return;
      discarded = true;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface CommitResult {
  files: string[];
  backupDir?: string;
  backedUp: string[];
}

export function backupDirName(now = new Date()): string {
  return `.secure-api-backup-${now.toISOString().replace(/[:.]/g, '-')}`;
}

/**
 * Moves every staged file into `target`. Existing files it would overwrite are first
 * moved into a backup folder inside the target. On any failure, everything moved is put
 * back, so the target is left as it was.
 */
export async function commitStaging(stagingDir: string, target: string): Promise<CommitResult> {
  const files = await listFiles(stagingDir);
  const state = await inspectTarget(target);
  if (!state.exists) {
    await fs.mkdir(path.dirname(target), { recursive: true });
    await fs.rename(stagingDir, target);
    return { files, backedUp: [] };
  }
  const clashes = await findClashes(target, files);
  const backupDir = clashes.length > 0 ? path.join(target, backupDirName()) : undefined;
  const backedUp: string[] = [];
  const moved: string[] = [];
  const createdDirs: string[] = [];
  try {
    for (const rel of clashes) {
      await move(path.join(target, rel), path.join(backupDir as string, rel));
      backedUp.push(rel);
    }
    for (const rel of files) {
      const dest = path.join(target, rel);
      let dir = path.dirname(dest);
      const missing: string[] = [];
      while (dir.startsWith(target) && dir !== target && !(await pathExists(dir))) {
        missing.unshift(dir);
        dir = path.dirname(dir);
      }
      for (const d of missing) {
        await fs.mkdir(d);
        createdDirs.push(d);
      }
      await fs.rename(path.join(stagingDir, rel), dest);
      moved.push(rel);
    }
  } catch (error) {
    for (const rel of moved.reverse()) await fs.rename(path.join(target, rel), path.join(stagingDir, rel)).catch(() => {});
    for (const d of createdDirs.reverse()) await fs.rmdir(d).catch(() => {});
    for (const rel of backedUp.reverse()) {
      await move(path.join(backupDir as string, rel), path.join(target, rel)).catch(() => {});
    }
    if (backupDir && (await listFiles(backupDir).catch(() => ['?'])).length === 0) await fs.rm(backupDir, { recursive: true, force: true }).catch(() => {});
    throw error;
  }
  return backupDir ? { files, backupDir, backedUp } : { files, backedUp };
}
