import fs from 'node:fs/promises';

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

/**
 * Why files cannot go into `target`, or undefined when they can: a file stands there, or a
 * non-empty folder (unless `force`, where clashing files are backed up).
 */
export async function targetProblem(target: string, force: boolean): Promise<{ message: string; hint?: string } | undefined> {
  const state = await inspectTarget(target);
  if (state.exists && !state.isDirectory) return { message: `${target} exists and is not a directory.` };
  if (state.entries.length === 0 || force) return undefined;
  const shown = state.entries.slice(0, 5).join(', ') + (state.entries.length > 5 ? ', ...' : '');
  return {
    message: `${target} is not empty (${state.entries.length} entr${state.entries.length === 1 ? 'y' : 'ies'}: ${shown}).`,
    hint: 'Choose an empty or new directory, or pass --force: files that would be overwritten are first moved into a .secure-api-backup-<time> folder inside it.',
  };
}

/** The folder, inside the target, that files a --force run replaces are moved into. */
export function backupDirName(now = new Date()): string {
  return `.secure-api-backup-${now.toISOString().replace(/[:.]/g, '-')}`;
}
